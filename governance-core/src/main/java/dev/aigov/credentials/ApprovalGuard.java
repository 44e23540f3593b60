package dev.aigov.credentials;

import dev.aigov.policy.IdentityRole;

/**
 * Asked before a role with {@code requiresApproval} is issued: does this run hold the approvals its gate decision
 * required? The broker never decides that itself, and without a guard it refuses ({@link #DENY_ALL}).
 */
@FunctionalInterface
public interface ApprovalGuard {
    ApprovalGuard DENY_ALL = (request, role) -> false;

    boolean approved(IdentityRequest request, IdentityRole role);
}
