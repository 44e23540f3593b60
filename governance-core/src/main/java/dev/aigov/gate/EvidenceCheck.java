package dev.aigov.gate;

/**
 * The seam where evidence (coverage, static analysis, dependency scan, secret scan) joins the gate. The gate calls
 * it only when the change has AI-attributed commits; its failures make the decision {@code FAIL}.
 */
@FunctionalInterface
public interface EvidenceCheck {
    /** No evidence is consulted. */
    EvidenceCheck NONE = change -> EvidenceOutcome.none();

    EvidenceOutcome check(ReviewedChange change) throws EvidenceUnreadableException;
}
