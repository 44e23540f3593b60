package dev.aigov.ledger;

import dev.aigov.ledger.VerificationResult.Problem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Verifies a ledger line by line: JSON shape, each line's hash, {@code seq} order, the {@code prev} chain, and
 * the seal's Ed25519 signature over the head hash and event count. Stops at the first bad line.
 */
public final class LedgerVerifier {
    private LedgerVerifier() {
    }

    /**
     * Verifies {@code file} and returns its events as far as they verified.
     *
     * @param expectedKey the public key the seal must be made with, or null to accept the key the seal names
     */
    public static VerifiedLedger read(Path file, PublicKey expectedKey) {
        return run(file, expectedKey, true);
    }

    /** Verifies {@code file} streaming, keeping no events (for large ledgers). */
    public static VerificationResult verify(Path file, PublicKey expectedKey) {
        return run(file, expectedKey, false).result();
    }

    private static VerifiedLedger run(Path file, PublicKey expectedKey, boolean keepEvents) {
        Run run = new Run(file, expectedKey, keepEvents);
        try {
            // Closing our descriptor would drop an appender's file lock held by another thread of this process.
            ReentrantLock inProcess = Ledger.inProcessLock(file);
            inProcess.lock();
            try (InputStream in = Files.newInputStream(file)) {
                return run.readAll(in);
            } finally {
                inProcess.unlock();
            }
        } catch (NoSuchFileException e) {
            throw new LedgerException("no ledger at " + file);
        } catch (IOException e) {
            throw new LedgerException("cannot read ledger " + dev.aigov.files.SafeFiles.describe(e, file), e);
        }
    }

    /** One verification pass. */
    private static final class Run {
        private final Path file;
        private final PublicKey expectedKey;
        private final boolean keepEvents;
        private final LineParser parser;
        private final List<String> hashes = new ArrayList<>();
        private final List<LedgerEvent> events = new ArrayList<>();
        private VerificationResult.IntactSealed seal;

        Run(Path file, PublicKey expectedKey, boolean keepEvents) {
            this.file = file;
            this.expectedKey = expectedKey;
            this.keepEvents = keepEvents;
            this.parser = new LineParser(keepEvents);
        }

        VerifiedLedger readAll(InputStream in) throws IOException {
            byte[] buf = new byte[1 << 16];
            int start = 0, end = 0;
            while (true) {
                int lastNewline = lastIndexOf(buf, start, end);
                if (lastNewline >= 0) {
                    VerificationResult bad = lines(buf, start, lastNewline + 1);
                    if (bad != null) {
                        return done(bad);
                    }
                    start = lastNewline + 1;
                }
                if (start > 0) {
                    System.arraycopy(buf, start, buf, 0, end - start);
                    end -= start;
                    start = 0;
                }
                if (end - start > dev.aigov.files.SafeFiles.Kind.LEDGER_LINE.cap()) {
                    throw new dev.aigov.files.SafeFiles.RefusedException(file + ": line " + (hashes.size() + 1)
                            + " is longer than " + dev.aigov.files.SafeFiles.size(dev.aigov.files.SafeFiles.Kind.LEDGER_LINE.cap())
                            + ", the most a ledger line may have");
                }
                if (end == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                } else if (buf.length < (1 << 20)) {
                    buf = Arrays.copyOf(buf, 1 << 20); // small ledgers need no big buffer; big ones want one
                }
                int read = in.read(buf, end, buf.length - end);
                if (read < 0) {
                    break;
                }
                end += read;
            }
            long count = hashes.size();
            if (end > start) {
                return done(new VerificationResult.Truncated(count + 1, count, (end - start)
                        + " bytes without a line end"));
            }
            if (seal != null) {
                return done(seal);
            }
            return done(new VerificationResult.Unsealed(count, head()));
        }

        /** Checks the whole lines in {@code buf[from, to)}; returns the first problem or null. */
        private VerificationResult lines(byte[] buf, int from, int to) throws IOException {
            try (LineParser.Chunk chunk = parser.new Chunk(buf, from, to)) {
                int start = from;
                for (int newline = indexOf(buf, start, to); newline >= 0; newline = indexOf(buf, start, to)) {
                    VerificationResult bad = line(chunk, buf, start, newline - start);
                    if (bad != null) {
                        return bad;
                    }
                    start = newline + 1;
                }
            }
            return null;
        }

        private VerifiedLedger done(VerificationResult result) {
            return new VerifiedLedger(file, result, events);
        }

        private String head() {
            return hashes.isEmpty() ? Ledger.GENESIS : hashes.get(hashes.size() - 1);
        }

        /** Checks one line; returns the problem or null. */
        private VerificationResult line(LineParser.Chunk chunk, byte[] buf, int off, int len) {
            long number = hashes.size() + 1;
            if (seal != null) {
                return new VerificationResult.Tampered(number, Problem.AFTER_SEAL,
                        "a line follows the seal on line " + (number - 1));
            }
            if (len == 0) {
                return new VerificationResult.Tampered(number, Problem.BAD_JSON, "empty line");
            }
            LineParser.Line line = chunk.next(buf, off, len);
            if (line == null || !line.hash().equals(line.computedHash())) {
                // off the fast path, or a bad hash that may really be bad JSON: let the precise parser say
                try {
                    line = parser.parse(buf, off, len);
                } catch (LineParser.BadLine e) {
                    return new VerificationResult.Tampered(number, e.problem, e.getMessage());
                }
            }
            if (!line.hash().equals(line.computedHash())) {
                return new VerificationResult.Tampered(number, Problem.BAD_HASH, "stored hash " + line.hash()
                        + " but the content hashes to " + line.computedHash());
            }
            if (line.seq() != number) {
                if (line.seq() < number && hashes.get((int) line.seq() - 1).equals(line.hash())) {
                    return new VerificationResult.Tampered(number, Problem.DUPLICATED,
                            "repeats the event on line " + line.seq());
                }
                return new VerificationResult.Tampered(number, Problem.REORDERED, "seq " + line.seq() + " where "
                        + number + " belongs: events were moved, deleted or inserted");
            }
            if (!line.prev().equals(head())) {
                return new VerificationResult.Tampered(number, Problem.BROKEN_CHAIN, "prev " + line.prev()
                        + " is not the previous line's hash " + head());
            }
            if (line.type().equals(Events.SEALED)) {
                String why = checkSeal(line);
                if (why != null) {
                    return new VerificationResult.Tampered(number, Problem.BAD_SIGNATURE, why);
                }
                seal = new VerificationResult.IntactSealed(line.seq() - 1, line.prev(),
                        line.data().path("publicKey").asText(), expectedKey != null);
            }
            hashes.add(line.hash());
            if (keepEvents) {
                events.add(line.toEvent());
            }
            return null;
        }

        private String checkSeal(LineParser.Line line) {
            var data = line.data();
            if (!"Ed25519".equals(data.path("algorithm").asText())) {
                return "the seal's algorithm is not Ed25519";
            }
            if (data.path("count").asLong(-1) != line.seq() - 1 || !data.path("head").asText().equals(line.prev())) {
                return "the seal's count or head does not match the events before it";
            }
            PublicKey named;
            byte[] signature;
            try {
                named = LedgerKey.publicKeyFromRaw(data.path("publicKey").asText());
                signature = Base64.getUrlDecoder().decode(data.path("signature").asText());
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                return "the seal's public key or signature is malformed: " + e.getMessage();
            }
            PublicKey key = expectedKey != null ? expectedKey : named;
            if (!LedgerKey.verify(key, Ledger.sealMessage(line.seq() - 1, line.prev()), signature)) {
                return expectedKey != null && !LedgerKey.rawBase64Url(expectedKey).equals(LedgerKey.rawBase64Url(named))
                        ? "not sealed with the expected public key " + LedgerKey.rawBase64Url(expectedKey)
                        + " (the seal names " + LedgerKey.rawBase64Url(named) + ")"
                        : "the seal's signature does not verify";
            }
            return null;
        }

        private static int lastIndexOf(byte[] buf, int from, int to) {
            for (int i = to - 1; i >= from; i--) {
                if (buf[i] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        private static int indexOf(byte[] buf, int from, int to) {
            for (int i = from; i < to; i++) {
                if (buf[i] == '\n') {
                    return i;
                }
            }
            return -1;
        }
    }

}
