package io.jenkins.plugins.aigovernance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigov.credentials.LeaseHandle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The build's lease journal ({@code <build>/ai-governance/leases.jsonl}): one JSON line per issued or revoked
 * handle, forced to disk before the secret is handed out, so a reaper can revoke what a dead build left.
 * Handles only, never secret values.
 */
final class LeaseJournal {
    static final String FILE = "ai-governance/leases.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    LeaseJournal(Path file) {
        this.file = file;
    }

    static LeaseJournal inBuild(Path buildDir) {
        return new LeaseJournal(buildDir.resolve(FILE));
    }

    Path file() {
        return file;
    }

    void issued(LeaseHandle handle, String role, Instant expiresAt) throws IOException {
        ObjectNode line = line("issued", handle);
        line.put("role", role);
        line.put("expiresAt", expiresAt == null ? "" : expiresAt.toString());
        append(line);
    }

    void revoked(LeaseHandle handle) throws IOException {
        append(line("revoked", handle));
    }

    /** Handles issued and not yet revoked, in issue order. */
    List<LeaseHandle> open() throws IOException {
        Map<String, LeaseHandle> open = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return List.of();
        }
        int number = 0;
        for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            number++;
            if (text.isBlank()) {
                continue;
            }
            JsonNode line;
            try {
                line = JSON.readTree(text);
            } catch (com.fasterxml.jackson.core.JsonProcessingException torn) {
                // A crash can tear only the last line; anything else is damage worth reporting.
                throw new IOException(file + ":" + number + ": not a journal line: " + torn.getOriginalMessage());
            }
            LeaseHandle handle = handle(line);
            String key = handle.provider() + "/" + handle.id();
            if ("issued".equals(line.path("event").asText())) {
                open.put(key, handle);
            } else {
                open.remove(key);
            }
        }
        return new ArrayList<>(open.values());
    }

    private static ObjectNode line(String event, LeaseHandle handle) {
        ObjectNode line = JSON.createObjectNode();
        line.put("event", event);
        line.put("time", Instant.now().toString());
        line.put("provider", handle.provider());
        line.put("id", handle.id());
        ObjectNode attributes = line.putObject("attributes");
        new java.util.TreeMap<>(handle.attributes()).forEach(attributes::put);
        return line;
    }

    private static LeaseHandle handle(JsonNode line) {
        Map<String, String> attributes = new LinkedHashMap<>();
        line.path("attributes").properties().forEach(e -> attributes.put(e.getKey(), e.getValue().asText()));
        return new LeaseHandle(line.path("provider").asText(), line.path("id").asText(), attributes);
    }

    private void append(ObjectNode line) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap(bytes));
            channel.force(true);
        }
    }
}
