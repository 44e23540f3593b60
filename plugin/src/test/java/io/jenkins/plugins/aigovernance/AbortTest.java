package io.jenkins.plugins.aigovernance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigov.ledger.LedgerKey;
import dev.aigov.ledger.LedgerVerifier;
import hudson.model.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import jenkins.model.CauseOfInterruption;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping a paused gate closes its request; nothing a reviewer does afterwards is written anywhere. */
class AbortTest {
    @TempDir
    Path tmp;

    private TestScope scope;
    private AiGovernanceGateStep.Execution gate;

    private void pausedGate(String name) throws Exception {
        scope = TestScope.oneAiCommit(name, tmp, 1);
        AiGovernanceGateStep step = new AiGovernanceGateStep();
        step.setRange("base..HEAD");
        gate = new AiGovernanceGateStep.Execution(step, new TestStepContext(name), scope.factory());
        gate.evaluate();
        assertThat(scope.action.isPending()).isTrue();
    }

    private static final class Aborted extends CauseOfInterruption {
        @Override
        public String getShortDescription() {
            return "Aborted by admin";
        }
    }

    @Test
    void stoppingAPausedGateCancelsTheRequestOnTheRecordAndHidesTheForms() throws Exception {
        pausedGate("abort");
        gate.stop(new FlowInterruptedException(Result.ABORTED, true, new Aborted()));

        assertThat(scope.action.getApprovalStatus()).isEqualTo("CANCELLED");
        assertThat(scope.action.isPending()).as("no Approve/Reject forms").isFalse();
        assertThat(scope.action.getApprovalOutcome()).contains("cancelled").contains("Aborted by admin");
        assertThat(Files.readString(BuildLedger.file(scope.buildDir))).contains("approval.cancelled")
                .contains("Aborted by admin");
        assertThat(scope.console()).contains("approval request cancelled");
    }

    @Test
    void anApprovalAfterTheBuildEndedIsRefusedBeforeAnythingIsWritten() throws Exception {
        pausedGate("late");
        gate.stop(new FlowInterruptedException(Result.ABORTED, true, new Aborted()));
        assertThat(BuildLedger.seal(scope.buildDir, scope.home)).isTrue();
        Path request = scope.buildDir.resolve("ai-governance/approval.json");
        String requestBefore = Files.readString(request);
        String ledgerBefore = Files.readString(BuildLedger.file(scope.buildDir));

        assertThatThrownBy(() -> scope.action.approve("sam", Set.of(), false)).isInstanceOf(PendingApproval.Refused.class)
                .hasMessageContaining("request-closed");
        assertThatThrownBy(() -> scope.action.reject("sam", Set.of(), "too late")).isInstanceOf(PendingApproval.Refused.class);
        assertThat(Files.readString(request)).isEqualTo(requestBefore);
        assertThat(Files.readString(BuildLedger.file(scope.buildDir))).isEqualTo(ledgerBefore);
        LedgerKey key = LedgerKey.load(BuildLedger.keyFile(scope.home), SecretKeyProtection.INSTANCE);
        assertThat(LedgerVerifier.verify(BuildLedger.file(scope.buildDir), key.publicKey()).state()).isEqualTo("INTACT_SEALED");
    }

    @Test
    void anApprovalOnASealedLedgerIsRefusedBeforeTheRequestChanges() throws Exception {
        pausedGate("sealed");
        // The build ended some other way (the controller sealed it) while the request still looked pending.
        assertThat(BuildLedger.seal(scope.buildDir, scope.home)).isTrue();
        Path request = scope.buildDir.resolve("ai-governance/approval.json");
        String requestBefore = Files.readString(request);
        assertThatThrownBy(() -> scope.action.approve("sam", Set.of(), false)).hasMessageContaining("sealed");
        assertThat(Files.readString(request)).isEqualTo(requestBefore);
    }
}
