package dev.aigov.ledger;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigov.build.BuildRef;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One build's audit ledger: a JSON Lines file of hash-chained events, closed by a signed seal.
 *
 * <p>Line {@code n} is one event {@code {"actor","build":{"job","number","url"},"data","hash","prev","seq":n,
 * "time","type"}} in the canonical encoding (see {@link Canonical}: sorted keys, no whitespace, UTF-8). {@code hash}
 * is the SHA-256 (hex) of the canonical encoding of the event without {@code hash}; {@code prev} is the previous
 * line's hash, {@link #GENESIS} for line 1. The seal ({@code ledger.sealed}) signs
 * {@code "aigov-ledger-seal-v1\n" + count + "\n" + head} with Ed25519, so a ledger that lost its tail cannot pass.
 *
 * <p>Every append takes an in-process lock and then an exclusive file lock, re-reads the tail under them (so any
 * number of threads and processes may append to one ledger), writes whole lines in one write and forces them to
 * disk before returning. This object holds no open file; it is cheap and safe to share.
 */
public final class Ledger {
    /** The {@code prev} of the first event. */
    public static final String GENESIS = "0".repeat(64);

    /** File locks are per process; threads of this process queue here first. */
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path file;
    private final BuildRef build;

    private Ledger(Path file, BuildRef build) {
        this.file = file;
        this.build = build;
    }

    /** The ledger of {@code build} in {@code file} (created, with its directories, on the first append). */
    public static Ledger open(Path file, BuildRef build) {
        return new Ledger(Objects.requireNonNull(file, "file"), Objects.requireNonNull(build, "build"));
    }

    public Path file() {
        return file;
    }

    /** Appends one event, durably; returns it as written. */
    public LedgerEvent append(String actor, Event event) {
        return appendAll(actor, List.of(event)).get(0);
    }

    /**
     * Appends several events with one write and one fsync (group commit): all of them are durable when this
     * returns, and a crash during it leaves a prefix of them followed at most by one torn line.
     */
    public List<LedgerEvent> appendAll(String actor, List<Event> events) {
        Objects.requireNonNull(actor, "actor");
        return write(file, build, actor, tail -> events);
    }

    /**
     * Seals the ledger in {@code file}: a last {@code ledger.sealed} event signed with {@code key} over the head hash
     * and the event count. Nothing can be appended afterwards.
     */
    public static LedgerEvent seal(Path file, LedgerKey key, String actor) {
        Objects.requireNonNull(key, "key");
        if (!Files.isRegularFile(file)) {
            throw new LedgerException("no ledger at " + file);
        }
        return write(file, null, actor, tail -> {
            if (tail.seq() == 0) {
                throw new LedgerException(file + ": nothing to seal: the ledger is empty");
            }
            byte[] signature = key.sign(sealMessage(tail.seq(), tail.hash()));
            return List.of(Events.sealed(tail.seq(), tail.hash(), key.publicKeyRaw(),
                    Base64.getUrlEncoder().withoutPadding().encodeToString(signature)));
        }).get(0);
    }

    /**
     * Appends {@code last} (e.g. the artifacts the build produced) as the ledger's own build, then seals it.
     *
     * @see #seal(Path, LedgerKey, String)
     */
    public static LedgerEvent seal(Path file, LedgerKey key, String actor, List<Event> last) {
        Objects.requireNonNull(key, "key");
        if (!last.isEmpty()) {
            if (!Files.isRegularFile(file)) {
                throw new LedgerException("no ledger at " + file);
            }
            write(file, null, actor, tail -> {
                if (tail.seq() == 0) {
                    throw new LedgerException(file + ": nothing to seal: the ledger is empty");
                }
                return last;
            });
        }
        return seal(file, key, actor);
    }

    /** What a seal signs. */
    static byte[] sealMessage(long count, String head) {
        return ("aigov-ledger-seal-v1\n" + count + "\n" + head).getBytes(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("try") // the file lock is held for the block, never referenced
    private static List<LedgerEvent> write(Path file, BuildRef build, String actor,
                                           java.util.function.Function<Tail, List<Event>> eventsAfter) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            // POSIX drops every lock a process holds on a file when it closes any descriptor of that file, so
            // threads of this process queue before opening the file, and the file is closed before the next goes.
            ReentrantLock inProcess = inProcessLock(file);
            inProcess.lock();
            // Never through a symbolic link: a planted (or dangling) link would make us write, or create, its target.
            dev.aigov.files.SafeFiles.refuseSymlink(file);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, java.nio.file.LinkOption.NOFOLLOW_LINKS); FileLock ignored = channel.lock()) {
                Tail tail = Tail.read(channel, file);
                if (tail.sealed()) {
                    throw new LedgerException(file + " is sealed (event " + tail.seq()
                            + "): nothing can be appended after the seal");
                }
                BuildRef owner = build != null ? build : tail.build();
                if (tail.build() != null && !(tail.build().job().equals(owner.job())
                        && tail.build().number().equals(owner.number()))) {
                    throw new LedgerException(file + " is the ledger of " + tail.build().runId() + ", not of "
                            + owner.runId() + ": use one ledger per build");
                }
                List<LedgerEvent> written = append(channel, tail, owner, actor, eventsAfter.apply(tail));
                if (tail.seq() == 0 && dir != null) {
                    syncDirectory(dir); // a new file's directory entry must be durable too
                }
                return written;
            } finally {
                inProcess.unlock();
            }
        } catch (IOException e) {
            throw new LedgerException("cannot append to ledger " + dev.aigov.files.SafeFiles.describe(e, file), e);
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            // some file systems cannot sync a directory; the data itself is already on disk
        }
    }

    /** The lock this process's threads take before opening {@code file} (appenders and verifiers alike). */
    static ReentrantLock inProcessLock(Path file) throws IOException {
        Path absolute = file.toAbsolutePath().normalize();
        Path dir = absolute.getParent();
        Path key = dir != null && Files.isDirectory(dir) ? dir.toRealPath().resolve(absolute.getFileName()) : absolute;
        return IN_PROCESS.computeIfAbsent(key, k -> new ReentrantLock());
    }

    private static List<LedgerEvent> append(FileChannel channel, Tail tail, BuildRef build, String actor,
                                            List<Event> events) throws IOException {
        long seq = tail.seq();
        String prev = tail.hash();
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        List<LedgerEvent> written = new ArrayList<>();
        for (Event event : events) {
            Instant now = Instant.now();
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("seq", ++seq);
            node.put("time", now.toString());
            node.put("type", event.type());
            node.putObject("build").put("job", build.job()).put("number", build.number()).put("url", build.url());
            node.put("actor", actor);
            node.set("data", event.data());
            node.put("prev", prev);
            String hash = Canonical.sha256Hex(Canonical.encode(node));
            node.put("hash", hash);
            byte[] line = Canonical.encode(node);
            lines.write(line);
            lines.write('\n');
            written.add(asRead(line));
            prev = hash;
        }
        ByteBuffer buffer = ByteBuffer.wrap(lines.toByteArray());
        long position = channel.size();
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
        // fdatasync: the data and the new file size are on disk before the caller goes on.
        channel.force(false);
        return written;
    }

    /** The event exactly as a verifier will read it back. */
    private static LedgerEvent asRead(byte[] line) {
        try {
            return new LineParser(true).parse(line, 0, line.length).toEvent();
        } catch (LineParser.BadLine e) {
            throw new IllegalStateException("the ledger wrote a line it cannot read: " + e.getMessage(), e);
        }
    }

    /** Whether the ledger in {@code file} ends with its seal (nothing can be appended); false when it does not exist. */
    public static boolean isSealed(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return Tail.read(channel, file).sealed();
        } catch (IOException e) {
            throw new LedgerException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The last event, read under the lock. */
    record Tail(long seq, String hash, BuildRef build, boolean sealed) {
        static Tail read(FileChannel channel, Path file) throws IOException {
            long size = channel.size();
            if (size == 0) {
                return new Tail(0, GENESIS, null, false);
            }
            if (readByte(channel, size - 1) != '\n') {
                throw new LedgerException(file + ": the last line is torn (a writer was killed while appending); "
                        + "run 'aigov verify' on it and start a new ledger");
            }
            byte[] line = lastLine(channel, size - 1);
            try {
                LineParser.Line last = new LineParser(false).parse(line, 0, line.length);
                if (!last.hash().equals(last.computedHash())) {
                    throw new LedgerException(file + ": the last line's hash does not match its content; "
                            + "run 'aigov verify' on it");
                }
                return new Tail(last.seq(), last.hash(), last.buildRef(), last.type().equals(Events.SEALED));
            } catch (LineParser.BadLine e) {
                throw new LedgerException(file + ": the last line is not a ledger event (" + e.getMessage()
                        + "); run 'aigov verify' on it");
            }
        }

        private static byte readByte(FileChannel channel, long position) throws IOException {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, position);
            return one.get(0);
        }

        /** The bytes before {@code end} back to the previous line end, read backwards in blocks. */
        private static byte[] lastLine(FileChannel channel, long end) throws IOException {
            ByteArrayOutputStream reversed = new ByteArrayOutputStream();
            ByteBuffer block = ByteBuffer.allocate(8192);
            long position = end;
            while (position > 0) {
                int length = (int) Math.min(block.capacity(), position);
                block.clear().limit(length);
                while (block.hasRemaining() && channel.read(block, position - length + block.position()) >= 0) {
                    // fill the block
                }
                for (int i = length - 1; i >= 0; i--) {
                    byte b = block.get(i);
                    if (b == '\n') {
                        return reverse(reversed.toByteArray());
                    }
                    reversed.write(b);
                }
                position -= length;
            }
            return reverse(reversed.toByteArray());
        }

        private static byte[] reverse(byte[] bytes) {
            for (int i = 0, j = bytes.length - 1; i < j; i++, j--) {
                byte b = bytes[i];
                bytes[i] = bytes[j];
                bytes[j] = b;
            }
            return bytes;
        }
    }
}
