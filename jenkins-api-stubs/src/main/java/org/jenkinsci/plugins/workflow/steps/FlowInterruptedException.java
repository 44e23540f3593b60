package org.jenkinsci.plugins.workflow.steps;

import hudson.model.Result;
import java.util.List;
import jenkins.model.CauseOfInterruption;

public final class FlowInterruptedException extends InterruptedException {
    private final List<CauseOfInterruption> causes;

    public FlowInterruptedException(Result result, boolean actualInterruption, CauseOfInterruption... causes) {
        this.causes = List.of(causes);
    }

    public List<CauseOfInterruption> getCauses() {
        return causes;
    }
}
