package io.jenkins.plugins.aigovernance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A gate's pending approval, persisted with the build (plain fields, so Jenkins' XStream stores it) and
 * decided by separation of duties: an approver is a distinct signed-in user, in an allowed group when groups
 * are named, and none of the excluded identities (authors and committers of the AI-attributed commits, the
 * user who started the build, the agent identities). N approvals are needed; with an architectural review,
 * one of them must come from the architects group.
 */
final class ApprovalRequest {
    enum Status { PENDING, APPROVED, REJECTED, TIMED_OUT }

    /** One recorded approval. */
    static final class Approval {
        private final String user;
        private final String time;
        private final String comment;
        private final boolean architect;

        Approval(String user, Instant time, String comment, boolean architect) {
            this.user = user;
            this.time = time.toString();
            this.comment = comment == null ? "" : comment;
            this.architect = architect;
        }

        String user() {
            return user;
        }

        String time() {
            return time;
        }

        String comment() {
            return comment;
        }

        boolean architect() {
            return architect;
        }
    }

    /** Why a reviewer may not act; the message is shown to that reviewer. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private final int required;
    private final List<String> groups;
    private final boolean architecturalReview;
    private final String architectsGroup;
    private final List<String> excluded;
    private final List<Approval> approvals = new ArrayList<>();
    private final String deadline;
    private Status status = Status.PENDING;
    private String decidedBy = "";
    private String reason = "";

    ApprovalRequest(int required, Collection<String> groups, boolean architecturalReview, String architectsGroup,
                    Collection<String> excluded, Instant deadline) {
        this.required = Math.max(1, required);
        this.groups = List.copyOf(groups);
        this.architecturalReview = architecturalReview;
        this.architectsGroup = architectsGroup == null ? "" : architectsGroup;
        Set<String> lower = new TreeSet<>();
        excluded.stream().filter(s -> s != null && !s.isBlank()).forEach(s -> lower.add(s.toLowerCase(Locale.ROOT)));
        this.excluded = List.copyOf(lower);
        this.deadline = deadline == null ? "" : deadline.toString();
    }

    /** Records an approval; returns whether the request is now satisfied. */
    synchronized boolean approve(String user, Collection<String> userGroups, String comment, Instant now) throws Refused {
        checkMayAct(user, userGroups);
        if (approvals.stream().anyMatch(a -> a.user().equalsIgnoreCase(user))) {
            throw new Refused(user + " has already approved; " + required + " distinct approvers are needed");
        }
        approvals.add(new Approval(user, now, comment, !architectsGroup.isEmpty() && userGroups.contains(architectsGroup)));
        if (isSatisfied()) {
            status = Status.APPROVED;
            decidedBy = user;
        }
        return status == Status.APPROVED;
    }

    synchronized void reject(String user, Collection<String> userGroups, String why) throws Refused {
        checkMayAct(user, userGroups);
        status = Status.REJECTED;
        decidedBy = user;
        reason = why == null || why.isBlank() ? "rejected by " + user : why;
    }

    /** Times the request out if its deadline has passed; returns whether it did. */
    synchronized boolean timeOutIfDue(Instant now) {
        if (status == Status.PENDING && !deadline.isEmpty() && !now.isBefore(Instant.parse(deadline))) {
            status = Status.TIMED_OUT;
            reason = "no approval before " + deadline;
            return true;
        }
        return false;
    }

    private void checkMayAct(String user, Collection<String> userGroups) throws Refused {
        if (status != Status.PENDING) {
            throw new Refused("this request is already " + status);
        }
        if (user == null || user.isBlank() || "anonymous".equalsIgnoreCase(user)) {
            throw new Refused("sign in to approve or reject");
        }
        if (excluded.contains(user.toLowerCase(Locale.ROOT))) {
            throw new Refused(user + " may not review this change (separation of duties: author, committer, "
                    + "the user who started the build or an agent identity)");
        }
        if (!groups.isEmpty() && groups.stream().noneMatch(userGroups::contains)) {
            throw new Refused(user + " is not in any of the reviewer groups " + groups);
        }
    }

    private boolean isSatisfied() {
        boolean architectOk = !architecturalReview || approvals.stream().anyMatch(Approval::architect);
        return approvals.size() >= required && architectOk;
    }

    synchronized Status status() {
        return status;
    }

    int required() {
        return required;
    }

    List<String> groups() {
        return groups;
    }

    boolean architecturalReview() {
        return architecturalReview;
    }

    synchronized List<Approval> approvals() {
        return Collections.unmodifiableList(new ArrayList<>(approvals));
    }

    String decidedBy() {
        return decidedBy;
    }

    String reason() {
        return reason;
    }

    String deadline() {
        return deadline;
    }
}
