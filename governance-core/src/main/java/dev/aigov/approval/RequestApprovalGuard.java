package dev.aigov.approval;

import dev.aigov.credentials.ApprovalGuard;
import dev.aigov.credentials.IdentityRequest;
import dev.aigov.policy.IdentityRole;

/**
 * Lets the broker issue a {@code requiresApproval} role only to the run whose gate request is approved: the same job
 * and build, status {@code APPROVED}. A request for another run, pending or rejected, never unlocks a deploy identity.
 * It trusts the request's own events: use it only for a request held where the change cannot write (the Jenkins
 * controller, whose approvers are authenticated users). A request file from a work tree is only a carrier; the CLI
 * counts its approvals with {@link SignedApprovals} over the recomputed decision instead.
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
