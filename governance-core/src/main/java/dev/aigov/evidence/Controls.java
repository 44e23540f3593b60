package dev.aigov.evidence;

import java.util.List;

import static dev.aigov.gate.Controls.ASI_PRIVILEGE;
import static dev.aigov.gate.Controls.ASI_SUPPLY_CHAIN;
import static dev.aigov.gate.Controls.SSDF_CODE_REVIEW;
import static dev.aigov.gate.Controls.SSDF_COMPONENTS;

/**
 * Framework control ids that each kind of evidence evidences, kept in one place so that reasons and check summaries
 * name the same ones (ids shared with gate decisions come from {@link dev.aigov.gate.Controls}). Ids: OWASP Top 10 for
 * Agentic Applications ({@code ASInn}), NIST AI RMF 1.0 subcategories, NIST CSF 2.0 subcategories, NIST SSDF (SP
 * 800-218) practices.
 */
public final class Controls {
    /** Tests exercise the changed code: SSDF PW.8 (test executable code), AI RMF MEASURE 2.3 (performance measured). */
    public static final List<String> COVERAGE = List.of("NIST-SSDF-PW.8", "NIST-AI-RMF-MEASURE-2.3");
    /** Code reviewed by analysis: SSDF PW.7 (review code for vulnerabilities), AI RMF MEASURE 2.7 (security evaluated). */
    public static final List<String> STATIC_ANALYSIS = List.of(SSDF_CODE_REVIEW, "NIST-AI-RMF-MEASURE-2.7");
    /** Third-party components: SSDF PW.4 (reuse well-secured software), CSF ID.RA-01, OWASP ASI04 (agentic supply chain). */
    public static final List<String> DEPENDENCIES = List.of(SSDF_COMPONENTS, "NIST-CSF-ID.RA-01", ASI_SUPPLY_CHAIN);
    /** Credentials kept out of code: OWASP ASI03 (identity and privilege abuse), CSF PR.AA-01 (credentials managed). */
    public static final List<String> SECRETS = List.of(ASI_PRIVILEGE, "NIST-CSF-PR.AA-01", SSDF_CODE_REVIEW);
    /** Evidence bound to the commit under review: SSDF PO.4 (criteria for security checks), CSF PR.PS-06. */
    public static final List<String> EVIDENCE_INTEGRITY = List.of("NIST-SSDF-PO.4", "NIST-CSF-PR.PS-06");
    private Controls() {
    }
}
