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
    /** Journals under it are recorded relative to it, so moving {@code JENKINS_HOME} strands none; null: absolute. */
    private final Path home;

    JournalRegistry(Path dir) {
        this(dir, null);
    }

    JournalRegistry(Path dir, Path home) {
        this.dir = dir;
        this.home = home == null ? null : home.toAbsolutePath().normalize();
    }

    record Entry(String run, Path journal, Path marker) {
    }

    void register(String run, Path journal) throws IOException {
        register(run, journal, null);
    }

    /**
     * @param buildDir the run's directory: the journal's place in it is kept too, so that when the job is renamed or
     *                 moved ({@link #moved}) the entry follows the build to its new directory
     */
    void register(String run, Path journal, Path buildDir) throws IOException {
        Files.createDirectories(dir);
        Path marker = dir.resolve(name(run));
        if (!Files.exists(marker)) {
            write(marker, run, journal.toAbsolutePath().normalize(), buildDir == null ? ""
                    : buildDir.toAbsolutePath().normalize().relativize(journal.toAbsolutePath().normalize()).toString());
        }
    }

    private void write(Path marker, String run, Path journal, String inBuild) throws IOException {
        String stored = home != null && journal.startsWith(home) ? home.relativize(journal).toString() : journal.toString();
        Files.writeString(marker, JSON.writeValueAsString(Map.of("run", run, "journal", stored, "inBuild", inBuild)),
                StandardCharsets.UTF_8);
    }

    /**
     * A job was renamed or moved ({@code oldFullName} to {@code newFullName}): its builds' entries take the new run
     * ids and, where {@code buildDirs} finds the build under its new id, the journal's place in the new build directory.
     */
    void moved(String oldFullName, String newFullName, java.util.function.Function<String, Path> buildDirs)
            throws IOException {
        String prefix = oldFullName + "#";
        for (Entry entry : entries()) {
            if (!entry.run().startsWith(prefix)) {
                continue;
            }
            String run = newFullName + "#" + entry.run().substring(prefix.length());
            String inBuild = JSON.readTree(entry.marker().toFile()).path("inBuild").asText("");
            Path buildDir = inBuild.isEmpty() ? null : buildDirs.apply(run);
            Path journal = buildDir == null ? entry.journal() : buildDir.resolve(inBuild);
            write(dir.resolve(name(run)), run, journal.toAbsolutePath().normalize(), inBuild);
            remove(entry);
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
                    Path path = Paths.get(journal);
                    out.add(new Entry(run, path.isAbsolute() || home == null ? path : home.resolve(path), marker));
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
