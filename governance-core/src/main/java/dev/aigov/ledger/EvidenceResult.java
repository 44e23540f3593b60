package dev.aigov.ledger;

import java.util.Objects;

/**
 * One evidence check as the gate saw it, for the record.
 *
 * @param check   the check's id: {@code coverage}, {@code static-analysis}, {@code dependencies}, {@code secrets}
 * @param file    the report file it read, or empty
 * @param sha256  the report file's SHA-256 (hex), or empty when there was no file
 * @param outcome {@code pass}, {@code fail} or {@code missing}
 * @param summary one line for people, e.g. {@code line coverage 0.72 < 0.80 on changed files}
 * @param values  what was measured, e.g. {@code changedFilesLineCoverage: 0.72}, {@code findings: 0} (numbers, strings,
 *                booleans, lists and maps of those; never a secret: secret findings are masked)
 */
public record EvidenceResult(String check, String file, String sha256, String outcome, String summary,
                             java.util.Map<String, Object> values) {
    public EvidenceResult {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(outcome, "outcome");
        file = file == null ? "" : file;
        sha256 = sha256 == null ? "" : sha256;
        summary = summary == null ? "" : summary;
        values = values == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
    }

    public EvidenceResult(String check, String file, String sha256, String outcome, String summary) {
        this(check, file, sha256, outcome, summary, java.util.Map.of());
    }
}
