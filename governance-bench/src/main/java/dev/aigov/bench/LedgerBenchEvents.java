package dev.aigov.bench;

import dev.aigov.credentials.Lease;
import dev.aigov.credentials.LeaseHandle;
import dev.aigov.gate.ApprovalRequirement;
import dev.aigov.gate.Decision;
import dev.aigov.gate.Reason;
import dev.aigov.ledger.Event;
import dev.aigov.ledger.Events;
import dev.aigov.ledger.EvidenceResult;
import dev.aigov.provenance.Attribution;
import dev.aigov.provenance.AttributionEvidence;
import dev.aigov.provenance.ChangedPath;
import dev.aigov.provenance.Commit;
import dev.aigov.provenance.Confidence;
import dev.aigov.provenance.Person;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** A realistic mix of ledger events for the ledger benchmarks (about 0.9 KB a line on average). */
final class LedgerBenchEvents {
    private LedgerBenchEvents() {
    }

    static Event event(long i) {
        String id = HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(20).putLong(i * 2654435761L).array());
        Instant now = Instant.parse("2026-11-27T04:00:00Z").plusSeconds(i);
        return switch ((int) (i % 4)) {
            case 0 -> {
                List<Commit> commits = new ArrayList<>();
                List<Attribution> attributions = new ArrayList<>();
                for (int c = 0; c < 3; c++) {
                    String commit = id.substring(0, 38) + c + c;
                    commits.add(new Commit(commit, new Person("Claude", "noreply@anthropic.com"),
                            new Person("Dev " + i, "dev@example.com"), "Change " + i + "/" + c + ": tune the login flow",
                            List.<ChangedPath>of(), List.of(), Commit.SignatureStatus.UNSIGNED, ""));
                    attributions.add(new Attribution(commit, true, Confidence.HIGH, List.of("claude-code"),
                            List.of(new AttributionEvidence("co-author", "Co-Authored-By: Claude <noreply@anthropic.com>",
                                    "claude-code"))));
                }
                yield Events.gateEvaluated(commits.get(0).id(), new Decision.ApprovalRequired(List.of(new Reason(
                        "AI_CHANGE_TOUCHES_SENSITIVE_CATEGORY", "AI-attributed change touches authentication",
                        List.of("src/auth/Login.java"), List.of(commits.get(0).id()),
                        List.of("OWASP-ASI03", "NIST-CSF-PR.AA-05"))),
                        new ApprovalRequirement(2, List.of("security-reviewers"), true)), commits, attributions,
                        List.of(new EvidenceResult("coverage", "target/site/jacoco/jacoco.xml", id + id.substring(0, 24),
                                "pass", "line coverage 0.86 >= 0.80 on changed files")));
            }
            case 1 -> Events.approvalGranted("req-" + i, "carol", List.of("security-reviewers"), "sensitive-ai-change",
                    "reviewed change " + i);
            case 2 -> Events.credentialIssued(new Lease(new LeaseHandle("vault", "accessor-" + id, Map.of()), "deploy",
                    now, now.plusSeconds(600), List.of("deploy-prod"), Map.of(), Map.of()));
            default -> Events.credentialRevoked(new LeaseHandle("vault", "accessor-" + id, Map.of()), "deploy",
                    now.plusSeconds(60));
        };
    }
}
