package dev.aigov.evidence;

import java.util.List;

/**
 * Framework control ids that each kind of evidence and approval evidences, kept in one place so that reasons, check
 * summaries and ledger events name the same ones. Ids: OWASP Top 10 for Agentic Applications ({@code ASInn}), NIST AI
 * RMF 1.0 subcategories, NIST CSF 2.0 subcategories, NIST SSDF (SP 800-218) practices.
 */
public final class Controls {
    /** Tests exercise the changed code: SSDF PW.8 (test executable code), AI RMF MEASURE 2.3 (performance measured). */
    public static final List<String> COVERAGE = List.of("NIST-SSDF-PW.8", "NIST-AI-RMF-MEASURE-2.3");
    /** Code reviewed by analysis: SSDF PW.7 (review code for vulnerabilities), AI RMF MEASURE 2.7 (security evaluated). */
    public static final List<String> STATIC_ANALYSIS = List.of("NIST-SSDF-PW.7", "NIST-AI-RMF-MEASURE-2.7");
    /** Third-party components: SSDF PW.4 (reuse well-secured software), CSF ID.RA-01, OWASP ASI04 (agentic supply chain). */
    public static final List<String> DEPENDENCIES = List.of("NIST-SSDF-PW.4", "NIST-CSF-ID.RA-01", "OWASP-ASI04");
    /** Credentials kept out of code: OWASP ASI03 (identity and privilege abuse), CSF PR.AA-01 (credentials managed). */
    public static final List<String> SECRETS = List.of("OWASP-ASI03", "NIST-CSF-PR.AA-01", "NIST-SSDF-PW.7");
    /** Evidence bound to the commit under review: SSDF PO.4 (criteria for security checks), CSF PR.PS-06. */
    public static final List<String> EVIDENCE_INTEGRITY = List.of("NIST-SSDF-PO.4", "NIST-CSF-PR.PS-06");
    /** Human approval with separation of duties: CSF PR.AA-05, AI RMF GOVERN 3.2 (human oversight), OWASP ASI03. */
    public static final List<String> APPROVAL = List.of("NIST-CSF-PR.AA-05", "NIST-AI-RMF-GOVERN-3.2", "OWASP-ASI03");

    private Controls() {
    }
}
