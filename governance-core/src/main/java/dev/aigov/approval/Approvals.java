package dev.aigov.approval;

import dev.aigov.gate.Controls;
import dev.aigov.gate.Decision;
import dev.aigov.gate.GateResult;
import dev.aigov.gate.Reason;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins a gate result and the state of its approval request: once approved the change may proceed ({@code PASS}),
 * once rejected it may not ({@code FAIL}), while pending it still waits. The CLI and the Jenkins step share this.
 */
public final class Approvals {
    private Approvals() {
    }

    /** The result as the request's state leaves it; results that need no approval are returned unchanged. */
    public static GateResult apply(GateResult result, ApprovalRequest request) {
        if (!(result.decision() instanceof Decision.ApprovalRequired required) || request == null) {
            return result;
        }
        List<Reason> reasons = new ArrayList<>(required.reasons());
        List<String> controls = Controls.forApproval(List.of());
        Decision decision = switch (request.status()) {
            case APPROVED -> {
                reasons.add(new Reason("APPROVALS_GRANTED", "Approved by " + String.join(", ",
                        request.approvals().stream().map(e -> e.actor() + (e.architectural() ? " (architectural review)" : "")).toList())
                        + ".", List.of(), request.commits(), controls));
                yield new Decision.Pass(reasons);
            }
            case REJECTED -> {
                ApprovalEvent rejection = request.events().stream()
                        .filter(e -> e.type().equals(ApprovalEvent.REJECTED)).findFirst().orElseThrow();
                reasons.add(new Reason("APPROVAL_REJECTED", "Rejected by " + rejection.actor() + ": " + rejection.why(),
                        List.of(), request.commits(), controls));
                yield new Decision.Fail(reasons);
            }
            case PENDING -> {
                reasons.add(new Reason("APPROVALS_PENDING", request.approvalCount() + " of " + request.required()
                        + " approvals so far" + (request.architecturalReviewStillNeeded() ? "; an architectural review is still needed" : "")
                        + ".", List.of(), request.commits(), controls));
                yield new Decision.ApprovalRequired(reasons, required.approval());
            }
        };
        return new GateResult(decision, result.requirement(), result.commits(), result.aiAttributedCommits(),
                result.categories(), result.evidence());
    }

    /** Adds the request's id, status and approvals to a decision document's {@code approval} object. */
    public static Map<String, Object> describe(Map<String, Object> decisionDocument, ApprovalRequest request) {
        if (request == null) {
            return decisionDocument;
        }
        Map<String, Object> out = new LinkedHashMap<>(decisionDocument);
        @SuppressWarnings("unchecked")
        Map<String, Object> approval = new LinkedHashMap<>((Map<String, Object>) out.getOrDefault("approval", Map.of()));
        approval.put("request", request.id());
        approval.put("status", request.status().name());
        approval.put("stillNeeded", request.approvalsStillNeeded());
        approval.put("approvals", request.approvals().stream().map(e -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("by", e.actor());
            one.put("at", e.time().toString());
            one.put("architectural", e.architectural());
            return one;
        }).toList());
        out.put("approval", approval);
        return out;
    }
}
