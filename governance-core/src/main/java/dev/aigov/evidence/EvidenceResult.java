package dev.aigov.evidence;

import dev.aigov.gate.Reason;

import java.util.List;

/**
 * What the evidence checks found.
 *
 * @param reasons fail reasons for the gate (empty when every required check passed)
 * @param checks  one summary per check, in a fixed order: coverage, staticAnalysis, dependencies, secrets
 */
public record EvidenceResult(List<Reason> reasons, List<CheckSummary> checks) {
    public EvidenceResult {
        reasons = List.copyOf(reasons);
        checks = List.copyOf(checks);
    }

    public boolean passed() {
        return reasons.isEmpty();
    }
}
