package io.jenkins.plugins.aigovernance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Which builds have a lease journal that may still hold open handles ({@code $JENKINS_HOME/ai-governance/journals/}),
 * so the reaper visits those builds instead of walking every build directory at start-up.
 */
final class JournalRegistry {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOGGER = Logger.getLogger(JournalRegistry.class.getName());

    private final Path dir;

    JournalRegistry(Path dir) {
        this.dir = dir;
    }

    record Entry(String run, Path journal, Path marker) {
    }

    void register(String run, Path journal) throws IOException {
        Files.createDirectories(dir);
        Path marker = dir.resolve(name(run));
        if (!Files.exists(marker)) {
            Files.writeString(marker, JSON.writeValueAsString(Map.of("run", run, "journal", journal.toString())),
                    StandardCharsets.UTF_8);
        }
    }

    /** The registered builds; a marker that cannot be read is logged and skipped (it stays for the next try). */
    List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> markers = Files.newDirectoryStream(dir, "*.json")) {
            for (Path marker : markers) {
                try {
                    JsonNode node = JSON.readTree(marker.toFile());
                    String run = node == null ? "" : node.path("run").asText("");
                    String journal = node == null ? "" : node.path("journal").asText("");
                    if (run.isEmpty() || journal.isEmpty()) {
                        throw new IOException("names no run or journal");
                    }
                    out.add(new Entry(run, Paths.get(journal), marker));
                } catch (IOException | RuntimeException e) {
                    LOGGER.log(Level.WARNING, "ai-governance: skipping the unreadable journal marker " + marker, e);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOGGER.log(Level.WARNING, "ai-governance: cannot list the lease journals in " + dir, e);
        }
        return out;
    }

    /** Drops the run's entry once its journal holds no open handle. */
    void forget(String run) throws IOException {
        Files.deleteIfExists(dir.resolve(name(run)));
    }

    void remove(Entry entry) throws IOException {
        Files.deleteIfExists(entry.marker());
    }

    private static String name(String run) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(run.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16) + ".json";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
