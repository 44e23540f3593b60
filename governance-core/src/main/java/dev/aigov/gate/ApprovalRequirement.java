package dev.aigov.gate;

import java.util.List;

/**
 * What approval a decision needs.
 *
 * @param required            distinct human approvals
 * @param groups              an approver must be in one of these (empty for anyone allowed)
 * @param architecturalReview one approval must be an architectural review
 */
public record ApprovalRequirement(int required, List<String> groups, boolean architecturalReview) {
    public ApprovalRequirement {
        groups = List.copyOf(groups);
    }

    public static ApprovalRequirement none() {
        return new ApprovalRequirement(0, List.of(), false);
    }
}
