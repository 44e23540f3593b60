package io.jenkins.plugins.aigovernance;

import static io.jenkins.plugins.aigovernance.JenkinsTestSupport.filesContaining;
import static io.jenkins.plugins.aigovernance.JenkinsTestSupport.groovy;
import static io.jenkins.plugins.aigovernance.JenkinsTestSupport.readToken;
import static io.jenkins.plugins.aigovernance.JenkinsTestSupport.standing;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigov.credentials.jwt.JwtVerificationException;
import hudson.model.Result;
import java.io.File;
import java.nio.file.Path;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * {@code withAgentIdentity} in a real Pipeline: the token reaches the body, never the console or the disk, and is
 * revoked however the block ends.
 */
@WithJenkins
class WithAgentIdentityPipelineTest {
    private JenkinsRule j;
    @TempDir
    private Path tmp;

    @BeforeEach
    void setUp(JenkinsRule rule) {
        j = rule;
        JenkinsTestSupport.pinIssuer();
    }

    /** The block writes its token to {@code tokenFile}, prints it, then runs {@code rest}. */
    private WorkflowJob pipeline(String name, Path tokenFile, String rest) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, name);
        p.setDefinition(new CpsFlowDefinition(""
                + "withAgentIdentity(role: 'agent') {\n"
                + "  node { writeFile file: " + groovy(tokenFile) + ", text: env.AIGOV_ID_TOKEN }\n"
                + "  echo \"token=${env.AIGOV_ID_TOKEN}\"\n"
                + rest
                + "}\n", true));
        return p;
    }

    @Test
    void theConsoleShowsOnlyTheMaskAndNoFileOfTheBuildHoldsTheToken() throws Exception {
        Path tokenFile = tmp.resolve("token");
        WorkflowJob p = pipeline("masked", tokenFile,
                "  input message: 'Paused inside the block', id: 'Paused'\n");
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        j.waitForMessage("Paused inside the block", b);
        String token = readToken(tokenFile);

        // Paused inside the block: the token is live, and no file of the build stores it (build.xml, the flow
        // nodes with their step arguments, the log; program.dat as far as it is written yet, and for certain in
        // WithAgentIdentityRestartTest, where the build resumes from it).
        assertThat(new File(b.getRootDir(), "build.xml")).exists();
        assertThat(filesContaining(b, token)).isEmpty();
        assertThat(standing(token)).isNull();
        j.assertLogContains("token=****", b);
        j.assertLogNotContains(token, b);

        proceed(b, "Paused");
        j.assertBuildStatusSuccess(j.waitForCompletion(b));
        j.assertLogNotContains(token, b);
        assertThat(filesContaining(b, token)).isEmpty();
        assertThat(standing(token)).isEqualTo(JwtVerificationException.Reason.REVOKED);
        GovernanceAction action = b.getAction(GovernanceAction.class);
        assertThat(action.getCredentialsIssued()).isEqualTo(1);
        assertThat(action.getCredentialsRevoked()).isEqualTo(1);
    }

    @Test
    void abortingTheBuildInsideTheBlockRevokesTheCredential() throws Exception {
        Path tokenFile = tmp.resolve("token");
        WorkflowJob p = pipeline("aborted", tokenFile,
                "  input message: 'Paused inside the block', id: 'Paused'\n");
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        j.waitForMessage("Paused inside the block", b);
        String token = readToken(tokenFile);
        assertThat(standing(token)).isNull();

        b.doStop();
        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(b));
        assertThat(standing(token)).isEqualTo(JwtVerificationException.Reason.REVOKED);
        assertThat(b.getAction(GovernanceAction.class).getCredentialsRevoked()).isEqualTo(1);
        j.assertLogContains("revoked role 'agent'", b);
        assertThat(filesContaining(b, token)).isEmpty();
    }

    @Test
    void aBodyThatFailsStillRevokesTheCredential() throws Exception {
        Path tokenFile = tmp.resolve("token");
        WorkflowJob p = pipeline("failing", tokenFile, "  error 'the body failed'\n");
        WorkflowRun b = j.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        String token = readToken(tokenFile);
        j.assertLogContains("the body failed", b);
        j.assertLogContains("token=****", b);
        j.assertLogNotContains(token, b);
        assertThat(standing(token)).isEqualTo(JwtVerificationException.Reason.REVOKED);
        assertThat(b.getAction(GovernanceAction.class).getCredentialsRevoked()).isEqualTo(1);
        assertThat(filesContaining(b, token)).isEmpty();
    }

    /** Proceeds the paused {@code input} step over HTTP, as a user would (security is off here). */
    private void proceed(WorkflowRun b, String inputId) throws Exception {
        JenkinsTestHttp.post(j, j.createWebClient(), b.getUrl() + "input/" + inputId + "/proceedEmpty");
    }
}
