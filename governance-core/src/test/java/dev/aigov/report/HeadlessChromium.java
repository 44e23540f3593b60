package dev.aigov.report;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Debian's headless chromium for the browser tests: offline, a fresh profile per run, its stdout returned. */
final class HeadlessChromium {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private HeadlessChromium() {
    }

    /** Skips the calling test where chromium is not installed; on CI (which installs it with .ci/run) fails it. */
    static void requireInstalled() {
        if (!Files.isExecutable(CHROMIUM)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("chromium is not installed at " + CHROMIUM + " (CI installs it with .ci/run)");
            }
            Assumptions.abort("chromium not installed at " + CHROMIUM + "; apt-get install -y chromium to run this test");
        }
    }

    /** Runs chromium with {@code args} (in {@code target/}, its profile and output files in {@code dir}); its stdout. */
    static String run(Path dir, String... args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(dir, "chromium-profile");
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile));
        command.addAll(List.of(args));
        Path stdout = dir.resolve("chromium.out");
        Path stderr = dir.resolve("chromium.err");
        Process process = new ProcessBuilder(command).directory(Path.of("target").toAbsolutePath().toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            fail("chromium did not finish within 180 s: " + Files.readString(stderr));
        }
        assertThat(process.exitValue()).as("chromium failed: %s", Files.readString(stderr)).isZero();
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }
}
