package dev.aigov.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The CLI as users get it, run as a process: {@code java -jar target/aigov.jar} or the distribution's launcher, in a
 * working directory, with a CI-less environment. Failsafe passes the built paths (aigov.jar, aigov.dist).
 */
record BuiltCli(int exit, String out, String err) {

    static Path jar() {
        return Path.of(required("aigov.jar"));
    }

    /** The unpacked distribution directory (bin/aigov, lib/aigov.jar, lib/aigov.aot where supported). */
    static Path dist() {
        return Path.of(required("aigov.dist"));
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set: run through maven-failsafe (./mvnw verify)");
        }
        return value;
    }

    static BuiltCli jar(Path workDir, String... args) throws Exception {
        return jar(workDir, Map.of(), args);
    }

    static BuiltCli jar(Path workDir, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-jar", jar().toString()));
        command.addAll(List.of(args));
        return run(workDir, env, command);
    }

    static BuiltCli run(Path workDir, Map<String, String> env, List<String> command) throws Exception {
        Path logs = Files.createDirectories(workDir.resolve(".logs"));
        Path out = Files.createTempFile(logs, "out", ".txt");
        Path err = Files.createTempFile(logs, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        for (String name : List.of("JOB_NAME", "BUILD_NUMBER", "BUILD_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID",
                "CI_PROJECT_PATH", "CI_PIPELINE_ID", "AIGOV_HOME", "GIT_COMMIT", "GITHUB_SHA", "CI_COMMIT_SHA",
                "VAULT_ADDR", "VAULT_TOKEN", "VAULT_NAMESPACE", "VAULT_AUTH_METHOD", "VAULT_ROLE_ID", "VAULT_SECRET_ID",
                "BUILD_USER_ID", "GITHUB_ACTOR", "GITLAB_USER_LOGIN", "JAVA_TOOL_OPTIONS")) {
            builder.environment().remove(name);
        }
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("aigov did not end within 2 minutes: " + command);
        }
        return new BuiltCli(process.exitValue(), read(out), read(err));
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
}
