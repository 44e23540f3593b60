package dev.aigov.ledger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A real child JVM appending in a loop is killed with SIGKILL; verification must say what happened. */
class LedgerCrashTest {
    @TempDir
    Path dir;

    @Test
    void aWriterKilledWhileAppendingLeavesAnUnsealedOrTornLedgerNeverAPass() throws Exception {
        Path file = dir.resolve("ledger.jsonl");
        // 1 MB events: each write takes long enough that the kill often lands inside one.
        Process child = AppenderProcess.start(file, "crasher", -1, 1 << 20);
        long seen = 0;
        while (seen < 3) {
            assertThat(child.isAlive()).as("the appender died early: %s", Files.readString(dir.resolve("crasher.log"))
                    ).isTrue();
            Thread.sleep(20);
            seen = Files.exists(file) ? countLineEnds(file) : 0;
        }
        child.destroyForcibly().waitFor();
        long linesAtKill = countLineEnds(file);
        long size = Files.size(file);

        VerificationResult result = LedgerVerifier.verify(file, null);
        System.out.println("after SIGKILL: " + size + " bytes, " + linesAtKill + " whole lines: " + result.describe());
        assertThat(result).isNotInstanceOf(VerificationResult.IntactSealed.class)
                .isNotInstanceOf(VerificationResult.Tampered.class);
        if (result instanceof VerificationResult.Truncated truncated) {
            assertThat(truncated.count()).isEqualTo(linesAtKill);
            assertThat(truncated.line()).isEqualTo(linesAtKill + 1);
        } else {
            assertThat(result).isEqualTo(new VerificationResult.Unsealed(linesAtKill,
                    LedgerVerifier.read(file, null).events().get((int) linesAtKill - 1).hash()));
            // nothing was lost mid-line, so the build can go on and seal
            Ledger.seal(file, LedgerKey.loadOrCreate(dir.resolve("key")), "aigov-cli");
            assertThat(LedgerVerifier.verify(file, null)).isInstanceOf(VerificationResult.IntactSealed.class);
        }
    }

    private static long countLineEnds(Path file) throws java.io.IOException {
        long count = 0;
        for (byte b : Files.readAllBytes(file)) {
            if (b == '\n') {
                count++;
            }
        }
        return count;
    }
}
