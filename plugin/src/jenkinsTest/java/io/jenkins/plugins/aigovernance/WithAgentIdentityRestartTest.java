package io.jenkins.plugins.aigovernance;

import static io.jenkins.plugins.aigovernance.JenkinsTestSupport.filesContaining;
import static io.jenkins.plugins.aigovernance.JenkinsTestSupport.groovy;
import static io.jenkins.plugins.aigovernance.JenkinsTestSupport.readToken;
import static io.jenkins.plugins.aigovernance.JenkinsTestSupport.standing;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigov.credentials.jwt.JwtVerificationException;
import java.io.File;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/** The controller restarts while the block runs: the build resumes, finishes, and leaves nothing live. */
class WithAgentIdentityRestartTest {
    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();
    @TempDir
    private Path tmp;

    @Test
    void afterARestartInsideTheBlockTheBuildFinishesAndNothingIssuedBeforeStaysLive() throws Throwable {
        Path tokenFile = tmp.resolve("token");
        AtomicReference<String> token = new AtomicReference<>();
        sessions.then(j -> {
            JenkinsTestSupport.pinIssuer();
            WorkflowJob p = j.createProject(WorkflowJob.class, "restarted");
            p.setDefinition(new CpsFlowDefinition(""
                    + "withAgentIdentity(role: 'agent') {\n"
                    + "  node { writeFile file: " + groovy(tokenFile) + ", text: env.AIGOV_ID_TOKEN }\n"
                    + "  input message: 'Paused before the restart', id: 'Paused'\n"
                    + "  echo \"after the restart token=${env.AIGOV_ID_TOKEN}\"\n"
                    + "}\n"
                    + "echo 'after the block'\n", true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            j.waitForMessage("Paused before the restart", b);
            token.set(readToken(tokenFile));
            assertThat(standing(token.get())).isNull();
        });
        sessions.then(j -> {
            WorkflowJob p = j.jenkins.getItemByFullName("restarted", WorkflowJob.class);
            WorkflowRun b = p.getBuildByNumber(1);
            assertThat(b.isBuilding()).as("the build resumed after the restart").isTrue();
            // It resumed from its program state on disk, which holds the secret sealed, never in clear.
            assertThat(new File(b.getRootDir(), "program.dat")).exists();
            assertThat(filesContaining(b, token.get())).isEmpty();
            JenkinsTestHttp.post(j, j.createWebClient(), b.getUrl() + "input/Paused/proceedEmpty");
            j.assertBuildStatusSuccess(j.waitForCompletion(b));
            j.assertLogContains("after the restart token=****", b);
            j.assertLogContains("after the block", b);
            j.assertLogNotContains(token.get(), b);
            assertThat(standing(token.get())).isEqualTo(JwtVerificationException.Reason.REVOKED);
            GovernanceAction action = b.getAction(GovernanceAction.class);
            assertThat(action.getCredentialsRevoked()).isEqualTo(action.getCredentialsIssued()).isEqualTo(1);
            assertThat(filesContaining(b, token.get())).isEmpty();
        });
    }
}
