package dev.aigov.provenance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real git repository for tests, built with the {@code git} command: fixed identities and dates, no user or
 * system configuration, so every run produces the same commits. Reusable from other modules' tests through
 * governance-core's test jar.
 *
 * <pre>{@code
 * TestRepo repo = TestRepo.init(tempDir);
 * String id = repo.commit().message("Fix\n\nCo-authored-by: Claude <noreply@anthropic.com>").file("a.txt", "x").create();
 * }</pre>
 */
public final class TestRepo {
    public static final Person DEFAULT_AUTHOR = new Person("Ada Lovelace", "ada@example.com");

    private final Path dir;
    private int clock;

    private TestRepo(Path dir) {
        this.dir = dir;
    }

    /** {@code git init} in {@code dir} (created when missing), branch {@code main}. */
    public static TestRepo init(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestRepo repo = new TestRepo(dir);
        repo.git("init", "-q", "-b", "main");
        return repo;
    }

    /** Wraps a repository that exists already (e.g. a clone). */
    public static TestRepo at(Path dir) {
        return new TestRepo(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Starts a commit: the default author and committer, a message, no files (an empty commit unless files are added). */
    public CommitBuilder commit() {
        return new CommitBuilder();
    }

    /** A commit changing one file, by the default author; returns its id. */
    public String commit(String message) {
        return commit().message(message).file("file-" + (clock + 1) + ".txt", "change " + (clock + 1) + "\n").create();
    }

    /** Attaches a note under {@code refs/notes/<ref>}. */
    public void note(String ref, String commit, String text) {
        git("notes", "--ref=" + ref, "add", "-f", "-m", text, commit);
    }

    /** Feeds a {@code git fast-import} stream (fast for huge commits and long histories). */
    public void fastImport(byte[] stream) {
        run(List.of("fast-import", "--quiet"), stream);
    }

    /** Runs git in the repository; returns stdout (trimmed); fails the test on a non-zero exit. */
    public String git(String... args) {
        return new String(run(List.of(args), null), StandardCharsets.UTF_8).strip();
    }

    public String head() {
        return git("rev-parse", "HEAD");
    }

    public final class CommitBuilder {
        private byte[] message = "commit".getBytes(StandardCharsets.UTF_8);
        private Person author = DEFAULT_AUTHOR;
        private Person committer = DEFAULT_AUTHOR;
        private final List<Map.Entry<String, byte[]>> files = new ArrayList<>();
        private final List<String[]> moves = new ArrayList<>();

        public CommitBuilder message(String text) {
            this.message = text.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /** A message of raw bytes, e.g. invalid UTF-8. */
        public CommitBuilder message(byte[] raw) {
            this.message = raw.clone();
            return this;
        }

        public CommitBuilder author(String name, String email) {
            this.author = new Person(name, email);
            return this;
        }

        public CommitBuilder committer(String name, String email) {
            this.committer = new Person(name, email);
            return this;
        }

        /** Author and committer both. */
        public CommitBuilder by(String name, String email) {
            return author(name, email).committer(name, email);
        }

        public CommitBuilder file(String path, String content) {
            files.add(Map.entry(path, content.getBytes(StandardCharsets.UTF_8)));
            return this;
        }

        public CommitBuilder move(String from, String to) {
            moves.add(new String[] {from, to});
            return this;
        }

        /** Commits and returns the new commit's id. */
        public String create() {
            try {
                for (Map.Entry<String, byte[]> file : files) {
                    Path path = dir.resolve(file.getKey());
                    Files.createDirectories(path.getParent());
                    Files.write(path, file.getValue());
                    git("add", "--", file.getKey());
                }
                for (String[] move : moves) {
                    Path target = dir.resolve(move[1]).getParent();
                    if (target != null) {
                        Files.createDirectories(target);
                    }
                    git("mv", "--", move[0], move[1]);
                }
                Path messageFile = Files.createTempFile("commit-message", ".txt");
                try {
                    Files.write(messageFile, message);
                    clock++;
                    String date = "@" + (1_700_000_000L + clock * 60L) + " +0000";
                    runWith(List.of("commit", "-q", "--allow-empty", "--allow-empty-message", "--cleanup=verbatim",
                                    "-F", messageFile.toString()), null,
                            Map.of("GIT_AUTHOR_NAME", author.name(), "GIT_AUTHOR_EMAIL", author.email(),
                                    "GIT_COMMITTER_NAME", committer.name(), "GIT_COMMITTER_EMAIL", committer.email(),
                                    "GIT_AUTHOR_DATE", date, "GIT_COMMITTER_DATE", date));
                } finally {
                    Files.deleteIfExists(messageFile);
                }
                return head();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private byte[] run(List<String> args, byte[] stdin) {
        return runWith(args, stdin, Map.of());
    }

    private byte[] runWith(List<String> args, byte[] stdin, Map<String, String> extraEnv) {
        List<String> command = new ArrayList<>();
        command.add("git");
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("GIT_"));
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_CONFIG_GLOBAL", "/dev/null");
        env.put("GIT_AUTHOR_NAME", DEFAULT_AUTHOR.name());
        env.put("GIT_AUTHOR_EMAIL", DEFAULT_AUTHOR.email());
        env.put("GIT_COMMITTER_NAME", DEFAULT_AUTHOR.name());
        env.put("GIT_COMMITTER_EMAIL", DEFAULT_AUTHOR.email());
        env.put("GIT_AUTHOR_DATE", "@1700000000 +0000");
        env.put("GIT_COMMITTER_DATE", "@1700000000 +0000");
        env.putAll(extraEnv);
        try {
            Process process = builder.start();
            Thread feeder = Thread.ofPlatform().daemon().start(() -> {
                try (OutputStream in = process.getOutputStream()) {
                    if (stdin != null) {
                        in.write(stdin);
                    }
                } catch (IOException ignored) {
                    // git exited early; its exit code tells
                }
            });
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread errors = Thread.ofPlatform().daemon().start(() -> {
                try (InputStream e = process.getErrorStream()) {
                    e.transferTo(err);
                } catch (IOException ignored) {
                    // process gone
                }
            });
            byte[] out = process.getInputStream().readAllBytes();
            int exit = process.waitFor();
            feeder.join();
            errors.join();
            if (exit != 0) {
                throw new IllegalStateException("git " + String.join(" ", args) + " exited " + exit + ": " + err);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
