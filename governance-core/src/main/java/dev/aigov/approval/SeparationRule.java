package dev.aigov.approval;

/** The rules that can refuse an approver's action; {@link #id()} is what refusal messages and events name. */
public enum SeparationRule {
    /** The request is no longer pending. */
    REQUEST_CLOSED("request-closed"),
    /** The approver is the agent identity, an identity in {@code approval.agents}, or a {@code [bot]} account. */
    AGENT_IDENTITY("agent-identity"),
    /** The approver started the build. */
    BUILD_TRIGGER("build-trigger"),
    /** The approver authored, committed or co-authored an AI-attributed commit under review. */
    COMMIT_PARTICIPANT("commit-participant"),
    /** The approver is in none of the allowed groups. */
    ALLOWED_GROUP("allowed-group"),
    /** An architectural review from someone outside the architects group. */
    ARCHITECT_GROUP("architect-group"),
    /** The approver has already approved this request: one person counts once. */
    DUPLICATE_APPROVAL("duplicate-approval"),
    /** The approver looks like an excluded identity (a mixed-script look-alike) without being it. */
    AMBIGUOUS_IDENTITY("ambiguous-identity");

    private final String id;

    SeparationRule(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
