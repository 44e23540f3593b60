package dev.aigov.gate;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Framework control ids that gate reasons evidence, kept in one place so auditors can map the record to the
 * frameworks they report against: OWASP Top 10 for Agentic Applications (ASI), CSA MAESTRO layers, NIST AI RMF,
 * NIST CSF 2.0 and NIST SSDF.
 */
public final class Controls {
    /** Human oversight of AI output: roles for human-AI configurations (AI RMF GOVERN 3.2). */
    public static final String AI_RMF_HUMAN_OVERSIGHT = "NIST-AI-RMF-GOVERN-3.2";
    /** Least privilege and separation of duties (CSF 2.0 PR.AA-05). */
    public static final String CSF_LEAST_PRIVILEGE = "NIST-CSF-PR.AA-05";
    /** Review code before release (SSDF PW.7). */
    public static final String SSDF_CODE_REVIEW = "NIST-SSDF-PW.7";
    /** Human-agent trust exploitation: an agent's change must not pass on trust alone. */
    public static final String ASI_HUMAN_TRUST = "OWASP-ASI09";
    /** Identity and privilege abuse by an agent. */
    public static final String ASI_PRIVILEGE = "OWASP-ASI03";
    /** Agentic supply chain. */
    public static final String ASI_SUPPLY_CHAIN = "OWASP-ASI04";
    /** MAESTRO layer 2, data operations. */
    public static final String MAESTRO_DATA = "MAESTRO-L2";
    /** MAESTRO layer 4, deployment and infrastructure. */
    public static final String MAESTRO_DEPLOYMENT = "MAESTRO-L4";
    /** Data-at-rest protection (CSF 2.0 PR.DS-01). */
    public static final String CSF_DATA_AT_REST = "NIST-CSF-PR.DS-01";
    /** Third-party components (SSDF PW.4). */
    public static final String SSDF_COMPONENTS = "NIST-SSDF-PW.4";

    private static final List<String> APPROVAL = List.of(AI_RMF_HUMAN_OVERSIGHT, CSF_LEAST_PRIVILEGE, SSDF_CODE_REVIEW, ASI_HUMAN_TRUST);
    private static final Map<String, List<String>> BY_CATEGORY = Map.of(
            "authentication", List.of(ASI_PRIVILEGE, CSF_LEAST_PRIVILEGE),
            "secrets", List.of(ASI_PRIVILEGE, CSF_DATA_AT_REST),
            "data-access", List.of(MAESTRO_DATA, CSF_DATA_AT_REST),
            "deployment", List.of(MAESTRO_DEPLOYMENT, ASI_PRIVILEGE),
            "ci-config", List.of(MAESTRO_DEPLOYMENT, ASI_PRIVILEGE),
            "dependencies", List.of(ASI_SUPPLY_CHAIN, SSDF_COMPONENTS));

    private Controls() {
    }

    /** Controls for a human-approval reason over changes in these categories. */
    public static List<String> forApproval(Iterable<String> categories) {
        Set<String> out = new LinkedHashSet<>(APPROVAL);
        for (String category : categories) {
            out.addAll(BY_CATEGORY.getOrDefault(category, List.of()));
        }
        return List.copyOf(out);
    }
}
