package io.jenkins.plugins.aigovernance;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.init.InitMilestone;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/** A crash's leftovers that cannot be read are the reaper's problem, never a reason for Jenkins not to start. */
class StartWithUnreadableJournalTest {
    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @Test
    void aLeftoverLeaseJournalThatCannotBeReadDoesNotStopTheStart() throws Throwable {
        sessions.then(j -> {
            Path home = j.jenkins.getRootDir().toPath();
            Path journals = home.resolve("ai-governance").resolve("journals");
            // A build that died holding a lease left a journal that is now garbage, and a registry entry that is too.
            Path journal = home.resolve("leftover").resolve("leases.journal");
            Files.createDirectories(journal.getParent());
            Files.write(journal, new byte[] {0, (byte) 0xff, '{', 'n', 'o', 't', 0x7f});
            new JournalRegistry(journals).register("gone#1", journal);
            Files.writeString(journals.resolve("broken.json"), "{\"run\": ", StandardCharsets.UTF_8);
        });
        sessions.then(j -> {
            assertThat(j.jenkins.getInitLevel()).isEqualTo(InitMilestone.COMPLETED);
            assertThat(j.jenkins.getPluginManager().getPlugin("ai-governance").isActive()).isTrue();
            assertAgentIdentityWorks(j, "after-leftovers");
            // What could not be read is left for the next start (and for an operator), not deleted unread.
            Path home = j.jenkins.getRootDir().toPath();
            assertThat(home.resolve("leftover").resolve("leases.journal")).exists();
            assertThat(home.resolve("ai-governance").resolve("journals").resolve("broken.json")).exists();
        });
    }

    static void assertAgentIdentityWorks(JenkinsRule j, String name) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, name);
        p.setDefinition(new CpsFlowDefinition(
                "withAgentIdentity(role: 'agent') { echo \"token=${env.AIGOV_ID_TOKEN}\" }", true));
        WorkflowRun b = j.assertBuildStatusSuccess(p.scheduleBuild2(0));
        j.assertLogContains("token=****", b);
        j.assertLogContains("revoked role 'agent'", b);
    }
}
