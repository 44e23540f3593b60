package io.jenkins.plugins.aigovernance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigov.provenance.TestRepo;
import hudson.AbortException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AiGovernanceGateStepTest {
    private static final String POLICY = """
            version: 1
            rules:
              - when: {aiAttributed: true, categories: [ci-config]}
                deny: AI agents may not change the pipeline
              - when: {aiAttributed: true, categories: [authentication]}
                require: {approvals: 2, groups: [security-reviewers]}
              - when: {aiAttributed: true}
                require: {approvals: 1}
            evidence: {}
            approval:
              agents: ["claude[bot]"]
            """;
    private static final Set<String> SECURITY = Set.of("authenticated", "security-reviewers");

    @TempDir
    Path tmp;

    private TestScope scope;
    private TestStepContext context;

    private AiGovernanceGateStep.Execution gate(String name, int timeoutMinutes) {
        scope = new TestScope(name, tmp);
        scope.policyYaml = POLICY;
        scope.repository = tmp.resolve("repo");
        context = new TestStepContext(name);
        AiGovernanceGateStep step = new AiGovernanceGateStep();
        step.setRange("base..HEAD");
        step.setTimeout(timeoutMinutes);
        return new AiGovernanceGateStep.Execution(step, context, scope.factory());
    }

    /** A repository whose range base..HEAD holds one commit touching the path, by Ada, AI-assisted or not. */
    private void change(String path, boolean ai) {
        TestRepo repo = TestRepo.init(scope.repository);
        repo.commit().file("README.md", "hello\n").message("initial").create();
        repo.git("tag", "base");
        repo.commit().file(path, "changed\n")
                .message("Change " + path + (ai ? "\n\nCo-authored-by: Claude <noreply@anthropic.com>\n" : "\n"))
                .create();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> returned() {
        assertThat(context.state().completions).as("step completed once").isEqualTo(1);
        assertThat(context.state().failure).isNull();
        return (Map<String, Object>) context.state().success;
    }

    @Test
    void humanChangePassesAndReturnsTheDecisionAsAMap() throws Exception {
        AiGovernanceGateStep.Execution gate = gate("human", 0);
        change("src/auth/Login.java", false);
        gate.evaluate();
        Map<String, Object> decision = returned();
        assertThat(decision).containsEntry("decision", "PASS").containsEntry("commitsReviewed", 1)
                .containsEntry("aiAttributedCommits", List.of());
        assertThat(scope.action.getDecision()).isEqualTo("PASS");
        assertThat(scope.action.approvalsHeld()).isTrue();
    }

    @Test
    void deniedAiChangeFailsTheStepWithTheReason() throws Exception {
        AiGovernanceGateStep.Execution gate = gate("deny", 0);
        change("Jenkinsfile", true);
        gate.evaluate();
        assertThat(context.state().failure).isInstanceOf(AbortException.class)
                .hasMessageContaining("FAIL").hasMessageContaining("AI agents may not change the pipeline");
        assertThat(scope.action.getDecision()).isEqualTo("FAIL");
        assertThat(scope.action.approvalsHeld()).isFalse();
    }

    @Test
    void aiChangeToAuthenticationPausesUntilTwoAllowedReviewersApprove() throws Exception {
        AiGovernanceGateStep.Execution gate = gate("approve", 0);
        change("src/auth/Login.java", true);
        gate.evaluate();

        assertThat(context.state().completions).as("paused like input").isZero();
        assertThat(scope.action.isPending()).isTrue();
        assertThat(scope.action.getRequiredApprovals()).isEqualTo(2);
        assertThat(scope.console()).contains("APPROVAL_REQUIRED").contains("Approve / Reject");

        GovernanceAction action = scope.action;
        assertThatThrownBy(() -> action.approve("ada@example.com", SECURITY, false))
                .as("the author").hasMessageContaining("commit-participant");
        assertThatThrownBy(() -> action.approve("Ada Lovelace", SECURITY, false))
                .as("the author by name").hasMessageContaining("commit-participant");
        assertThatThrownBy(() -> action.approve("starter", SECURITY, false))
                .as("who started the build").hasMessageContaining("build-trigger");
        assertThatThrownBy(() -> action.approve("claude[bot]", SECURITY, false))
                .as("an agent identity").hasMessageContaining("agent-identity");
        assertThatThrownBy(() -> action.approve("bob", Set.of("authenticated"), false))
                .as("not a security reviewer").hasMessageContaining("allowed-group");

        action.approve("sam", SECURITY, false);
        assertThat(context.state().completions).as("one of two").isZero();
        assertThatThrownBy(() -> action.approve("SAM", SECURITY, false)).hasMessageContaining("duplicate-approval");

        action.approve("rita", SECURITY, false);
        Map<String, Object> decision = returned();
        assertThat(decision).containsEntry("decision", "APPROVAL_REQUIRED")
                .containsEntry("approval", Map.of("required", 2, "groups", List.of("security-reviewers"),
                        "architecturalReview", false))
                .containsEntry("approvedBy", List.of("sam", "rita"));
        assertThat(scope.action.getApprovalStatus()).isEqualTo("APPROVED");
        assertThat(scope.action.approvalsHeld()).as("deploy roles may now be issued").isTrue();
        assertThat(scope.console()).contains("approved by [sam, rita]");
        assertThat(scope.action.getApprovals()).as("refusals are on the record too")
                .anyMatch(line -> line.startsWith("REFUSED ada@example.com"))
                .anyMatch(line -> line.startsWith("APPROVED rita"));
    }

    @Test
    void rejectionAbortsTheBuildWithTheReasonInTheConsole() throws Exception {
        AiGovernanceGateStep.Execution gate = gate("reject", 0);
        change("src/Feature.java", true);
        gate.evaluate();
        scope.action.reject("sam", Set.of(), "no tests for this");
        assertThat(context.state().failure).isInstanceOf(FlowInterruptedException.class);
        assertThat(scope.console()).contains("rejected by sam: no tests for this");
        assertThat(scope.action.getApprovalStatus()).isEqualTo("REJECTED");
        assertThatThrownBy(() -> scope.action.approve("rita", Set.of(), false)).hasMessageContaining("request-closed");
    }

    @Test
    void timeoutAbortsWhenNobodyActs() throws Exception {
        AiGovernanceGateStep.Execution gate = gate("timeout", 30);
        change("src/Feature.java", true);
        gate.evaluate();
        assertThat(scope.scheduled).hasSize(1);

        gate.checkTimeout(Instant.now().plus(10, ChronoUnit.MINUTES));
        assertThat(context.state().completions).as("deadline not reached").isZero();

        gate.checkTimeout(Instant.now().plus(31, ChronoUnit.MINUTES));
        assertThat(context.state().failure).isInstanceOf(FlowInterruptedException.class);
        assertThat(scope.console()).contains("timed out");
        assertThat(scope.action.getApprovalStatus()).isEqualTo("TIMED_OUT");
    }

    @Test
    void aPausedGateSurvivesARestartAndProceedsOnApproval() throws Exception {
        AiGovernanceGateStep.Execution gate = gate("restart", 0);
        change("src/Feature.java", true);
        gate.evaluate();

        byte[] programDat = Serialization.bytes(gate);
        PendingGates.remove(scope.runId()); // the controller goes down: nothing is registered any more
        AiGovernanceGateStep.Execution resumed = (AiGovernanceGateStep.Execution) Serialization.read(programDat)[0];
        resumed.onResume();

        scope.action.approve("sam", Set.of(), false);
        assertThat(returned()).containsEntry("approvedBy", List.of("sam"));
    }

    @Test
    void anUnreadableRangeFailsWithGitsReason() throws Exception {
        AiGovernanceGateStep.Execution gate = gate("badrange", 0);
        change("src/Feature.java", true);
        AiGovernanceGateStep step = new AiGovernanceGateStep();
        step.setRange("no-such-ref..HEAD");
        AiGovernanceGateStep.Execution bad = new AiGovernanceGateStep.Execution(step, context, scope.factory());
        assertThatThrownBy(bad::evaluate).isInstanceOf(AbortException.class).hasMessageContaining("no-such-ref");
        assertThat(gate).isNotNull();
    }
}
