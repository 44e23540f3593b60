package dev.aigov.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigov.build.BuildRef;

import java.time.Instant;

/**
 * One verified ledger line. Obtained only through {@link LedgerVerifier} (inside a {@link VerifiedLedger}) or as
 * the return value of an append.
 *
 * @param seq    1-based position; line {@code n} holds {@code seq n}
 * @param time   when it was appended
 * @param type   e.g. {@code gate.evaluated}; see {@link Events}
 * @param build  the run it belongs to ({@code triggeredBy} is not recorded and reads empty)
 * @param actor  who appended it (a user id, {@code aigov-cli}, {@code jenkins})
 * @param data   the type's payload (a copy; changing it changes nothing)
 * @param prev   the previous line's hash ({@link Ledger#GENESIS} for the first)
 * @param hash   SHA-256 (hex) of this event's canonical encoding without {@code hash}
 */
public record LedgerEvent(long seq, Instant time, String type, BuildRef build, String actor, JsonNode data,
                          String prev, String hash) {
    @Override
    public JsonNode data() {
        return data.deepCopy();
    }
}
