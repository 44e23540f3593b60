package dev.aigov.ledger;

/**
 * What verifying a ledger found. Exhaustive: {@link IntactSealed} is the only good outcome; {@link Unsealed} and
 * {@link Truncated} mean every line present is intact but the ledger cannot be shown complete; {@link Tampered}
 * names the first bad line.
 */
public sealed interface VerificationResult
        permits VerificationResult.IntactSealed, VerificationResult.Unsealed, VerificationResult.Truncated,
        VerificationResult.Tampered {

    /**
     * {@code INTACT_SEALED} (sealed with a pinned key), {@code INTACT_UNPINNED} (intact, sealed with whatever key the
     * seal names: proves integrity, not who sealed), {@code UNSEALED}, {@code TRUNCATED} or {@code TAMPERED}, as in
     * JSON output.
     */
    String state();

    /** One line for people. */
    String describe();

    /**
     * Every line intact and chained, closed by a valid seal over the head hash and event count.
     *
     * @param count     events before the seal
     * @param head      hash of the last event before the seal
     * @param publicKey the sealing key (raw Ed25519, base64url)
     * @param keyPinned true when the caller gave the expected public key; false when only the key named in the
     *                  seal itself was checked (proves integrity, not who sealed)
     */
    record IntactSealed(long count, String head, String publicKey, boolean keyPinned) implements VerificationResult {
        public String state() {
            return keyPinned ? "INTACT_SEALED" : "INTACT_UNPINNED";
        }

        public String describe() {
            return "intact and sealed: " + count + " events, head " + head + ", signed by Ed25519 key " + publicKey
                    + (keyPinned ? " (the expected key)" : " (key taken from the seal, NOT pinned: anyone can reseal a "
                    + "rebuilt ledger with a fresh key; pass --public-key or list the key in the policy's ledger.trustedKeys)");
        }
    }

    /** Every line intact and chained, but no seal: the ledger may be incomplete (or still being written). */
    record Unsealed(long count, String head) implements VerificationResult {
        public String state() {
            return "UNSEALED";
        }

        public String describe() {
            return "intact but NOT sealed: " + count + " events, head " + head + "; the ledger may have lost its tail";
        }
    }

    /**
     * The last line is torn (no line end, or cut short): a writer was killed while appending. The lines before it
     * are intact.
     *
     * @param line  the torn line's number (1-based)
     * @param count intact events before it
     */
    record Truncated(long line, long count, String why) implements VerificationResult {
        public String state() {
            return "TRUNCATED";
        }

        public String describe() {
            return "line " + line + ": torn last line (" + why + "); " + count
                    + " intact events before it, NOT sealed";
        }
    }

    /**
     * Line {@code line} (1-based) is bad; nothing from it on can be trusted.
     */
    record Tampered(long line, Problem problem, String why) implements VerificationResult {
        public String state() {
            return "TAMPERED";
        }

        public String describe() {
            return "line " + line + ": " + problem.id() + ": " + why;
        }
    }

    /** Kinds of tampering, each reported with the first line where it shows. */
    enum Problem {
        /** Not one canonical ledger event in JSON (syntax, missing or unexpected fields, wrong types). */
        BAD_JSON,
        /** The stored hash does not match the line's content. */
        BAD_HASH,
        /** {@code prev} is not the previous line's hash. */
        BROKEN_CHAIN,
        /** The same event appears twice. */
        DUPLICATED,
        /** {@code seq} is out of order: lines moved, deleted or inserted. */
        REORDERED,
        /** The seal's signature, count or head does not verify, or it was made with another key. */
        BAD_SIGNATURE,
        /** Lines follow the seal. */
        AFTER_SEAL;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }
}
