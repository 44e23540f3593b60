package dev.aigov.policy;

import java.util.List;
import java.util.Map;

/**
 * @param architectsGroup the group whose members may give an architectural review
 * @param aliases         e-mail (lower case) to user id, so a commit e-mail matches a CI login
 * @param agents          identities of AI agents and bot accounts that may never approve
 */
public record ApprovalSettings(String architectsGroup, Map<String, String> aliases, List<String> agents) {
    public ApprovalSettings {
        aliases = Map.copyOf(aliases);
        agents = List.copyOf(agents);
    }
}
