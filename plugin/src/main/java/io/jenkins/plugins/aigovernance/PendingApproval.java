package io.jenkins.plugins.aigovernance;

import dev.aigov.approval.ApprovalEvent;
import dev.aigov.approval.ApprovalException;
import dev.aigov.approval.ApprovalOutcome;
import dev.aigov.approval.ApprovalRequest;
import dev.aigov.approval.ApprovalRequests;
import dev.aigov.approval.ApprovalStatus;
import dev.aigov.ledger.Events;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.List;

/**
 * A gate's approval request as the build keeps it: the engine's request file in the build directory (separation
 * of duties, N distinct approvers, every refusal recorded) plus what only Jenkins knows, the timeout. Plain
 * fields, so Jenkins' XStream stores it with the build action.
 */
final class PendingApproval {
    /** Where a request stands, including the timeout the engine does not know about. */
    enum Status { PENDING, APPROVED, REJECTED, TIMED_OUT, CANCELLED }

    /** Why a reviewer's action did not count; the message is shown to that reviewer. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /**
     * The request file relative to the build directory ({@code ai-governance/approval.json}), so renaming or moving
     * the job (or {@code JENKINS_HOME}) does not strand a paused gate. Older records hold an absolute path.
     */
    private final String requestFile;
    /** The build directory, set when the build action is attached or loaded (never persisted). */
    private transient Path buildDir;
    private String deadline;
    private boolean timedOut;
    /** Closed without a decision: the build was stopped while the gate waited. */
    private boolean cancelled;
    private String cancelReason = "";

    private PendingApproval(Path requestFile, Instant deadline) {
        Path absolute = requestFile.toAbsolutePath().normalize();
        this.buildDir = absolute.getParent().getParent();
        this.requestFile = buildDir.relativize(absolute).toString();
        this.deadline = deadline == null ? "" : deadline.toString();
    }

    /** Writes the engine's request next to the build and returns the build's handle on it. */
    static PendingApproval create(Path requestFile, ApprovalRequest request, Instant deadline) throws IOException {
        java.nio.file.Files.createDirectories(requestFile.toAbsolutePath().getParent());
        ApprovalRequests.write(requestFile, request);
        return new PendingApproval(requestFile, deadline);
    }

    ApprovalRequest request() throws IOException {
        try {
            return ApprovalRequests.read(file());
        } catch (ApprovalException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Records an approval; returns whether the request is now approved. */
    synchronized boolean approve(Reviewer reviewer, boolean architectural, Instant now) throws Refused, IOException {
        checkOpen();
        ApprovalOutcome outcome = update(r -> r.approve(reviewer.approver(r), architectural, now));
        return outcome.request().status() == ApprovalStatus.APPROVED;
    }

    synchronized void reject(Reviewer reviewer, String reason, Instant now) throws Refused, IOException {
        checkOpen();
        if (reason == null || reason.isBlank()) {
            throw new Refused("say why you reject it");
        }
        update(r -> r.reject(reviewer.approver(r), reason, now));
    }

    /**
     * Closes a pending request without a decision (the build was stopped) and records it in the ledger; returns
     * whether it did. Approvals arriving afterwards are refused before anything is written.
     */
    synchronized boolean cancel(String reason) throws IOException {
        if (cancelled || timedOut || request().status() != ApprovalStatus.PENDING) {
            return false;
        }
        cancelled = true;
        cancelReason = reason == null ? "" : reason;
        ApprovalRequest request = request();
        if (!dev.aigov.ledger.Ledger.isSealed(BuildLedger.file(buildDir()))) {
            BuildLedger.append(buildDir(), request.build(), BuildLedger.ACTOR,
                    Events.approvalCancelled(request.id(), cancelReason));
        }
        return true;
    }

    /** Times the request out if its deadline has passed while it was pending; returns whether it did. */
    synchronized boolean timeOutIfDue(Instant now) throws IOException {
        if (!timedOut && !deadline.isEmpty() && !now.isBefore(Instant.parse(deadline))
                && request().status() == ApprovalStatus.PENDING) {
            timedOut = true;
            return true;
        }
        return false;
    }

    synchronized Status status() throws IOException {
        if (timedOut) {
            return Status.TIMED_OUT;
        }
        if (cancelled) {
            return Status.CANCELLED;
        }
        return Status.valueOf(request().status().name());
    }

    /** A later deadline (aiGovernanceWait's own timeout) for a request still pending. */
    synchronized void extendDeadline(Instant newDeadline) {
        if (!timedOut && !cancelled) {
            deadline = newDeadline.toString();
        }
    }

    synchronized String deadline() {
        return deadline;
    }

    /** Who decided and why, for the console: the rejecting reviewer's reason, or the timeout. */
    String outcome() throws IOException {
        if (timedOut) {
            return "timed out: no approval before " + deadline;
        }
        if (cancelled) {
            return "cancelled: " + cancelReason;
        }
        List<ApprovalEvent> events = request().events();
        for (int i = events.size() - 1; i >= 0; i--) {
            ApprovalEvent e = events.get(i);
            if (ApprovalEvent.REJECTED.equals(e.type())) {
                return "rejected by " + e.actor() + ": " + e.why();
            }
        }
        return "approved by " + approvers();
    }

    List<String> approvers() throws IOException {
        return request().approvals().stream().map(ApprovalEvent::actor).toList();
    }

    /** Refuses, before anything is written, an action on a request that is no longer open. */
    private void checkOpen() throws Refused, IOException {
        if (timedOut) {
            throw new Refused("refused (request-closed): this request timed out");
        }
        if (cancelled) {
            throw new Refused("refused (request-closed): this request was cancelled (" + cancelReason + ")");
        }
        ApprovalStatus status = request().status();
        if (status != ApprovalStatus.PENDING) {
            throw new Refused("refused (request-closed): this request is already "
                    + status.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (dev.aigov.ledger.Ledger.isSealed(BuildLedger.file(buildDir()))) {
            throw new Refused("refused (request-closed): the build has ended and its audit ledger is sealed");
        }
    }

    /** The build directory: the request lives in {@code <build>/ai-governance/}. */
    private Path buildDir() {
        return buildDir != null ? buildDir : file().toAbsolutePath().getParent().getParent();
    }

    private ApprovalOutcome update(ApprovalRequests.Action action) throws Refused, IOException {
        ApprovalOutcome outcome;
        try {
            outcome = ApprovalRequests.update(file(), action);
        } catch (ApprovalException e) {
            throw new IOException(e.getMessage(), e);
        }
        ApprovalEvent event = outcome.event();
        ApprovalRequest request = outcome.request();
        BuildLedger.append(buildDir(), request.build(), event.actor(), Events.approval(request.id(), event));
        if (!outcome.recorded()) {
            throw new Refused("refused (" + event.rule() + "): " + event.why());
        }
        return outcome;
    }

    /** Where the build lives now (its directory after a rename or a move of JENKINS_HOME). */
    synchronized void locate(Path currentBuildDir) {
        this.buildDir = currentBuildDir;
    }

    private Path file() {
        Path stored = Paths.get(requestFile);
        if (!stored.isAbsolute()) {
            if (buildDir == null) {
                throw new IllegalStateException("the approval request's build directory is not known yet");
            }
            return buildDir.resolve(stored);
        }
        // A record written before paths were relative: follow the build if it moved.
        if (buildDir != null && !java.nio.file.Files.exists(stored)) {
            return buildDir.resolve("ai-governance").resolve(stored.getFileName());
        }
        return stored;
    }
}
