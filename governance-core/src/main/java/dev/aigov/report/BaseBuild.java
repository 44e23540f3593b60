package dev.aigov.report;

import dev.aigov.ledger.LedgerException;
import dev.aigov.ledger.LedgerVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Optional;

/**
 * The way back, as a build: among earlier builds, the newest one whose gate governed the base commit of this
 * change (its gate's head is the base), so "redeploy the base commit's build" names a build.
 *
 * @param label the build's label, e.g. {@code #41}
 * @param link  where its record is, as the caller gave it
 */
public record BaseBuild(String label, String link) {

    /** An earlier build as the search reads it: label, link to its record, and its ledger file (may be absent). */
    public record Candidate(String label, String link, Path ledger) {
    }

    /**
     * The newest candidate whose ledger's gate evaluated {@code baseCommit} as its head. Candidates come newest
     * first and are read one at a time, stopping at the first match; missing or unreadable ledgers are skipped.
     *
     * @param key the public key to verify seals with, or null (the head is read either way)
     * @return empty when the base is empty or no candidate governed it
     */
    public static Optional<BaseBuild> lastGovernedAt(String baseCommit, Iterable<Candidate> newestFirst, PublicKey key) {
        if (baseCommit == null || baseCommit.isEmpty()) {
            return Optional.empty();
        }
        for (Candidate candidate : newestFirst) {
            if (baseCommit.equals(governedHead(candidate.ledger(), key))) {
                return Optional.of(new BaseBuild(candidate.label(), candidate.link()));
            }
        }
        return Optional.empty();
    }

    /** The head commit the ledger's gate evaluated, or empty (no ledger, no gate, or unreadable). */
    public static String governedHead(Path ledger, PublicKey key) {
        if (ledger == null || !Files.isRegularFile(ledger)) {
            return "";
        }
        try {
            AuditRecord.Gate gate = AuditRecord.of(LedgerVerifier.read(ledger, key)).gate();
            return gate == null ? "" : gate.headCommit();
        } catch (LedgerException e) {
            return "";
        }
    }

    /** The base commit this ledger's change goes back to, or empty. */
    public static String baseCommit(Path ledger, PublicKey key) {
        if (ledger == null || !Files.isRegularFile(ledger)) {
            return "";
        }
        try {
            AuditRecord.Rollback rollback = AuditRecord.of(LedgerVerifier.read(ledger, key)).rollback();
            return rollback == null ? "" : rollback.baseCommit();
        } catch (LedgerException e) {
            return "";
        }
    }
}
