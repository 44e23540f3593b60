package dev.aigov.approval;

import java.nio.file.Path;
import java.util.List;

/**
 * One approver in a JVM of its own, for {@link ApprovalRequestsTest}: file locks are per process, so only separate
 * processes show whether {@link ApprovalRequests#update} serialises them. Arguments: request file, approver name.
 */
public final class ApproveInOwnProcess {
    private ApproveInOwnProcess() {
    }

    public static void main(String[] args) throws Exception {
        ApprovalRequests.update(Path.of(args[0]), r -> r.approve(new Approver(args[1], List.of()), false, ApprovalRequestTest.T0));
    }
}
