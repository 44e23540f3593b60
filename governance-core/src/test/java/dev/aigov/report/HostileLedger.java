package dev.aigov.report;

import dev.aigov.credentials.Lease;
import dev.aigov.credentials.LeaseHandle;
import dev.aigov.credentials.Secret;
import dev.aigov.ledger.Event;
import dev.aigov.ledger.Events;
import dev.aigov.ledger.EvidenceResult;
import dev.aigov.ledger.Ledger;
import dev.aigov.ledger.LedgerKey;
import dev.aigov.ledger.TestEvents;
import dev.aigov.gate.ApprovalRequirement;
import dev.aigov.gate.Decision;
import dev.aigov.gate.Reason;
import dev.aigov.provenance.Attribution;
import dev.aigov.provenance.AttributionEvidence;
import dev.aigov.provenance.Confidence;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A sealed ledger whose every free-text value is an injection attempt. */
final class HostileLedger {
    static final String SCRIPT = "<script>alert(1)</script>";
    static final String IMG = "\"><img src=x onerror=alert(1)>";
    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    private HostileLedger() {
    }

    static Path write(Path dir) {
        Path file = dir.resolve("hostile.jsonl");
        Ledger ledger = Ledger.open(file, TestEvents.BUILD);
        Reason reason = new Reason("AI_CHANGE_TOUCHES_SENSITIVE_CATEGORY", "touches " + IMG,
                List.of("src/auth/" + SCRIPT + ".java"), List.of(COMMIT), List.of("OWASP-ASI03", "MAESTRO-L4"));
        Decision decision = new Decision.ApprovalRequired(List.of(reason),
                new ApprovalRequirement(1, List.of("security-reviewers"), false));
        Attribution attribution = new Attribution(COMMIT, true, Confidence.HIGH, List.of("claude-code"),
                List.of(new AttributionEvidence("co-author", "Co-Authored-By: " + IMG, "claude-code")));
        Instant issued = Instant.parse("2026-11-27T04:00:00Z");
        Lease deploy = new Lease(new LeaseHandle("vault", "accessor-deploy", Map.of()), "deploy", issued,
                issued.plusSeconds(600), List.of("deploy-prod"), Map.of("VAULT_TOKEN", Secret.of(TestEvents.SECRET_VALUE)),
                Map.of());
        Lease agent = new Lease(new LeaseHandle("jwt", "jti-agent", Map.of()), "agent", issued, issued.plusSeconds(900),
                List.of("https://deploy.example"), Map.of("AIGOV_ID_TOKEN", Secret.of("eyJhbGciOi.secret.jwt")), Map.of());
        List<Event> events = List.of(
                Events.agentDeclared("claude-code " + SCRIPT, "opus " + IMG, "sha256:" + "c".repeat(64)),
                Events.gateEvaluated(COMMIT, decision, List.of(TestEvents.commit(COMMIT, SCRIPT + " " + IMG)),
                        List.of(attribution), List.of(new EvidenceResult("static-analysis", "reports/" + IMG + ".sarif",
                                "d".repeat(64), "fail", "1 new error: " + SCRIPT))),
                Events.approvalRequested("req-1", new ApprovalRequirement(1, List.of("security-reviewers"), false)),
                Events.approvalRefused("req-1", "mallory" + IMG, List.of(), "ai-sensitive", "approver is a commit author"),
                Events.approvalGranted("req-1", "carol", List.of("security-reviewers"), "ai-sensitive", "LGTM " + SCRIPT),
                Events.credentialIssued(deploy),
                Events.credentialIssued(agent),
                Events.credentialRevoked(deploy.handle(), "deploy", issued.plusSeconds(120)));
        for (Event event : events) {
            ledger.append("jenkins", event);
        }
        Ledger.seal(file, LedgerKey.loadOrCreate(dir.resolve("key")), "jenkins");
        return file;
    }
}
