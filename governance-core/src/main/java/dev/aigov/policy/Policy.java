package dev.aigov.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated governance policy (design §5). Obtained only from {@link PolicyLoader}, which fills every section
 * the file leaves out with the built-in default.
 *
 * @param version     the format version (1)
 * @param source      where it came from: a file path, or {@code <built-in>}
 * @param attribution additions to the built-in AI-marker catalogue
 * @param categories  category id to path globs, in declaration order
 * @param rules       rules in order; every matching rule contributes its requirement
 * @param evidence    which evidence is required for AI-attributed changes
 * @param identities  role name to identity definition
 * @param limits      caps that no role may exceed
 * @param approval    who may approve and how identities are matched
 * @param ledger      which sealing keys {@code aigov verify} trusts
 */
public record Policy(int version, String source, AttributionAdditions attribution, Map<String, List<String>> categories,
                     List<Rule> rules, EvidencePolicy evidence, Map<String, IdentityRole> identities, Limits limits,
                     ApprovalSettings approval, LedgerSettings ledger) {
    public Policy {
        ledger = ledger == null ? LedgerSettings.NONE : ledger;
        categories = Collections.unmodifiableMap(new LinkedHashMap<>(categories));
        rules = List.copyOf(rules);
        identities = Collections.unmodifiableMap(new LinkedHashMap<>(identities));
    }

    public Policy(int version, String source, AttributionAdditions attribution, Map<String, List<String>> categories,
                  List<Rule> rules, EvidencePolicy evidence, Map<String, IdentityRole> identities, Limits limits,
                  ApprovalSettings approval) {
        this(version, source, attribution, categories, rules, evidence, identities, limits, approval, LedgerSettings.NONE);
    }

    /** The role's definition, or an error naming the roles that exist. */
    public IdentityRole identity(String role) throws PolicyException {
        IdentityRole found = identities.get(role);
        if (found == null) {
            throw new PolicyException(source, 0, 0, "identities." + role,
                    "no identity role '" + role + "'; defined roles: " + identities.keySet().stream().sorted().toList());
        }
        return found;
    }
}
