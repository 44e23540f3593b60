package dev.aigov.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The build's training run for the JDK's ahead-of-time cache ({@code src/dist/aot-train}): the commands a pipeline
 * runs, once each, in one JVM, on throw-away repositories, so the cache holds the classes they load and link. Not
 * part of the CLI; nothing it does outlives its temporary directory (the demo keeps its keys in its own directory).
 */
public final class AotTraining {
    private AotTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("aigov-aot-training-");
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        try {
            Path repo = Files.createDirectories(dir.resolve("repo"));
            git(repo, "init", "-q");
            Files.writeString(repo.resolve("README.md"), "training\n");
            git(repo, "add", "-A");
            git(repo, "-c", "user.name=Ada", "-c", "user.email=ada@example.com", "commit", "-q", "-m", "Initial import");
            Files.createDirectories(repo.resolve("src/auth"));
            Files.writeString(repo.resolve("src/auth/Login.java"), "class Login {}\n");
            git(repo, "add", "-A");
            git(repo, "-c", "user.name=Ada", "-c", "user.email=ada@example.com", "commit", "-q", "-m",
                    "Add login\n\nCo-authored-by: Claude <noreply@anthropic.com>");
            String r = repo.toString();
            String ledger = dir.resolve("build.ledger").toString();
            System.setOut(sink);
            System.setErr(sink);
            // The one-commit gate as the benchmark and a pipeline run it, then the demo: every other command a
            // pipeline runs (approve with signed approvals, exec, seal, verify, report), as users run them.
            List<String[]> commands = List.of(
                    new String[] {"--version"},
                    new String[] {"--help"},
                    new String[] {"gate", "--help"},
                    new String[] {"policy", "default"},
                    new String[] {"scan", "--repo", r, "--range", "HEAD~1..HEAD"},
                    new String[] {"gate", "--repo", r, "--range", "HEAD~1..HEAD"},
                    new String[] {"gate", "--repo", r, "--range", "HEAD~1..HEAD", "--ledger", ledger,
                            "--request-out", dir.resolve("request.json").toString()},
                    new String[] {"gate", "--repo", r, "--range", "HEAD~1..HEAD", "--format", "json"},
                    new String[] {"demo", dir.resolve("demo").toString()});
            for (String[] command : commands) {
                Main.run(command);
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void git(Path repo, String... args) throws IOException, InterruptedException {
        Process git = new ProcessBuilder(Stream.concat(Stream.of("git", "-C", repo.toString()), Stream.of(args)).toList())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!git.waitFor(60, TimeUnit.SECONDS) || git.exitValue() != 0) {
            throw new IOException("git " + String.join(" ", args) + " failed");
        }
    }
}
