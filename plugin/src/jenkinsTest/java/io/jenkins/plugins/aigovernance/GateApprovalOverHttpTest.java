package io.jenkins.plugins.aigovernance;

import static io.jenkins.plugins.aigovernance.JenkinsTestSupport.groovy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigov.ledger.Events;
import hudson.model.Item;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jenkins.model.Jenkins;
import org.htmlunit.WebResponse;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.support.actions.PauseAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * A gate that needs one approval pauses the build; only an authenticated reviewer who took no part in the change
 * can approve it, over HTTP with a crumb, and the build then goes on with the approval in the step's result.
 */
@WithJenkins
class GateApprovalOverHttpTest {
    private static final String ONE_APPROVAL = """
            version: 1
            rules:
              - when: {aiAttributed: true}
                require: {approvals: 1}
            evidence: {}
            """;

    @TempDir
    private Path tmp;

    @Test
    void aPausedGateIsApprovedByAnotherUserNotByTheAuthorNorAnonymously(JenkinsRule j) throws Exception {
        AiGovernanceConfiguration config = AiGovernanceConfiguration.get();
        config.setPolicyYaml(ONE_APPROVAL);
        config.save();
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ).everywhere().toEveryone()
                .grant(Item.BUILD).everywhere().to("alice", "dana"));
        // dana wrote the AI-assisted commit (with Claude as co-author).
        Path repo = JenkinsTestSupport.repositoryWithCommit(tmp.resolve("repo"), "src/main/Feature.java", true);
        WorkflowJob p = j.createProject(WorkflowJob.class, "gated");
        p.setDefinition(new CpsFlowDefinition(""
                + "node {\n"
                + "  dir(" + groovy(repo) + ") {\n"
                + "    def gate = aiGovernanceGate()\n"
                + "    echo \"gate returned ${gate.decision}, approved by ${gate.approvedBy}\"\n"
                + "  }\n"
                + "}\n", true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        j.waitForMessage("waiting for 1 approval(s)", b);
        GovernanceAction action = b.getAction(GovernanceAction.class);
        assertThat(action.getDecision()).isEqualTo("APPROVAL_REQUIRED");
        assertThat(action.getApprovalStatus()).isEqualTo("PENDING");
        // Stage View and Blue Ocean read the pause from the step's flow node, as for the input step.
        List<FlowNode> paused = pausedHeads(b);
        assertThat(paused).hasSize(1);

        String approve = b.getUrl() + GovernanceAction.URL_NAME + "/approve";
        // Anonymous may read the build, but reviewing needs an account.
        WebResponse anonymous = JenkinsTestHttp.post(j, j.createWebClient(), approve);
        assertThat(anonymous.getStatusCode()).isEqualTo(403);
        assertThat(action.getApprovalStatus()).isEqualTo("PENDING");

        WebResponse author = JenkinsTestHttp.post(j, j.createWebClient().login("dana"), approve);
        assertThat(author.getContentAsString()).contains("refused").contains("dana");
        assertThat(action.getApprovalStatus()).isEqualTo("PENDING");
        assertThat(b.isBuilding()).isTrue();

        WebResponse reviewer = JenkinsTestHttp.post(j, j.createWebClient().login("alice"), approve);
        assertThat(reviewer.getStatusCode()).isEqualTo(200);
        j.assertBuildStatusSuccess(j.waitForCompletion(b));
        assertThat(action.getApprovalStatus()).isEqualTo("APPROVED");
        j.assertLogContains("gate returned APPROVAL_REQUIRED, approved by [alice]", b);
        assertThat(paused).noneMatch(node -> PauseAction.isPaused(node));
        // The refusal is on the record too, next to the approval that counted.
        String ledger = Files.readString(BuildLedger.file(b.getRootDir().toPath()), StandardCharsets.UTF_8);
        assertThat(ledger).contains(Events.APPROVAL_REFUSED).contains(Events.APPROVAL_GRANTED);
    }

    private static List<FlowNode> pausedHeads(WorkflowRun b) throws Exception {
        if (b.getExecution() == null || !b.isBuilding()) {
            return List.of();
        }
        return b.getExecution().getCurrentHeads().stream().filter(node -> PauseAction.isPaused(node)).toList();
    }
}
