package dev.aigov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigov.approval.ApprovalRequest;
import dev.aigov.gate.Controls;
import dev.aigov.gate.Decision;
import dev.aigov.gate.GateResult;
import dev.aigov.gate.Reason;
import dev.aigov.ledger.Events;
import dev.aigov.ledger.LedgerEvent;
import dev.aigov.ledger.LedgerVerifier;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A rejection sticks: when the build's ledger already holds a rejection of the same change (the same head commit, or
 * the same request), the gate starts from that rejection, whatever the request file now says (or whether it still
 * exists). Only a new head gets a fresh request.
 */
final class RejectionMemory {
    private RejectionMemory() {
    }

    static GateResult apply(GateResult result, Path ledgerFile, ApprovalRequest pending, List<String> notes) {
        if (ledgerFile == null || pending == null || !Files.exists(ledgerFile)
                || !(result.decision() instanceof Decision.ApprovalRequired || result.decision() instanceof Decision.Pass)) {
            return result;
        }
        for (LedgerEvent e : LedgerVerifier.read(ledgerFile, null).events()) {
            if (!e.type().equals(Events.APPROVAL_REJECTED)) {
                continue;
            }
            JsonNode data = e.data();
            boolean sameHead = !pending.head().isEmpty() && pending.head().equals(data.path("head").asText(""));
            boolean sameRequest = pending.id().equals(data.path("requestId").asText(""));
            if (sameHead || sameRequest) {
                String by = data.path("approver").asText("?");
                String why = data.path("reason").asText("");
                notes.add("note: the ledger " + ledgerFile + " holds a rejection of this change by " + by
                        + " (event " + e.seq() + "); only a new head gets a fresh request");
                List<Reason> reasons = new ArrayList<>(result.decision().reasons());
                reasons.add(new Reason("APPROVAL_REJECTED", "Rejected by " + by + ": " + why
                        + " (recorded in the ledger, event " + e.seq() + ").", List.of(), pending.commits(),
                        Controls.forApproval(List.of())));
                return new GateResult(new Decision.Fail(reasons), result.requirement(), result.commits(),
                        result.aiAttributedCommits(), result.categories(), result.evidence());
            }
        }
        return result;
    }
}
