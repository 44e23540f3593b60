package io.jenkins.plugins.aigovernance;

import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code aiGovernanceWait(timeout: N)}: waits for the approval request that {@code aiGovernanceGate(wait: false)}
 * recorded on this build. It needs no workspace, so it runs outside {@code node} and holds no executor while
 * reviewers take their time (as the input step's guidance asks). Returns {@code decision}, {@code approvedBy}.
 */
public final class AiGovernanceWaitStep extends Step {
    private int timeout;

    @DataBoundConstructor
    public AiGovernanceWaitStep() {
    }

    /** Minutes to wait for reviewers from now; 0 keeps the gate's timeout (0 there waits until someone acts). */
    public int getTimeout() {
        return timeout;
    }

    @DataBoundSetter
    public void setTimeout(int timeout) {
        this.timeout = Math.max(0, timeout);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new AiGovernanceGateStep.Execution(timeout, context, JenkinsBuildScope.Factory.INSTANCE);
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "aiGovernanceWait";
        }

        @Override
        public String getDisplayName() {
            return "AI governance: wait for the approvals the gate requested (outside node)";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }
    }
}
