package io.jenkins.plugins.aigovernance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigov.provenance.TestRepo;
import hudson.AbortException;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In Jenkins the global policy is the trust root and the CI's facts name the range: the change under review can
 * neither loosen the decision with a workspace policy nor pick a range that unlocks a role requiring approval.
 */
class TrustRootTest {
    private static final String GLOBAL = """
            version: 1
            identities:
              deploy: {provider: jwt, audience: "https://deploy.example", ttl: 10m, requiresApproval: true}
            rules:
              - when: {aiAttributed: true}
                require: {approvals: 1}
            evidence: {}
            approval:
              agents: ["claude[bot]"]
            """;
    private static final String LOOSE = """
            version: 1
            rules:
              - when: {aiAttributed: true}
                require: {approvals: 0}
            evidence: {}
            """;

    @TempDir
    Path tmp;

    private TestScope scope;
    private TestRepo repo;
    private String base;

    private void build(String name) {
        scope = new TestScope(name, tmp);
        scope.policyYaml = GLOBAL;
        scope.repository = tmp.resolve("repo-" + name);
        repo = TestRepo.init(scope.repository);
        repo.commit().file("README.md", "hello\n").message("initial").create();
        base = repo.head();
        repo.git("tag", "base");
        repo.commit().file("src/App.java", "class App {}\n")
                .message("Add app\n\nCo-authored-by: Claude <noreply@anthropic.com>\n").create();
        repo.commit().file("src/Util.java", "class Util {}\n")
                .message("Add util\n\nCo-authored-by: Claude <noreply@anthropic.com>\n").create();
        // What the git plugin sets: the last commit this job governed successfully.
        scope.environment.put("GIT_PREVIOUS_SUCCESSFUL_COMMIT", base);
    }

    private TestStepContext gate(String range, String policy) throws Exception {
        TestStepContext context = new TestStepContext(scope.name + "-gate-" + range + policy);
        AiGovernanceGateStep step = new AiGovernanceGateStep();
        step.setRange(range);
        step.setPolicy(policy);
        new AiGovernanceGateStep.Execution(step, context, scope.factory()).evaluate();
        return context;
    }

    private void deploy() throws Exception {
        TestStepContext context = new TestStepContext(scope.name + "-deploy");
        new WithAgentIdentityStep.Execution(new WithAgentIdentityStep("deploy"), context, scope.factory())
                .issueAndStartBody();
    }

    @Test
    void aWorkspacePolicyThatLoosensTheRulesStillNeedsTheGlobalPolicysApprovals() throws Exception {
        build("loose");
        scope.workspacePolicyYaml = LOOSE;
        TestStepContext context = gate("", ".aigov/policy.yaml");
        assertThat(context.state().completions).as("paused, not passed").isZero();
        assertThat(scope.action.getDecision()).isEqualTo("APPROVAL_REQUIRED");
        assertThat(scope.action.getRequiredApprovals()).isEqualTo(1);
        assertThat(scope.console()).contains("stricter only");
        assertThatThrownBy(this::deploy).isInstanceOf(AbortException.class).hasMessageContaining("requires approval");
    }

    @Test
    void anEmptyRangePassesButNeverUnlocksADeployRole() throws Exception {
        build("empty");
        TestStepContext context = gate("HEAD..HEAD", "");
        assertThat(context.state().success).isNotNull();
        assertThat(scope.action.getDecision()).isEqualTo("PASS");
        assertThat(scope.action.whyLocked(repo.head())).contains("does not cover the trusted range");
        assertThatThrownBy(this::deploy).isInstanceOf(AbortException.class).hasMessageContaining("requires approval");
        assertThat(scope.console()).contains("reported only").contains("stay locked");
        assertThat(scope.provider.everIssued).isEmpty();
    }

    @Test
    void aRangeChosenToSkipACommitIsReportedOnButUnlocksNothing() throws Exception {
        build("chosen");
        gate("HEAD~1..HEAD", "");
        scope.action.approve("sam", Set.of(), false);
        assertThat(scope.action.approvalsHeld()).as("the decision itself is approved").isTrue();
        assertThat(scope.action.whyLocked(repo.head())).contains("1 commit(s) between the trusted base and HEAD");
        assertThatThrownBy(this::deploy).isInstanceOf(AbortException.class);
    }

    @Test
    void theTrustedRangeUnlocksOnceApprovedAndANewCommitMakesTheApprovalStale() throws Exception {
        build("trusted");
        gate("", "");
        assertThat(scope.action.getTrustedRange()).isEqualTo(base + "..HEAD");
        assertThat(scope.action.isCoversTrustedRange()).isTrue();
        scope.action.approve("sam", Set.of(), false);
        deploy();
        assertThat(scope.provider.live()).hasSize(1);

        repo.commit().file("src/Auth.java", "class Auth { boolean verify() { return true; } }\n")
                .message("Skip signature checks").create();
        assertThat(scope.action.whyLocked(repo.head())).contains("stale");
        assertThatThrownBy(this::deploy).isInstanceOf(AbortException.class).hasMessageContaining("requires approval");
        assertThat(scope.console()).contains("not at the reviewed commit");
    }
}
