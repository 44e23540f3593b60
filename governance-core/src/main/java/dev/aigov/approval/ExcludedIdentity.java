package dev.aigov.approval;

/**
 * An identity that may not approve.
 *
 * @param identity a user id, e-mail or name as recorded
 * @param role     {@code author}, {@code committer}, {@code co-author}, {@code agent} or {@code build-trigger}
 * @param commit   the AI-attributed commit it is tied to, or empty
 */
public record ExcludedIdentity(String identity, String role, String commit) {
    public ExcludedIdentity {
        commit = commit == null ? "" : commit;
    }

    SeparationRule rule() {
        return switch (role) {
            case "agent" -> SeparationRule.AGENT_IDENTITY;
            case "build-trigger" -> SeparationRule.BUILD_TRIGGER;
            default -> SeparationRule.COMMIT_PARTICIPANT;
        };
    }
}
