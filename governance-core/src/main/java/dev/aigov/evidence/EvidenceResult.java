package dev.aigov.evidence;

import dev.aigov.gate.Reason;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /** The checks as plain maps and lists (check name to its summary), for JSON output and the audit ledger. */
    public Map<String, Object> summaryMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (CheckSummary check : checks) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("required", check.required());
            one.put("status", check.status());
            one.put("checked", check.checked());
            one.put("metrics", check.metrics());
            one.put("reports", check.reports().stream().map(r -> {
                Map<String, Object> report = new LinkedHashMap<>();
                report.put("path", r.path());
                report.put("format", r.format());
                report.put("sha256", r.sha256());
                report.put("bytes", r.bytes());
                report.put("used", r.used());
                return report;
            }).toList());
            one.put("controls", check.controls());
            out.put(check.check(), one);
        }
        return out;
    }
}
