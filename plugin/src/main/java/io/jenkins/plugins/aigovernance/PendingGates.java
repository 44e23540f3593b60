package io.jenkins.plugins.aigovernance;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gate executions waiting for a reviewer, by run id. Executions register on start and again on resume after a
 * restart (they are restored from program.dat); the build action wakes them after a reviewer acts.
 */
final class PendingGates {
    private static final Map<String, AiGovernanceGateStep.Execution> WAITING = new ConcurrentHashMap<>();

    private PendingGates() {
    }

    static void register(String run, AiGovernanceGateStep.Execution execution) {
        WAITING.put(run, execution);
    }

    static void remove(String run) {
        if (run != null) {
            WAITING.remove(run);
        }
    }

    static void wake(String run) {
        if (run == null || run.isEmpty()) {
            return;
        }
        AiGovernanceGateStep.Execution execution = WAITING.get(run);
        if (execution != null) {
            execution.reviewerActed();
        }
    }
}
