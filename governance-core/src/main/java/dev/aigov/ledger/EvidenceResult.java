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
 */
public record EvidenceResult(String check, String file, String sha256, String outcome, String summary) {
    public EvidenceResult {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(outcome, "outcome");
        file = file == null ? "" : file;
        sha256 = sha256 == null ? "" : sha256;
        summary = summary == null ? "" : summary;
    }
}
