package org.jenkinsci.plugins.workflow.graph;

import java.util.List;
import org.jenkinsci.plugins.workflow.flow.FlowExecution;

public abstract class FlowNode {
    protected FlowNode(FlowExecution exec, String id, List<FlowNode> parents) {
    }
}
