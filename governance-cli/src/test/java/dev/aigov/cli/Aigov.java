package dev.aigov.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/** Runs aigov as a real child JVM in a working directory, its stdout and stderr captured to files. */
final class Aigov {
    private static final AtomicInteger RUNS = new AtomicInteger();

    final Process process;
    final Path stdout;
    final Path stderr;

    private Aigov(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static Aigov start(Path workDir, String... args) throws IOException {
        return start(workDir, Map.of(), args);
    }

    static Aigov start(Path workDir, Map<String, String> env, String... args) throws IOException {
        Path logs = Files.createDirectories(workDir.resolve("logs"));
        int run = RUNS.incrementAndGet();
        Path out = logs.resolve("aigov-" + run + ".out");
        Path err = logs.resolve("aigov-" + run + ".err");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        // A clean CI-less, Vault-less environment: the tests name job, build and Vault themselves.
        for (String name : List.of("JOB_NAME", "BUILD_NUMBER", "GITHUB_REPOSITORY", "GITHUB_RUN_ID", "CI_PROJECT_PATH",
                "CI_PIPELINE_ID", "AIGOV_HOME", "GIT_COMMIT", "GITHUB_SHA", "CI_COMMIT_SHA", "VAULT_ADDR", "VAULT_TOKEN",
                "VAULT_NAMESPACE", "VAULT_AUTH_METHOD", "VAULT_ROLE_ID", "VAULT_SECRET_ID", "VAULT_JWT_ROLE",
                "VAULT_JWT_AUDIENCE", "VAULT_AUTH_PATH")) {
            builder.environment().remove(name);
        }
        // State (keys, journal) in the work directory unless the test says otherwise: never the user's own.
        builder.environment().put("AIGOV_HOME", workDir.resolve(".aigov").toAbsolutePath().toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        return new Aigov(process, out, err);
    }

    /** Runs to the end and returns the exit code. */
    static Aigov run(Path workDir, String... args) throws Exception {
        return run(workDir, Map.of(), args);
    }

    static Aigov run(Path workDir, Map<String, String> env, String... args) throws Exception {
        Aigov aigov = start(workDir, env, args);
        aigov.waitFor();
        return aigov;
    }

    int waitFor() throws InterruptedException {
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("aigov did not end within 2 minutes; stderr: " + err());
        }
        return process.exitValue();
    }

    int exit() throws InterruptedException {
        return waitFor();
    }

    String out() {
        return read(stdout);
    }

    String err() {
        return read(stderr);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits (bounded) for a condition such as a marker file the child writes; fails the test if it never holds. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    /** Where {@code needle} first occurs in {@code haystack}, or -1: for searching output bytes for secrets. */
    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
