package dev.aigov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.aigov.cli.ExecPromptTest.events;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code aigov reap --ledger}: after a crash, the reaped credential is revoked on the record too. */
class ReapLedgerTest {
    @TempDir
    Path work;

    @Test
    void reapRecordsTheRevocationSoTheReportNoLongerSaysNotRevoked() throws Exception {
        Path out = Files.createDirectories(work.resolve("out"));
        Aigov aigov = Aigov.start(work, "exec", "--role", "agent", "--job", "team/app", "--build", "7",
                "--ledger", "build.ledger", "--", "sh", "-c", "touch out/ready; exec sleep 60");
        Aigov.await("the command to start", () -> Files.exists(out.resolve("ready")));
        List<ProcessHandle> children = aigov.process.descendants().toList();
        aigov.process.destroyForcibly(); // kill -9: no handler runs, nothing is revoked or recorded
        aigov.waitFor();
        children.forEach(ProcessHandle::destroyForcibly);
        Path ledger = work.resolve("build.ledger");
        assertThat(events(ledger)).extracting(e -> e.get("type").asText()).containsExactly("credential.issued");

        Aigov reap = Aigov.run(work, "reap", "--ledger", "build.ledger");

        assertThat(reap.exit()).as(reap.out() + reap.err()).isZero();
        List<JsonNode> events = events(ledger);
        assertThat(events).extracting(e -> e.get("type").asText()).containsExactly("credential.issued", "credential.revoked");
        assertThat(events.get(1).get("data").get("handleHash").asText())
                .isEqualTo(events.get(0).get("data").get("handleHash").asText());
        assertThat(Aigov.run(work, "seal", "--ledger", "build.ledger", "--key", "ledger-key").exit()).isZero();
        Aigov exported = Aigov.run(work, "key", "export", "--key", "ledger-key");
        Files.writeString(work.resolve("ledger-key.pem"), exported.out().substring(exported.out().indexOf("-----BEGIN")));
        assertThat(Aigov.run(work, "verify", "--ledger", "build.ledger", "--public-key", "ledger-key.pem").exit()).isZero();
        Aigov report = Aigov.run(work, "report", "--ledger", "build.ledger", "--out", "report.html", "--public-key",
                "ledger-key.pem");
        assertThat(report.exit()).as(report.err()).isZero();
        assertThat(Files.readString(work.resolve("report.html"))).doesNotContain("NOT REVOKED").doesNotContain("NOT_REVOKED");
    }

    @Test
    void reapRecordsOnlyTheLedgersOwnRunsRevocations() throws Exception {
        crash("7", "build.ledger");
        crash("8", "other.ledger");

        Aigov reap = Aigov.run(work, "reap", "--ledger", "build.ledger");

        assertThat(reap.exit()).as(reap.out() + reap.err()).isZero();
        assertThat(reap.out()).contains("not recorded in build.ledger");
        assertThat(events(work.resolve("build.ledger"))).extracting(e -> e.get("type").asText())
                .containsExactly("credential.issued", "credential.revoked");
        assertThat(events(work.resolve("other.ledger"))).extracting(e -> e.get("type").asText())
                .containsExactly("credential.issued");
    }

    private void crash(String build, String ledger) throws Exception {
        Path ready = work.resolve("ready-" + build);
        Aigov aigov = Aigov.start(work, "exec", "--role", "agent", "--job", "team/app", "--build", build,
                "--ledger", ledger, "--", "sh", "-c", "touch " + ready + "; exec sleep 60");
        Aigov.await("the command to start", () -> Files.exists(ready));
        List<ProcessHandle> children = aigov.process.descendants().toList();
        aigov.process.destroyForcibly();
        aigov.waitFor();
        children.forEach(ProcessHandle::destroyForcibly);
    }
}
