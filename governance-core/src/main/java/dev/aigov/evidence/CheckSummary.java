package dev.aigov.evidence;

import java.util.List;
import java.util.Map;

/**
 * A JSON-ready account of one check, for the gate's output and the audit ledger.
 *
 * @param check    {@code coverage}, {@code staticAnalysis}, {@code dependencies} or {@code secrets}
 * @param required whether the policy requires this evidence
 * @param status   {@code pass}, {@code fail}, or {@code not-required} (numbers still shown when reports were given)
 * @param checked  one sentence: what was checked against what
 * @param metrics  the numbers (insertion-ordered, values are numbers, strings, booleans or lists of those)
 * @param reports  every report file read, with its SHA-256
 * @param controls framework control ids this check evidences
 */
public record CheckSummary(String check, boolean required, String status, String checked, Map<String, Object> metrics,
                           List<ReportDigest> reports, List<String> controls) {
    public CheckSummary {
        metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
        reports = List.copyOf(reports);
        controls = List.copyOf(controls);
    }

    /**
     * @param path   the report's path as given
     * @param format detected format, e.g. {@code jacoco}, {@code cobertura}, {@code lcov}, {@code sarif-2.1.0}
     * @param sha256 lower-case hex digest of the file's bytes
     * @param bytes  the file's size
     * @param used   false when the report was refused (wrong commit)
     */
    public record ReportDigest(String path, String format, String sha256, long bytes, boolean used) {
    }
}
