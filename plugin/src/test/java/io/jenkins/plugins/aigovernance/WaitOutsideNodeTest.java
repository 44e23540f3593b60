package io.jenkins.plugins.aigovernance;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.FilePath;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Evaluation needs the workspace, waiting needs none: the gate can return and aiGovernanceWait wait outside node. */
class WaitOutsideNodeTest {
    @TempDir
    Path tmp;

    private TestScope scope;

    private TestStepContext gateWithoutWaiting(String name) throws Exception {
        scope = TestScope.oneAiCommit(name, tmp, 1);
        AiGovernanceGateStep step = new AiGovernanceGateStep();
        step.setRange("base..HEAD");
        step.setWait(false);
        TestStepContext context = new TestStepContext(name + "-gate");
        new AiGovernanceGateStep.Execution(step, context, scope.factory()).evaluate();
        return context;
    }

    @SuppressWarnings("unchecked")
    @Test
    void theGateReturnsAtOnceAndTheWaitStepWaitsForTheReviewers() throws Exception {
        TestStepContext gate = gateWithoutWaiting("split");
        assertThat(gate.state().completions).as("the node can be left").isEqualTo(1);
        assertThat((Map<String, Object>) gate.state().success).containsEntry("decision", "APPROVAL_REQUIRED")
                .containsEntry("approvalPending", true);
        assertThat(scope.pauses).as("nothing paused inside node").isEmpty();
        assertThat(scope.console()).contains("aiGovernanceWait()");

        TestStepContext wait = new TestStepContext("split-wait");
        new AiGovernanceGateStep.Execution(0, wait, scope.factory()).awaitRecorded();
        assertThat(wait.state().completions).as("waiting").isZero();
        assertThat(scope.pauses).containsExactly(true);

        scope.action.approve("sam", Set.of(), false);
        assertThat((Map<String, Object>) wait.state().success).containsEntry("approvedBy", List.of("sam"));
        assertThat(scope.pauses).containsExactly(true, false);
    }

    @Test
    void theWaitStepNeedsNoWorkspace() {
        Set<Class<?>> required = Set.copyOf(new AiGovernanceWaitStep.DescriptorImpl().getRequiredContext());
        assertThat(required).doesNotContain(FilePath.class);
    }

    @SuppressWarnings("unchecked")
    @Test
    void anApprovalRecordedBeforeTheWaitRegistersIsNotMissed() throws Exception {
        gateWithoutWaiting("race");
        scope.action.approve("sam", Set.of(), false); // nobody is registered to be woken yet
        TestStepContext wait = new TestStepContext("race-wait");
        new AiGovernanceGateStep.Execution(0, wait, scope.factory()).awaitRecorded();
        assertThat((Map<String, Object>) wait.state().success).containsEntry("approvedBy", List.of("sam"));
    }

    @Test
    void theWaitStepsOwnTimeoutAborts() throws Exception {
        gateWithoutWaiting("timeout");
        TestStepContext wait = new TestStepContext("timeout-wait");
        AiGovernanceGateStep.Execution execution = new AiGovernanceGateStep.Execution(30, wait, scope.factory());
        execution.awaitRecorded();
        execution.checkTimeout(Instant.now().plus(31, ChronoUnit.MINUTES));
        assertThat(wait.state().failure).isInstanceOf(FlowInterruptedException.class);
        assertThat(scope.action.getApprovalStatus()).isEqualTo("TIMED_OUT");
    }
}
