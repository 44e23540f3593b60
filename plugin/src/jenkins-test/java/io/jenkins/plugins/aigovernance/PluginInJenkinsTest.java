package io.jenkins.plugins.aigovernance;

import hudson.model.Result;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Runs only with {@code mvn -f plugin/pom-jenkins.xml verify} (a real Jenkins through JenkinsRule), where
 * repo.jenkins-ci.org is reachable; this project's own build cannot resolve Jenkins.
 */
@WithJenkins
class PluginInJenkinsTest {
    @Test
    void theWaitStepRunsOutsideNodeAndNeedsTheGateFirst(JenkinsRule j) throws Exception {
        WorkflowJob job = j.createProject(WorkflowJob.class, "wait-first");
        job.setDefinition(new CpsFlowDefinition("aiGovernanceWait(timeout: 1)", true));
        WorkflowRun run = j.buildAndAssertStatus(Result.FAILURE, job);
        j.assertLogContains("this build has no gate decision", run);
    }

    @Test
    void theGateNeedsAWorkspace(JenkinsRule j) throws Exception {
        WorkflowJob job = j.createProject(WorkflowJob.class, "no-node");
        job.setDefinition(new CpsFlowDefinition("aiGovernanceGate()", true));
        j.buildAndAssertStatus(Result.FAILURE, job);
    }
}
