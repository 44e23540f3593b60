package dev.aigov.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * @param architectsGroup the group whose members may give an architectural review
 * @param aliases         e-mail (lower case) to user id, so a commit e-mail matches a CI login
 * @param agents          identities of AI agents and bot accounts that may never approve
 * @param allowedSigners  the OpenSSH allowed-signers file that verifies the CLI's signed approvals, relative to the
 *                        policy file; empty when the policy names none (then no CLI approval can count)
 * @param groups          group name to its members (principals as in the allowed-signers file): the only source of
 *                        the CLI approvers' groups
 */
public record ApprovalSettings(String architectsGroup, Map<String, String> aliases, List<String> agents,
                               String allowedSigners, Map<String, List<String>> groups) {
    public ApprovalSettings {
        aliases = Map.copyOf(aliases);
        agents = List.copyOf(agents);
        allowedSigners = allowedSigners == null ? "" : allowedSigners;
        Map<String, List<String>> copy = new LinkedHashMap<>();
        (groups == null ? Map.<String, List<String>>of() : groups).forEach((k, v) -> copy.put(k, List.copyOf(v)));
        groups = Collections.unmodifiableMap(copy);
    }

    public ApprovalSettings(String architectsGroup, Map<String, String> aliases, List<String> agents) {
        this(architectsGroup, aliases, agents, "", Map.of());
    }
}
