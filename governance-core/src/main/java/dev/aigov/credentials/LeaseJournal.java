package dev.aigov.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lease journal: an append-only JSON Lines file of lease handles (never secrets). An {@code issued} line is
 * written and fsynced before a secret is handed out; a {@code revoked} line after the revocation is confirmed.
 * Whatever was issued and not revoked is outstanding, so a crashed run leaves a record for the {@link Reaper}.
 *
 * <p>Several processes may share one journal: every read and append holds an exclusive file lock. A line torn by
 * a crash mid-write is skipped when reading, and the next append starts on a fresh line.
 */
public final class LeaseJournal {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** File locks are per process; threads of one process queue on this lock first. */
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    /** A journal is a few lines per credential; past this it is refused rather than read into memory. */
    static final long MAX_JOURNAL_BYTES = 256L << 20;

    private final Path file;

    public LeaseJournal(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    public Path file() {
        return file;
    }

    /**
     * One outstanding lease.
     *
     * @param handle    how to revoke it
     * @param role      the role it was issued for
     * @param run       the run it was issued to ({@code job#build})
     * @param issuedAt  when
     * @param expiresAt when it stops working on its own
     */
    public record Entry(LeaseHandle handle, String role, String run, Instant issuedAt, Instant expiresAt,
                        List<String> files, long processGroup, String processStart) {
        public Entry {
            files = List.copyOf(files);
            processStart = processStart == null ? "" : processStart;
        }

        public Entry(LeaseHandle handle, String role, String run, Instant issuedAt, Instant expiresAt) {
            this(handle, role, run, issuedAt, expiresAt, List.of(), 0, "");
        }

        Entry withFiles(List<String> more) {
            List<String> all = new ArrayList<>(files);
            all.addAll(more);
            return new Entry(handle, role, run, issuedAt, expiresAt, all, processGroup, processStart);
        }

        Entry withProcess(long group, String start) {
            return new Entry(handle, role, run, issuedAt, expiresAt, files, group, start);
        }
    }

    /** A journal line that could not be read: its number (from 1) and why. */
    public record Unreadable(int line, String problem) {
    }

    /** What the journal holds: the outstanding leases it could read, and every line it could not. */
    public record Contents(List<Entry> outstanding, List<Unreadable> unreadable) {
    }

    /**
     * Records files that hold the lease's secret (a token file and its private directory), before the secret is
     * written to them: a reaper removes them after a crash.
     */
    public void files(LeaseHandle handle, List<Path> files) throws IOException {
        ObjectNode line = handleLine("files", handle);
        var array = line.putArray("files");
        files.forEach(f -> array.add(f.toAbsolutePath().toString()));
        append(line);
    }

    /**
     * Records the process group the secret was handed to and its leader's start time: a reaper ends that group
     * after a crash, and only when a process with that id and that start time is still there.
     */
    public void process(LeaseHandle handle, long processGroup, String startTime) throws IOException {
        ObjectNode line = handleLine("process", handle);
        line.put("processGroup", processGroup);
        line.put("processStart", startTime);
        append(line);
    }

    /** Records an issued lease durably (fsync) before its secret may be released. */
    public void issued(Entry entry) throws IOException {
        ObjectNode line = handleLine("issued", entry.handle());
        line.put("role", entry.role());
        line.put("run", entry.run());
        line.put("issuedAt", entry.issuedAt().toString());
        line.put("expiresAt", entry.expiresAt().toString());
        append(line);
    }

    /** Records that the handle's revocation was confirmed; it is no longer outstanding. */
    public void revoked(LeaseHandle handle) throws IOException {
        ObjectNode line = handleLine("revoked", handle);
        line.put("time", Instant.now().toString());
        append(line);
    }

    /** Issued and not yet revoked, oldest first (lines that cannot be read are left out: see {@link #read}). */
    public List<Entry> outstanding() throws IOException {
        return read().outstanding();
    }

    /**
     * Every outstanding lease the journal can read, and each line it cannot (torn by a crash, altered): one bad
     * line never hides the others, so a reaper revokes as much as it can.
     */
    public Contents read() throws IOException {
        if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return new Contents(List.of(), List.of());
        }
        return locked(channel -> {
            Map<String, Entry> open = new LinkedHashMap<>();
            List<Unreadable> unreadable = new ArrayList<>();
            String[] lines = new String(readAll(channel), StandardCharsets.UTF_8).split("\n");
            for (int n = 0; n < lines.length; n++) {
                String text = lines[n];
                if (text.isBlank()) {
                    continue;
                }
                try {
                    apply(parse(text), open);
                } catch (IllegalArgumentException | java.time.DateTimeException e) {
                    unreadable.add(new Unreadable(n + 1, e.getMessage()));
                }
            }
            return new Contents(List.copyOf(open.values()), List.copyOf(unreadable));
        });
    }

    private static void apply(JsonNode line, Map<String, Entry> open) {
        String provider = text(line, "provider");
        String id = text(line, "id");
        String key = provider + ":" + id;
        switch (text(line, "event")) {
            case "revoked" -> open.remove(key);
            case "issued" -> {
                Map<String, String> attributes = new LinkedHashMap<>();
                line.path("attributes").properties().forEach(a -> attributes.put(a.getKey(), a.getValue().asText()));
                open.put(key, new Entry(new LeaseHandle(provider, id, attributes), line.path("role").asText(),
                        line.path("run").asText(), time(line, "issuedAt"), time(line, "expiresAt")));
            }
            case "files" -> {
                List<String> files = new ArrayList<>();
                for (JsonNode f : line.path("files")) {
                    if (!f.isTextual() || !f.asText().startsWith("/")) {
                        throw new IllegalArgumentException("files: expected absolute paths, found " + f);
                    }
                    files.add(f.asText());
                }
                open.computeIfPresent(key, (k, e) -> e.withFiles(files));
            }
            case "process" -> {
                JsonNode group = line.path("processGroup");
                if (!group.canConvertToLong() || group.asLong() <= 1) {
                    throw new IllegalArgumentException("processGroup: expected a process id, found " + group);
                }
                open.computeIfPresent(key, (k, e) -> e.withProcess(group.asLong(), text(line, "processStart")));
            }
            default -> throw new IllegalArgumentException("event: unknown event '" + line.path("event").asText() + "'");
        }
    }

    private static String text(JsonNode line, String field) {
        JsonNode value = line.path(field);
        if (!value.isTextual()) {
            throw new IllegalArgumentException(field + ": expected text, found " + (value.isMissingNode() ? "nothing" : value));
        }
        return value.asText();
    }

    private static Instant time(JsonNode line, String field) {
        String value = text(line, field);
        try {
            return Instant.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(field + ": not a time: '" + value + "'");
        }
    }

    private static JsonNode parse(String text) {
        if (text.length() > dev.aigov.files.SafeFiles.Kind.JOURNAL_LINE.cap()) {
            throw new IllegalArgumentException("longer than " + dev.aigov.files.SafeFiles.size(
                    dev.aigov.files.SafeFiles.Kind.JOURNAL_LINE.cap()) + ", the most a journal line may have");
        }
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON (torn by a crash mid-write, or altered)");
        }
    }

    private static ObjectNode handleLine(String event, LeaseHandle handle) {
        ObjectNode line = JSON.createObjectNode();
        line.put("event", event);
        line.put("provider", handle.provider());
        line.put("id", handle.id());
        ObjectNode attributes = line.putObject("attributes");
        handle.attributes().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(a -> attributes.put(a.getKey(), a.getValue()));
        return line;
    }

    private void append(ObjectNode line) throws IOException {
        byte[] bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        locked(channel -> {
            long size = channel.size();
            ByteBuffer out = ByteBuffer.wrap(bytes);
            if (size > 0 && !endsWithNewline(channel, size)) {
                // The previous writer died mid-line: start ours on a line of its own.
                out = ByteBuffer.allocate(bytes.length + 1).put((byte) '\n').put(bytes).flip();
            }
            channel.position(size);
            while (out.hasRemaining()) {
                channel.write(out);
            }
            channel.force(true);
            return null;
        });
    }

    private static boolean endsWithNewline(FileChannel channel, long size) throws IOException {
        ByteBuffer last = ByteBuffer.allocate(1);
        channel.read(last, size - 1);
        return last.get(0) == '\n';
    }

    private static byte[] readAll(FileChannel channel) throws IOException {
        if (channel.size() > MAX_JOURNAL_BYTES) {
            throw new dev.aigov.files.SafeFiles.RefusedException("lease journal larger than "
                    + dev.aigov.files.SafeFiles.size(MAX_JOURNAL_BYTES) + "; start a new one per build");
        }
        ByteBuffer all = ByteBuffer.allocate(Math.toIntExact(channel.size()));
        while (all.hasRemaining() && channel.read(all, all.position()) >= 0) {
            // read until full
        }
        return all.array();
    }

    private interface Locked<T> {
        T run(FileChannel channel) throws IOException;
    }

    private <T> T locked(Locked<T> action) throws IOException {
        ReentrantLock threads = IN_PROCESS.computeIfAbsent(file, f -> new ReentrantLock());
        threads.lock();
        try {
            boolean created = !Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            if (created && file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            // Never through a symbolic link: a planted one would make us append to, or create, its target.
            dev.aigov.files.SafeFiles.refuseSymlink(file);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, java.nio.file.LinkOption.NOFOLLOW_LINKS); FileLock processes = channel.lock()) {
                if (created) {
                    syncDirectory(file.getParent());
                }
                return action.run(channel);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            threads.unlock();
        }
    }

    /** Makes a new journal's directory entry durable too (Linux allows fsync on a directory). */
    private static void syncDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException unsupported) {
            // not every platform can open a directory; the file's own fsync still holds the data
        }
    }
}
