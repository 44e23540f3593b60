package dev.aigov.ledger;

import dev.aigov.build.BuildRef;
import dev.aigov.credentials.Lease;
import dev.aigov.credentials.LeaseHandle;
import dev.aigov.credentials.Secret;
import dev.aigov.gate.ApprovalRequirement;
import dev.aigov.gate.Decision;
import dev.aigov.gate.Reason;
import dev.aigov.provenance.Attribution;
import dev.aigov.provenance.AttributionEvidence;
import dev.aigov.provenance.ChangedPath;
import dev.aigov.provenance.Commit;
import dev.aigov.provenance.Confidence;
import dev.aigov.provenance.Person;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A realistic build's events, shared by the ledger and report tests. */
public final class TestEvents {
    public static final BuildRef BUILD = new BuildRef("payments/api", "42", "https://ci.example/job/payments/42/", "alice");
    public static final String HEAD = "3f786850e387550fdab836ed7e6dc881de23001b";
    public static final String SECRET_VALUE = "hvs.CAESIJ-super-secret-token-value-7d1f";
    public static final String HANDLE_ID = "accessor-9b1c2d3e";

    private TestEvents() {
    }

    public static Commit commit(String id, String subject) {
        return new Commit(id, new Person("Claude", "noreply@anthropic.com"), new Person("Bob Dev", "bob@example.com"),
                subject + "\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n",
                List.<ChangedPath>of(), List.of(), Commit.SignatureStatus.UNSIGNED, "");
    }

    public static Lease lease() {
        Instant issued = Instant.parse("2026-11-27T04:00:00Z");
        return new Lease(new LeaseHandle("vault", HANDLE_ID, Map.of("parent", "accessor-parent")), "deploy", issued,
                issued.plusSeconds(600), List.of("deploy-prod"), Map.of("VAULT_TOKEN", Secret.of(SECRET_VALUE)),
                Map.of("VAULT_ADDR", "http://127.0.0.1:8200"));
    }

    public static Event gate(String subject) {
        Reason reason = new Reason("AI_CHANGE_TOUCHES_SENSITIVE_CATEGORY", "AI-attributed change touches authentication",
                List.of("src/auth/Login.java"), List.of(HEAD), List.of("OWASP-ASI03", "NIST-CSF-PR.AA-05"));
        Decision decision = new Decision.ApprovalRequired(List.of(reason),
                new ApprovalRequirement(2, List.of("security-reviewers"), true));
        Attribution attribution = new Attribution(HEAD, true, Confidence.HIGH, List.of("claude-code"),
                List.of(new AttributionEvidence("co-author", "Co-Authored-By: Claude <noreply@anthropic.com>", "claude-code")));
        return Events.gateEvaluated(HEAD, decision, List.of(commit(HEAD, subject)), List.of(attribution),
                List.of(new EvidenceResult("coverage", "target/site/jacoco/jacoco.xml",
                        "a".repeat(64), "fail", "line coverage 0.72 < 0.80 on changed files")));
    }

    /** Every kind of event once, in a build's order (no seal). */
    public static List<Event> buildEvents(String subject) {
        Lease lease = lease();
        return List.of(
                Events.agentDeclared("claude-code", "claude-opus-4", "sha256:" + "b".repeat(64)),
                gate(subject),
                Events.approvalRequested("req-1", new ApprovalRequirement(2, List.of("security-reviewers"), true)),
                Events.approvalRefused("req-1", "claude-bot", List.of(), "sensitive-ai-change",
                        "approver authored an AI-attributed commit"),
                Events.approvalGranted("req-1", "carol", List.of("security-reviewers"), "sensitive-ai-change",
                        "reviewed the login change"),
                Events.approvalGranted("req-1", "dave", List.of("security-reviewers"), "sensitive-ai-change",
                        "architectural review done"),
                Events.credentialIssued(lease),
                Events.credentialRevoked(lease.handle(), lease.role(), Instant.parse("2026-11-27T04:05:00Z")));
    }
}
