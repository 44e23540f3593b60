package org.jenkinsci.plugins.workflow.graph;

import hudson.model.Action;

public abstract class FlowNode {
    private FlowNode() {
    }

    public void addAction(Action a) {
        throw new UnsupportedOperationException();
    }
}
