package dev.aigov.ledger;

import java.nio.file.Path;
import java.util.List;

/**
 * A ledger's events as far as they verified, with the verification result. Only {@link LedgerVerifier} makes
 * one: whoever holds a {@code VerifiedLedger} knows exactly how far its events can be trusted.
 * For {@link VerificationResult.Tampered} and {@link VerificationResult.Truncated} ledgers, {@link #events()}
 * holds the intact lines before the first bad one.
 */
public final class VerifiedLedger {
    private final Path file;
    private final VerificationResult result;
    private final List<LedgerEvent> events;

    VerifiedLedger(Path file, VerificationResult result, List<LedgerEvent> events) {
        this.file = file;
        this.result = result;
        this.events = List.copyOf(events);
    }

    public Path file() {
        return file;
    }

    public VerificationResult result() {
        return result;
    }

    public List<LedgerEvent> events() {
        return events;
    }

    /** True only for an intact, sealed ledger. */
    public boolean complete() {
        return result instanceof VerificationResult.IntactSealed;
    }
}
