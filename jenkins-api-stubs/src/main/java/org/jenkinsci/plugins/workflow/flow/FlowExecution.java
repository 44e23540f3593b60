package org.jenkinsci.plugins.workflow.flow;

import java.util.List;
import org.jenkinsci.plugins.workflow.graph.FlowNode;

public abstract class FlowExecution {
    public FlowExecution() {
    }

    public abstract List<FlowNode> getCurrentHeads();
}
