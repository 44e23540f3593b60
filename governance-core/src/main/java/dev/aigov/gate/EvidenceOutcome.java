package dev.aigov.gate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the evidence checks found.
 *
 * @param failures reasons that fail the gate (missing or insufficient evidence)
 * @param summary  per-check results, ready for JSON output and the audit ledger (check name to its result)
 */
public record EvidenceOutcome(List<Reason> failures, Map<String, Object> summary) {
    public EvidenceOutcome {
        failures = List.copyOf(failures);
        summary = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(summary));
    }

    public static EvidenceOutcome none() {
        return new EvidenceOutcome(List.of(), Map.of());
    }
}
