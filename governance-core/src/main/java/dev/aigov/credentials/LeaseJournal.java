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
    public record Entry(LeaseHandle handle, String role, String run, Instant issuedAt, Instant expiresAt) {
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

    /** Issued and not yet revoked, oldest first. */
    public List<Entry> outstanding() throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        return locked(channel -> {
            Map<String, Entry> open = new LinkedHashMap<>();
            for (String text : new String(readAll(channel), StandardCharsets.UTF_8).split("\n")) {
                JsonNode line = parse(text);
                if (line == null) {
                    continue; // torn by a crash mid-write, or blank
                }
                String key = line.path("provider").asText() + ":" + line.path("id").asText();
                if ("revoked".equals(line.path("event").asText())) {
                    open.remove(key);
                } else if ("issued".equals(line.path("event").asText())) {
                    Map<String, String> attributes = new LinkedHashMap<>();
                    line.path("attributes").properties().forEach(a -> attributes.put(a.getKey(), a.getValue().asText()));
                    open.put(key, new Entry(
                            new LeaseHandle(line.path("provider").asText(), line.path("id").asText(), attributes),
                            line.path("role").asText(), line.path("run").asText(),
                            Instant.parse(line.path("issuedAt").asText()), Instant.parse(line.path("expiresAt").asText())));
                }
            }
            return List.copyOf(open.values());
        });
    }

    private static JsonNode parse(String text) {
        if (text.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(text);
            return node != null && node.isObject() && node.hasNonNull("event") && node.hasNonNull("id")
                    && (!"issued".equals(node.path("event").asText())
                    || node.hasNonNull("issuedAt") && node.hasNonNull("expiresAt")) ? node : null;
        } catch (IOException | RuntimeException torn) {
            return null;
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
            boolean created = !Files.exists(file);
            if (created && file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE); FileLock processes = channel.lock()) {
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
