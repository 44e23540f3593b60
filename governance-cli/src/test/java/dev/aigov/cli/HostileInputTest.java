package dev.aigov.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Endless, huge and wrong inputs, run through the real program in a child JVM with a small heap: each is refused
 * with one line and exit 2, never an OutOfMemoryError or a stack trace.
 */
class HostileInputTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    private Run aigov(File stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-Xmx48m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("AIGOV_HOME", dir.resolve("home").toString());
        if (stdin != null) {
            builder.redirectInput(stdin);
        }
        Process process = builder.start();
        if (stdin == null) {
            process.getOutputStream().close();
        }
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("aigov " + String.join(" ", args) + " did not end");
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static void assertOneLineRefusal(Run run, String expected) {
        assertThat(run.err()).as("stderr").contains(expected).doesNotContain("Exception", "\tat ", "Error");
        assertThat(run.err().strip().lines()).as("one line: " + run.err()).hasSize(1);
        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void policyCheckOfAnEndlessFileIsRefusedAtThePolicyCap() throws Exception {
        Run run = aigov(null, "policy", "check", "/dev/zero");
        assertOneLineRefusal(run, "/dev/zero: larger than 1 MiB, the most a policy may have");
    }

    @Test
    void jwtVerifyOfEndlessStandardInputIsRefusedAtTheTokenCap() throws Exception {
        Run run = aigov(new File("/dev/zero"), "jwt", "verify", "-");
        assertOneLineRefusal(run, "standard input: larger than 64 KiB, the most a token may have");
    }

    @Test
    void anEndlessPublicKeyIsRefusedAtTheKeyCap() throws Exception {
        Path ledger = Files.writeString(dir.resolve("l.jsonl"), "");
        Run run = aigov(null, "verify", "--ledger", ledger.toString(), "--public-key", "/dev/zero");
        assertOneLineRefusal(run, "/dev/zero: larger than 64 KiB, the most a key may have");
    }

    @Test
    void anEndlessLedgerIsRefusedAtTheLineCapNotWithANumber() throws Exception {
        Run run = aigov(null, "verify", "--ledger", "/dev/zero");
        assertOneLineRefusal(run, "/dev/zero: line 1 is longer than 1 MiB, the most a ledger line may have");
    }

    @Test
    void pathErrorsSayWhatWentWrong() throws Exception {
        Files.createDirectories(dir.resolve("adir"));
        assertOneLineRefusal(aigov(null, "policy", "check", "adir"), "adir: is a directory");
        assertOneLineRefusal(aigov(null, "policy", "check", "missing.yaml"), "missing.yaml: no such file or directory");
        Path ledger = Files.writeString(dir.resolve("l.jsonl"), "");
        assertOneLineRefusal(aigov(null, "verify", "--ledger", ledger.toString(), "--public-key", "adir"), "adir: is a directory");
        assertOneLineRefusal(aigov(null, "report", "--ledger", ledger.toString(), "--out", "adir"), "adir: is a directory");
    }

    @Test
    void reportOutRefusesASymlinkAndLeavesItsTargetAlone() throws Exception {
        Path ledger = Files.writeString(dir.resolve("l.jsonl"), "");
        Path victim = Files.writeString(dir.resolve("victim"), "keep");
        Path link = Files.createSymbolicLink(dir.resolve("audit.html"), victim);
        assertOneLineRefusal(aigov(null, "report", "--ledger", ledger.toString(), "--out", link.toString()),
                link + ": is a symbolic link; refusing to write through it");
        assertThat(Files.readString(victim)).isEqualTo("keep");
    }
}
