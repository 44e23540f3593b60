package dev.aigov.approval;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Reads and writes approval request files (JSON, UTF-8). Writes are atomic: a temporary file renamed over the old. */
public final class ApprovalRequests {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new SimpleModule("instants")
                    .addSerializer(Instant.class, new JsonSerializer<>() {
                        @Override
                        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider)
                                throws IOException {
                            gen.writeString(value.toString());
                        }
                    })
                    .addDeserializer(Instant.class, new JsonDeserializer<>() {
                        @Override
                        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                            try {
                                return Instant.parse(p.getValueAsString());
                            } catch (DateTimeParseException | NullPointerException e) {
                                throw ctxt.weirdStringException(p.getText(), Instant.class,
                                        "expected an ISO-8601 instant such as 2026-01-31T12:00:00Z");
                            }
                        }
                    }))
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /** How long an approval waits for another process's before it gives up. */
    static final java.time.Duration LOCK_WAIT = java.time.Duration.ofSeconds(30);

    private static final java.util.concurrent.ConcurrentMap<Path, Object> IN_PROCESS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private ApprovalRequests() {
    }

    public static void write(Path file, ApprovalRequest request) throws IOException {
        dev.aigov.files.SafeFiles.refuseSymlink(file);
        Path absolute = file.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
        try {
            Files.write(temp, JSON.writeValueAsBytes(request));
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** One action on a request (approve or reject). */
    @FunctionalInterface
    public interface Action {
        ApprovalOutcome apply(ApprovalRequest request);
    }

    /**
     * Reads, acts and writes back while holding {@code FILE.lock}, so that two approvers acting at once both have
     * their events recorded (a plain read-modify-write would lose one). The lock is the file's existence, as git's
     * {@code index.lock}: created only if absent, removed when done, so none is left behind. (A POSIX file lock would
     * need a lock file that stays, since removing it while others wait on it lets two hold it at once.) A lock left
     * by a process that died within its few milliseconds is reported after {@link #LOCK_WAIT}, naming its holder.
     */
    public static ApprovalOutcome update(Path file, Action action) throws ApprovalException, IOException {
        return update(file, action, LOCK_WAIT);
    }

    static ApprovalOutcome update(Path file, Action action, java.time.Duration lockWait) throws ApprovalException, IOException {
        // A lock only beside a request that exists (never FILE.lock for a missing file, or for /dev/zero), and never
        // through a symbolic link at either path.
        dev.aigov.files.SafeFiles.refuseSymlink(file);
        if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new ApprovalException(file + (Files.exists(file) ? ": not a regular file" : ": approval request file not found"));
        }
        Path lock = file.toAbsolutePath().normalize().resolveSibling(file.getFileName() + ".lock");
        // Threads of one JVM (a Jenkins controller) queue on a monitor first; processes on the lock file.
        dev.aigov.files.SafeFiles.refuseSymlink(lock);
        synchronized (IN_PROCESS.computeIfAbsent(lock, k -> new Object())) {
            acquire(lock, file, lockWait);
            try {
                ApprovalOutcome outcome = action.apply(read(file));
                write(file, outcome.request());
                return outcome;
            } finally {
                Files.deleteIfExists(lock);
            }
        }
    }

    /**
     * Creates {@code lock}, waiting while another process holds it. Creation fails on any existing entry, a symbolic
     * link included, so nothing is ever written through one.
     */
    private static void acquire(Path lock, Path file, java.time.Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        byte[] holder = (ProcessHandle.current().pid() + " since " + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8);
        while (true) {
            java.io.OutputStream out;
            try {
                out = Files.newOutputStream(lock, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (java.nio.file.FileAlreadyExistsException held) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("cannot update " + file + ": another approval held " + lock + " for "
                            + wait.toMillis() + " ms" + holderOf(lock) + "; if no aigov approval is running, remove "
                            + lock);
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while waiting for " + lock);
                }
                continue;
            }
            try (out) {
                out.write(holder); // who holds it, for the message above
                return;
            } catch (IOException e) {
                Files.deleteIfExists(lock); // never leave a lock no one holds
                throw e;
            }
        }
    }

    /** " (held by process PID since TIME)" from a lock file, or "" when it says something else or is gone. */
    private static String holderOf(Path lock) {
        try (var in = Files.newInputStream(lock, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            String text = new String(in.readNBytes(100), StandardCharsets.UTF_8).strip();
            return text.matches("\\d+ since [0-9TZ:.-]+") ? " (held by process " + text + ")" : "";
        } catch (IOException gone) {
            return "";
        }
    }

    /**
     * Reads the request file that should belong to {@code expected} (the request the gate creates afresh for the
     * decision it has just reached) and returns the stored one, with its events. A file for another build, decision,
     * set of commits or requirement is refused: approvals given for one change never carry over to another.
     */
    public static ApprovalRequest readMatching(Path file, ApprovalRequest expected) throws ApprovalException {
        ApprovalRequest stored = read(file);
        if (!stored.id().equals(expected.id())) {
            throw new ApprovalException(file + ": approval request " + stored.id() + " is for another build, decision or "
                    + "set of commits than the one under review (" + expected.id() + ")");
        }
        return stored;
    }

    /** Reads a request; a malformed or altered file is an error naming the file and, for bad JSON, line and column. */
    public static ApprovalRequest read(Path file) throws ApprovalException {
        ApprovalRequest request;
        try (var in = dev.aigov.files.SafeFiles.open(file, dev.aigov.files.SafeFiles.Kind.REQUEST)) {
            request = JSON.readValue(in, ApprovalRequest.class);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? file.toString() : file + ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw new ApprovalException(where + ": not a valid approval request: " + e.getOriginalMessage(), e);
        } catch (NoSuchFileException e) {
            throw new ApprovalException(file + ": approval request file not found", e);
        } catch (IOException e) {
            throw new ApprovalException("cannot read approval request " + dev.aigov.files.SafeFiles.describe(e, file), e);
        } catch (RuntimeException e) { // a record constructor refused a value (e.g. a missing id)
            throw new ApprovalException(file + ": not a valid approval request: " + e.getMessage(), e);
        }
        if (request == null) {
            throw new ApprovalException(file + ": not a valid approval request: empty document");
        }
        if (!request.id().equals(request.computedId())) {
            throw new ApprovalException(file + ": approval request was altered: its content does not hash to its id "
                    + request.id());
        }
        return request;
    }
}
