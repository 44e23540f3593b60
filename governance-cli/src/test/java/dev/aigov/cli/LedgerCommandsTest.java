package dev.aigov.cli;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.aigov.build.BuildRef;
import dev.aigov.gate.Decision;
import dev.aigov.gate.Reason;
import dev.aigov.ledger.Events;
import dev.aigov.ledger.Ledger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LedgerCommandsTest {
    private static final String COMMIT = "3f786850e387550fdab836ed7e6dc881de23001b";

    @TempDir
    Path dir;
    private Path ledger;
    private Path key;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @BeforeEach
    void writeLedger() {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        ledger = dir.resolve("ledger.jsonl");
        key = dir.resolve("keys/ledger-key");
        Ledger l = Ledger.open(ledger, new BuildRef("app", "7", "", ""));
        l.append("aigov-cli", Events.agentDeclared("claude-code", "opus", ""));
        l.append("aigov-cli", Events.gateEvaluated(COMMIT, new Decision.Pass(List.of(new Reason("NO_AI_CHANGES",
                "no AI-attributed commits", List.of(), List.of(), List.of("NIST-AI-RMF-GOVERN-3.2")))),
                List.of(), List.of(), List.of()));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void unsealedThenSealedThenVerifiedWithTheExportedKey() throws Exception {
        assertThat(Main.run("verify", "--ledger", ledger.toString())).isEqualTo(41);
        assertThat(err()).contains("UNSEALED");

        assertThat(Main.run("seal", "--ledger", ledger.toString(), "--key", key.toString())).isZero();
        assertThat(out()).contains("sealed").contains("2 events");
        assertThat(Main.run("key", "export", "--key", key.toString(), "--format", "jwk")).isZero();
        String jwk = out().substring(out().indexOf("{"));
        Path publicKey = Files.writeString(dir.resolve("pub.jwk"), jwk);

        assertThat(Main.run("verify", "--ledger", ledger.toString(), "--public-key", publicKey.toString())).isZero();
        assertThat(out()).contains("INTACT_SEALED");
        assertThat(Main.run("seal", "--ledger", ledger.toString(), "--key", key.toString())).isEqualTo(2);
        assertThat(err()).contains("nothing can be appended after the seal");
    }

    @Test
    void tamperedLedgerExits40WithTheLineAndWhy() throws Exception {
        Main.run("seal", "--ledger", ledger.toString(), "--key", key.toString());
        List<String> lines = Files.readAllLines(ledger);
        lines.set(1, lines.get(1).replace("no AI-attributed", "no AI-attribute"));
        Files.write(ledger, lines);
        assertThat(Main.run("verify", "--ledger", ledger.toString())).isEqualTo(40);
        assertThat(err()).contains("TAMPERED").contains("line 2: bad-hash");
    }

    @Test
    void wrongPublicKeyExits40() throws Exception {
        Main.run("seal", "--ledger", ledger.toString(), "--key", key.toString());
        Main.run("key", "export", "--key", dir.resolve("other-key").toString());
        Path other = Files.writeString(dir.resolve("other.pem"), out().substring(out().indexOf("-----BEGIN")));
        assertThat(Main.run("verify", "--ledger", ledger.toString(), "--public-key", other.toString())).isEqualTo(40);
        assertThat(err()).contains("bad-signature");
    }

    /** The sealing key's public half, exported as PEM: what a verifier pins. */
    private Path exportedKey() {
        Main.run("key", "export", "--key", key.toString());
        try {
            return Files.writeString(dir.resolve("pinned.pem"), out().substring(out().indexOf("-----BEGIN")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aResealWithAFreshKeyIsIntactButUnpinnedNeverVerifiedAndTheReportShowsNoGreenBadge() throws Exception {
        Main.run("seal", "--ledger", ledger.toString(), "--key", key.toString());
        Path pinned = exportedKey();
        String original = dev.aigov.ledger.LedgerKey.loadOrCreate(key).publicKeyRaw();
        // the attacker rebuilds the chain with a forged approver and seals it with a fresh key
        Path forged = dir.resolve("forged.jsonl");
        Ledger l = Ledger.open(forged, new BuildRef("app", "7", "", ""));
        l.append("aigov-cli", Events.gateEvaluated(COMMIT, new Decision.Pass(List.of()), List.of(), List.of(), List.of()));
        l.append("alice", Events.approvalGranted("r1", "alice", List.of("security-reviewers"), "", ""));
        assertThat(Main.run("seal", "--ledger", forged.toString(), "--key", dir.resolve("fresh-key").toString())).isZero();

        assertThat(Main.run("verify", "--ledger", forged.toString())).isEqualTo(ExitCodes.LEDGER_UNPINNED);
        assertThat(err()).contains("INTACT_UNPINNED").contains("NOT pinned");
        assertThat(Main.run("verify", "--ledger", forged.toString(), "--public-key", pinned.toString()))
                .isEqualTo(ExitCodes.LEDGER_TAMPERED);
        Path policy = Files.writeString(dir.resolve("policy.yaml"), "version: 1\nledger:\n  trustedKeys: [\"" + original + "\"]\n");
        assertThat(Main.run("verify", "--ledger", forged.toString(), "--policy", policy.toString()))
                .as("a key the policy does not list").isEqualTo(ExitCodes.LEDGER_UNPINNED);
        assertThat(Main.run("verify", "--ledger", ledger.toString(), "--policy", policy.toString()))
                .as("the policy pins the genuine key").isZero();
        assertThat(out()).contains("INTACT_SEALED");

        Path html = dir.resolve("forged.html");
        assertThat(Main.run("report", "--ledger", forged.toString(), "--out", html.toString()))
                .isEqualTo(ExitCodes.LEDGER_UNPINNED);
        assertThat(Files.readString(html)).contains("aigov-intact_unpinned").contains("Ledger: INTACT_UNPINNED")
                .doesNotContain("aigov-badge aigov-intact_sealed").doesNotContain("INTACT_SEALED");
    }

    @Test
    void reportsInEveryFormat() throws Exception {
        Main.run("seal", "--ledger", ledger.toString(), "--key", key.toString());
        String pinned = exportedKey().toString();
        Path artifact = Files.writeString(dir.resolve("app.jar"), "jar bytes");
        assertThat(Main.run("report", "--ledger", ledger.toString(), "--out", dir.resolve("r/report.html").toString(),
                "--public-key", pinned)).isZero();
        assertThat(Files.readString(dir.resolve("r/report.html"))).contains("Decision: PASS").contains("INTACT_SEALED");
        assertThat(Main.run("report", "--ledger", ledger.toString(), "--out", dir.resolve("r.json").toString(),
                "--format", "json", "--public-key", pinned)).isZero();
        assertThat(JsonMapper.builder().build().readTree(dir.resolve("r.json").toFile()).path("gate").path("decision")
                .asText()).isEqualTo("PASS");
        assertThat(Main.run("report", "--ledger", ledger.toString(), "--out", dir.resolve("r.intoto.json").toString(),
                "--format", "intoto", "--artifact", artifact.toString(), "--public-key", pinned, "--key", key.toString())).isZero();
        var envelope = JsonMapper.builder().build().readTree(dir.resolve("r.intoto.json").toFile());
        var statement = JsonMapper.builder().build().readTree(java.util.Base64.getDecoder().decode(envelope.path("payload").asText()));
        assertThat(statement.path("subject").get(0).path("digest").path("gitCommit").asText()).isEqualTo(COMMIT);
        assertThat(statement.path("subject").get(1).path("digest").path("sha256").asText())
                .isEqualTo(sha256("jar bytes"));
    }

    @Test
    void reportOnAnUnsealedLedgerSaysSoAndExits41() {
        assertThat(Main.run("report", "--ledger", ledger.toString(), "--out", dir.resolve("r.html").toString()))
                .isEqualTo(41);
        assertThat(err()).contains("UNSEALED");
    }

    @Test
    void missingLedgerAndBadOptionsAreUsageErrors() {
        assertThat(Main.run("verify", "--ledger", dir.resolve("nope.jsonl").toString())).isEqualTo(2);
        assertThat(err()).contains("no ledger at");
        assertThat(Main.run("report", "--ledger", ledger.toString(), "--out", "x", "--format", "pdf")).isEqualTo(2);
        assertThat(Main.run("key")).isEqualTo(2);
    }

    private static String sha256(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
