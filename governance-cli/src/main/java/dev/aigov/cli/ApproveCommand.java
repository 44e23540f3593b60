package dev.aigov.cli;

import dev.aigov.approval.ApprovalEvent;
import dev.aigov.approval.ApprovalException;
import dev.aigov.ledger.Events;
import dev.aigov.ledger.LedgerException;
import dev.aigov.approval.ApprovalOutcome;
import dev.aigov.approval.ApprovalRequest;
import dev.aigov.approval.ApprovalRequests;
import dev.aigov.approval.Approver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "approve", mixinStandardHelpOptions = true,
        description = "Approve or reject a pending approval request (the file 'aigov gate --request-out' wrote). "
                + "Exit 0 when recorded, 30 when a separation-of-duties rule refused it.")
final class ApproveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--request", required = true, paramLabel = "FILE", description = "The approval request file.")
    Path request;

    @Option(names = "--approver", required = true, paramLabel = "ID", description = "The approver's user id or e-mail.")
    String approver;

    @Option(names = "--groups", split = ",", paramLabel = "G1,G2", description = "The approver's groups.")
    List<String> groups = List.of();

    @Option(names = "--architectural", description = "This approval is an architectural review.")
    boolean architectural;

    @Option(names = "--reject", description = "Reject the request (needs --reason).")
    boolean reject;

    @Option(names = "--ledger", paramLabel = "FILE",
            description = "The build's audit ledger: the approval, refusal or rejection is appended with who, when and why.")
    Path ledgerFile;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why the request is rejected.")
    String reason;

    @Override
    public Integer call() {
        if (approver.isBlank()) {
            throw new UsageException("--approver must not be empty");
        }
        if (reject && (reason == null || reason.isBlank())) {
            throw new UsageException("--reject needs --reason TEXT saying why");
        }
        if (!reject && reason != null) {
            throw new UsageException("--reason is only for --reject");
        }
        if (reject && architectural) {
            throw new UsageException("--architectural marks an approval, not a rejection");
        }
        Approver who = new Approver(approver, groups);
        ApprovalOutcome outcome;
        try { // refusals are events too, so every action writes the request back
            outcome = ApprovalRequests.update(request, current -> reject ? current.reject(who, reason, Instant.now())
                    : current.approve(who, architectural, Instant.now()));
        } catch (ApprovalException e) {
            throw new UsageException(e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot update " + request + ": " + e.getMessage(), e);
        }
        record(outcome);
        PrintWriter out = spec.commandLine().getOut();
        if (outcome.recorded()) {
            out.println(Terminal.visible((reject ? "rejected by " : "approval recorded for ") + approver
                    + (architectural ? " (architectural review)" : "")));
        } else {
            spec.commandLine().getErr().println(Terminal.visible("refused by rule " + outcome.event().rule() + ": " + outcome.event().why()));
        }
        out.println(Terminal.visible(state(outcome.request())));
        out.flush();
        return outcome.recorded() ? ExitCodes.OK : ExitCodes.APPROVAL_REFUSED;
    }

    private void record(ApprovalOutcome outcome) {
        if (ledgerFile == null) {
            return;
        }
        ApprovalRequest r = outcome.request();
        ApprovalEvent e = outcome.event();
        try {
            AuditLog.open(ledgerFile, r.build()).record(e.actor(), Events.approval(r.id(), e));
        } catch (LedgerException ex) {
            throw new UsageException("the request was updated but the ledger " + ledgerFile + " refused the event: " + ex.getMessage(), ex);
        }
    }

    static String state(ApprovalRequest r) {
        StringBuilder s = new StringBuilder("request ").append(r.id(), 0, 12).append(": ")
                .append(r.status().name().toLowerCase(Locale.ROOT)).append(", approvals ").append(r.approvalCount())
                .append(" of ").append(r.required());
        List<String> by = r.approvals().stream()
                .map(a -> a.actor() + (a.architectural() ? " (architectural)" : "")).toList();
        if (!by.isEmpty()) {
            s.append(" (").append(String.join(", ", by)).append(')');
        }
        switch (r.status()) {
            case PENDING -> {
                s.append("; still needed:");
                if (r.approvalsStillNeeded() > 0) {
                    s.append(' ').append(r.approvalsStillNeeded()).append(" approval(s)");
                }
                if (r.architecturalReviewStillNeeded()) {
                    s.append(r.approvalsStillNeeded() > 0 ? "," : "").append(" an architectural review by ")
                            .append(r.architectsGroup().isEmpty() ? "(no architects group)" : r.architectsGroup());
                }
            }
            case REJECTED -> r.events().stream().filter(e -> e.type().equals("REJECTED")).findFirst()
                    .ifPresent(e -> s.append("; rejected by ").append(e.actor()).append(": ").append(e.why()));
            case APPROVED -> { }
        }
        return s.toString();
    }
}
