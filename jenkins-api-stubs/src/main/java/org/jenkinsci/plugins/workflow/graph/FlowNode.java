package org.jenkinsci.plugins.workflow.graph;

public abstract class FlowNode {
    private FlowNode() {
    }
}
