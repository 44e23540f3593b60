package dev.aigov.approval;

import dev.aigov.credentials.ApprovalGuard;
import dev.aigov.credentials.IdentityRequest;
import dev.aigov.policy.IdentityRole;

/**
 * Lets the broker issue a {@code requiresApproval} role only to the run whose gate request is approved: the same job
 * and build, status {@code APPROVED}. A request for another run, pending or rejected, never unlocks a deploy identity.
 */
public record RequestApprovalGuard(ApprovalRequest request) implements ApprovalGuard {

    @Override
    public boolean approved(IdentityRequest identity, IdentityRole role) {
        return request != null
                && request.status() == ApprovalStatus.APPROVED
                && request.computedId().equals(request.id())
                && request.build().job().equals(identity.build().job())
                && request.build().number().equals(identity.build().number());
    }
}
