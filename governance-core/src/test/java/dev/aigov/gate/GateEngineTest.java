package dev.aigov.gate;

import dev.aigov.policy.Policy;
import dev.aigov.policy.PolicyLoader;
import dev.aigov.provenance.Attribution;
import dev.aigov.provenance.AttributionEvidence;
import dev.aigov.provenance.ChangedPath;
import dev.aigov.provenance.Commit;
import dev.aigov.provenance.Confidence;
import dev.aigov.provenance.Person;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GateEngineTest {
    private static final Policy NO_EVIDENCE = parse("""
            version: 1
            evidence: {}
            """);

    private static Policy parse(String yaml) {
        try {
            return PolicyLoader.parse(yaml, "test.yaml");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static AttributedCommit commit(String id, boolean ai, String... paths) {
        List<ChangedPath> changed = new ArrayList<>();
        for (String p : paths) {
            changed.add(ChangedPath.of(p, ChangedPath.ChangeType.MODIFIED));
        }
        String fullId = (id + "0".repeat(40)).substring(0, 40);
        Commit c = new Commit(fullId, new Person("Dev", "dev@example.com"), new Person("Dev", "dev@example.com"),
                "change " + id, changed, List.of(), null, "");
        Attribution a = ai
                ? new Attribution(fullId, true, Confidence.HIGH, List.of("claude-code"),
                        List.of(new AttributionEvidence("co-author", "Co-authored-by: Claude <noreply@anthropic.com>", "claude-code")))
                : Attribution.none(fullId);
        return new AttributedCommit(c, a);
    }

    @Test
    void humanOnlyChangePasses() throws Exception {
        GateResult result = new GateEngine(PolicyLoader.builtIn()).evaluate(List.of(commit("a1", false, "src/auth/Login.java")), EvidenceCheck.NONE);
        assertThat(result.decision()).isInstanceOf(Decision.Pass.class);
        assertThat(result.decision().reasons()).extracting(Reason::code).containsExactly("NO_AI_ATTRIBUTED_CHANGES");
        assertThat(result.aiAttributedCommits()).isEmpty();
        assertThat(result.categories()).as("categories are those AI commits touched").isEmpty();
    }

    @Test
    void aiChangeToSensitivePathsNeedsTwoSecurityApprovalsAndArchitecturalReview() throws Exception {
        GateResult result = new GateEngine(NO_EVIDENCE).evaluate(List.of(
                commit("b2", true, "src/auth/TokenService.java", "README.md"),
                commit("a1", false, "Jenkinsfile")), EvidenceCheck.NONE);
        assertThat(result.decision()).isInstanceOf(Decision.ApprovalRequired.class);
        Decision.ApprovalRequired decision = (Decision.ApprovalRequired) result.decision();
        assertThat(decision.approval()).isEqualTo(new ApprovalRequirement(2, List.of("security-reviewers"), true));
        Reason reason = decision.reasons().get(0);
        assertThat(reason.code()).isEqualTo("AI_CHANGE_TOUCHES_SENSITIVE_CATEGORY");
        assertThat(reason.paths()).containsExactly("src/auth/TokenService.java");
        assertThat(reason.commits()).containsExactly(result.aiAttributedCommits().get(0));
        assertThat(reason.controls()).contains("NIST-AI-RMF-GOVERN-3.2", "NIST-CSF-PR.AA-05", "OWASP-ASI03");
        assertThat(reason.message()).isEqualTo("1 AI-attributed commit(s) touch authentication: 2 approvals from security-reviewers, "
                + "including an architectural review, required (policy rule at <built-in>:45).");
        assertThat(result.categories()).containsOnlyKeys("authentication");
    }

    @Test
    void humanCommitToSensitivePathDoesNotEscalateAnAiChangeElsewhere() throws Exception {
        GateResult result = new GateEngine(NO_EVIDENCE).evaluate(List.of(
                commit("b2", true, "src/Invoice.java"),
                commit("a1", false, "src/auth/Login.java")), EvidenceCheck.NONE);
        Decision.ApprovalRequired decision = (Decision.ApprovalRequired) result.decision();
        assertThat(decision.approval().required()).isEqualTo(1);
        assertThat(decision.reasons().get(0).code()).isEqualTo("AI_CHANGE_REQUIRES_APPROVAL");
    }

    @Test
    void firstMatchingRuleWins() throws Exception {
        Policy policy = parse("""
                version: 1
                evidence: {}
                rules:
                  - when: {aiAttributed: true, categories: [ci-config]}
                    deny: AI agents may not change the pipeline
                  - when: {aiAttributed: true}
                    require: {approvals: 1}
                """);
        GateResult denied = new GateEngine(policy).evaluate(List.of(commit("c3", true, "Jenkinsfile")), EvidenceCheck.NONE);
        assertThat(denied.decision()).isInstanceOf(Decision.Fail.class);
        assertThat(denied.decision().reasons().get(0).code()).isEqualTo("AI_CHANGE_DENIED");
        assertThat(denied.decision().reasons().get(0).message()).isEqualTo("AI agents may not change the pipeline (policy rule at test.yaml:4)");

        GateResult approval = new GateEngine(policy).evaluate(List.of(commit("c4", true, "src/X.java")), EvidenceCheck.NONE);
        assertThat(approval.decision()).isInstanceOf(Decision.ApprovalRequired.class);
    }

    @Test
    void renameOutOfASensitiveDirectoryCountsAsTouchingIt() throws Exception {
        Commit base = commit("d5", true).commit();
        Commit moved = new Commit(base.id(), base.author(), base.committer(), base.message(),
                List.of(new ChangedPath("src/util/Tokens.java", "src/auth/Tokens.java", ChangedPath.ChangeType.RENAMED)),
                List.of(), null, "");
        GateResult result = new GateEngine(NO_EVIDENCE).evaluate(List.of(new AttributedCommit(moved,
                commit("d5", true).attribution())), EvidenceCheck.NONE);
        assertThat(((Decision.ApprovalRequired) result.decision()).approval().required()).isEqualTo(2);
    }

    @Test
    void evidenceFailureFailsTheGateButKeepsTheApprovalRequirement() throws Exception {
        Reason missing = new Reason("EVIDENCE_MISSING", "No coverage report was given.", List.of(), List.of(), List.of("NIST-SSDF-PW.7"));
        List<ReviewedChange> seen = new ArrayList<>();
        GateResult result = new GateEngine(PolicyLoader.builtIn()).evaluate(List.of(commit("e6", true, "src/X.java")), change -> {
            seen.add(change);
            return new EvidenceOutcome(List.of(missing), Map.of("coverage", Map.of("status", "missing")));
        });
        assertThat(result.decision()).isInstanceOf(Decision.Fail.class);
        assertThat(result.decision().reasons()).extracting(Reason::code).containsExactly("AI_CHANGE_REQUIRES_APPROVAL", "EVIDENCE_MISSING");
        assertThat(result.requirement().required()).isEqualTo(1);
        assertThat(seen).singleElement().satisfies(change -> {
            assertThat(change.aiPaths()).containsExactly("src/X.java");
            assertThat(change.headCommit()).startsWith("e6");
        });
    }

    @Test
    void evidenceIsNotConsultedForHumanOnlyChanges() throws Exception {
        GateResult result = new GateEngine(PolicyLoader.builtIn()).evaluate(List.of(commit("f7", false, "src/X.java")), change -> {
            throw new AssertionError("evidence must not be read for a human-only change");
        });
        assertThat(result.decision()).isInstanceOf(Decision.Pass.class);
    }

    @Test
    void aiChangeMatchingNoRulePassesWithAReason() throws Exception {
        Policy policy = parse("""
                version: 1
                evidence: {}
                rules:
                  - when: {aiAttributed: true, categories: [deployment]}
                    require: {approvals: 1}
                """);
        GateResult result = new GateEngine(policy).evaluate(List.of(commit("g8", true, "src/X.java")), EvidenceCheck.NONE);
        assertThat(result.decision()).isInstanceOf(Decision.Pass.class);
        assertThat(result.decision().reasons()).extracting(Reason::code).containsExactly("AI_CHANGE_NO_RULE");
    }

    @Test
    void emptyRangePasses() throws Exception {
        GateResult result = new GateEngine(PolicyLoader.builtIn()).evaluate(List.of(), EvidenceCheck.NONE);
        assertThat(result.decision().id()).isEqualTo("PASS");
        assertThat(result.decision().reasons()).extracting(Reason::code).containsExactly("NO_CHANGES");
    }

    @Test
    void decisionIdsAndExitCodesAreTheCliContract() {
        assertThat(new Decision.Pass(List.of()).exitCode()).isZero();
        assertThat(new Decision.ApprovalRequired(List.of(), ApprovalRequirement.none()).exitCode()).isEqualTo(10);
        assertThat(new Decision.Fail(List.of()).exitCode()).isEqualTo(20);
        assertThat(new Decision.Fail(List.of()).id()).isEqualTo("FAIL");
    }
}
