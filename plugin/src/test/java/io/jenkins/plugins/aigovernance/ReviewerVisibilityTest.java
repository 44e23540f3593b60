package io.jenkins.plugins.aigovernance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reviewers must see a paused gate: a pause mark as the input step sets, a console link, an honest count. */
class ReviewerVisibilityTest {
    @TempDir
    Path tmp;

    private TestScope scope;

    private void pausedGate(String name, String rootUrl, int approvals) throws Exception {
        scope = TestScope.oneAiCommit(name, tmp, approvals);
        scope.rootUrl = rootUrl;
        AiGovernanceGateStep step = new AiGovernanceGateStep();
        step.setRange("base..HEAD");
        new AiGovernanceGateStep.Execution(step, new TestStepContext(name), scope.factory()).evaluate();
    }

    @Test
    void theFlowNodeIsPausedWhileWaitingAndTheConsoleLinksToTheApprovalPage() throws Exception {
        pausedGate("pause", "https://ci.example.org/", 1);
        assertThat(scope.pauses).as("paused for input, as Stage View and Blue Ocean show it").containsExactly(true);
        assertThat(scope.console()).contains("<a href='https://ci.example.org/job/pause/1/ai-governance/'>Approve / Reject</a>");
        scope.action.approve("sam", Set.of(), false);
        assertThat(scope.pauses).as("the pause ends with the wait").containsExactly(true, false);
    }

    @Test
    void withoutARootUrlTheLinkIsRelativeToTheServer() throws Exception {
        pausedGate("noroot", null, 1);
        assertThat(scope.console()).contains("href='/job/noroot/1/ai-governance/'").doesNotContain("href='job/");
    }

    @Test
    void theCountShowsOnlyApprovalsThatCounted() throws Exception {
        pausedGate("count", "https://ci.example.org/", 2);
        assertThatThrownBy(() -> scope.action.approve("ada@example.com", Set.of(), false)).hasMessageContaining("refused");
        scope.action.approve("sam", Set.of(), false);
        assertThat(scope.action.getApprovals()).hasSize(2);
        assertThat(scope.action.getApprovalCount()).isEqualTo(1);
        for (String view : List.of("index.jelly", "summary.jelly")) {
            assertThat(Files.readString(Path.of("src/main/resources/io/jenkins/plugins/aigovernance/GovernanceAction", view)))
                    .contains("${it.approvalCount} / ${it.requiredApprovals}").doesNotContain("approvals.size()");
        }
    }
}
