package dev.aigov.cli;

import com.nimbusds.jwt.SignedJWT;
import dev.aigov.credentials.LeaseJournal;
import dev.aigov.credentials.jwt.JwtIssuer;
import dev.aigov.credentials.jwt.JwtVerificationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * aigov exec and reap as real processes: every way a run can end leaves its credential revoked (its jti on the
 * deny-list, refused by verify, gone from the journal), and the token appears in no output byte.
 */
class ExecProcessTest {
    @TempDir
    Path work;
    Path out;

    @BeforeEach
    void setUp() throws IOException {
        out = Files.createDirectories(work.resolve("out"));
    }

    private Aigov exec(String script, String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("exec", "--role", "agent", "--job", "team/app", "--build", "7"));
        args.addAll(List.of(options));
        args.addAll(List.of("--", "sh", "-c", script));
        return Aigov.start(work, args.toArray(String[]::new));
    }

    private String token() throws IOException {
        return Files.readString(out.resolve("token"), StandardCharsets.UTF_8);
    }

    private Path journal() {
        return work.resolve(".aigov/leases.journal");
    }

    private Path keys() {
        return work.resolve(".aigov/jwt-keys");
    }

    private JwtIssuer issuer() throws IOException {
        return JwtIssuer.open(keys(), JwtIssuer.Settings.defaults(Duration.ofHours(1)));
    }

    /** Revoked: refused by verify as revoked, and no longer outstanding in the journal. */
    private void assertRevoked(String token) throws Exception {
        try {
            issuer().verify(token, null);
            throw new AssertionError("the token still verifies");
        } catch (JwtVerificationException e) {
            assertThat(e.reason()).isEqualTo(JwtVerificationException.Reason.REVOKED);
        }
        assertThat(new LeaseJournal(journal()).outstanding()).isEmpty();
    }

    /** Searches every byte aigov wrote (stdout, stderr), the journal and the key store except private keys. */
    private void assertNoLeak(String token) throws IOException {
        assertThat(token).startsWith("ey").hasSizeGreaterThan(100);
        List<Path> searched = new ArrayList<>();
        for (Path root : List.of(work.resolve("logs"), work.resolve(".aigov"))) {
            if (Files.exists(root)) {
                try (Stream<Path> files = Files.walk(root)) {
                    files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".jwk")).forEach(searched::add);
                }
            }
        }
        assertThat(searched).extracting(p -> p.getFileName().toString()).contains("leases.journal");
        byte[] needle = token.getBytes(StandardCharsets.UTF_8);
        for (Path file : searched) {
            assertThat(Aigov.indexOf(Files.readAllBytes(file), needle)).as("token in " + file).isEqualTo(-1);
            // nor any 16-byte piece of its signature
            String signature = token.substring(token.lastIndexOf('.') + 1);
            assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).as(file.toString())
                    .doesNotContain(signature.substring(0, 16));
        }
    }

    @Test
    void successfulCommandGetsTheTokenMaskedAndRevokedAfterwards() throws Exception {
        Aigov aigov = exec("""
                printf %s "$AIGOV_ID_TOKEN" > out/token
                cp "$AIGOV_ID_TOKEN_FILE" out/token-file-copy
                echo "$AIGOV_ID_TOKEN_FILE" > out/token-file-path
                stat -c 'mode %a' "$AIGOV_ID_TOKEN_FILE"
                echo "stdout: $AIGOV_ID_TOKEN"
                echo "stderr: $AIGOV_ID_TOKEN" >&2
                printf 'twice %s and %s\\nmultiline\\n%s' "$AIGOV_ID_TOKEN" "$AIGOV_ID_TOKEN" "$AIGOV_ID_TOKEN"
                """, "--agent", "claude-code");
        assertThat(aigov.exit()).as(aigov.err()).isZero();
        String token = token();
        assertThat(Files.readString(out.resolve("token-file-copy"))).isEqualTo(token);
        assertThat(Path.of(Files.readString(out.resolve("token-file-path")).trim())).doesNotExist();
        assertThat(aigov.out()).contains("mode 600", "stdout: ****", "twice **** and ****\nmultiline\n****");
        assertThat(aigov.err()).contains("stderr: ****");
        var claims = SignedJWT.parse(token).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("team/app#7");
        assertThat(claims.getClaims()).containsEntry("job", "team/app").containsEntry("build", "7")
                .containsEntry("role", "agent").containsEntry("agent", "claude-code");
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(15 * 60_000L);
        assertRevoked(token);
        assertNoLeak(token);
    }

    @Test
    void failingCommandKeepsItsExitCodeAndIsRevoked() throws Exception {
        Aigov aigov = exec("printf %s \"$AIGOV_ID_TOKEN\" > out/token; echo \"$AIGOV_ID_TOKEN\" >&2; exit 7");
        assertThat(aigov.exit()).isEqualTo(7);
        assertRevoked(token());
        assertNoLeak(token());
    }

    @Test
    void sigtermToAigovIsForwardedThenTheCredentialIsRevokedAndAigovExits143() throws Exception {
        Aigov aigov = exec("""
                trap 'echo forwarded > out/got-term; exit 5' TERM
                printf %s "$AIGOV_ID_TOKEN" > out/token
                touch out/ready
                sleep 60 & wait
                """);
        Aigov.await("the command to start", () -> Files.exists(out.resolve("ready")));
        aigov.process.destroy(); // SIGTERM
        assertThat(aigov.exit()).as(aigov.err()).isEqualTo(128 + 15);
        assertThat(out.resolve("got-term")).hasContent("forwarded");
        assertRevoked(token());
        assertNoLeak(token());
    }

    @Test
    void sigintToAigovExits130AndRevokes() throws Exception {
        Aigov aigov = exec("printf %s \"$AIGOV_ID_TOKEN\" > out/token; touch out/ready; exec sleep 60");
        Aigov.await("the command to start", () -> Files.exists(out.resolve("ready")));
        new ProcessBuilder("kill", "-INT", Long.toString(aigov.process.pid())).start().waitFor();
        assertThat(aigov.exit()).as(aigov.err()).isEqualTo(128 + 2);
        assertRevoked(token());
    }

    @Test
    void commandKilledWithSigkillExits137AndIsRevoked() throws Exception {
        Aigov aigov = exec("printf %s \"$AIGOV_ID_TOKEN\" > out/token; echo $$ > out/pid; exec sleep 60");
        Aigov.await("the command's pid", () -> Files.exists(out.resolve("pid")) && sizeOf(out.resolve("pid")) > 1);
        long pid = Long.parseLong(Files.readString(out.resolve("pid")).trim());
        assertThat(ProcessHandle.of(pid).orElseThrow().destroyForcibly()).isTrue();
        assertThat(aigov.exit()).as(aigov.err()).isEqualTo(128 + 9);
        assertRevoked(token());
        assertNoLeak(token());
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    @Test
    void killMinus9OfAigovLeavesTheHandleForReapWhichRevokesIt() throws Exception {
        Aigov aigov = exec("printf %s \"$AIGOV_ID_TOKEN\" > out/token; touch out/ready; exec sleep 60");
        Aigov.await("the command to start", () -> Files.exists(out.resolve("ready")));
        List<ProcessHandle> children = aigov.process.descendants().toList();
        aigov.process.destroyForcibly(); // kill -9: no handler runs
        aigov.waitFor();
        children.forEach(ProcessHandle::destroyForcibly);
        String token = token();
        assertThat(new LeaseJournal(journal()).outstanding()).hasSize(1);
        assertThat(issuer().verify(token, null).subject()).as("still live before reaping").isEqualTo("team/app#7");

        Aigov reap = Aigov.run(work, "reap");
        assertThat(reap.exit()).as(reap.err()).isZero();
        String jti = SignedJWT.parse(token).getJWTClaimsSet().getJWTID();
        assertThat(reap.out()).contains("revoked jwt:" + jti + " role=agent run=team/app#7");
        assertRevoked(token);
        assertNoLeak(token);

        Aigov again = Aigov.run(work, "reap");
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("nothing to reap");
    }

    /** Alive and not a zombie waiting for a parent that is gone. */
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException gone) {
            return false;
        }
    }

    @Test
    void afterKillMinus9ReapEndsTheOrphanedCommandRemovesItsTokenFileRevokesAndRecordsInTheLedger() throws Exception {
        Path ledger = work.resolve("build.ledger");
        Aigov aigov = exec("printf %s \"$AIGOV_ID_TOKEN\" > out/token; printf %s \"$AIGOV_ID_TOKEN_FILE\" > out/file;"
                + " echo $$ > out/pid; touch out/ready; exec sleep 300", "--ledger", ledger.toString());
        Aigov.await("the command to start", () -> Files.exists(out.resolve("ready")));
        long pid = Long.parseLong(Files.readString(out.resolve("pid")).strip());
        Path tokenFile = Path.of(Files.readString(out.resolve("file")));
        assertThat(tokenFile.getParent().getParent()).as("a private directory, not the shared temp directory itself")
                .isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile.getParent())))
                .isEqualTo("rwx------");

        // aigov records the group right after starting it: kill it once that line is durable.
        Aigov.await("the process group in the journal", () -> {
            try {
                return Files.readString(journal()).contains("\"processGroup\":" + pid);
            } catch (IOException e) {
                return false;
            }
        });
        new ProcessBuilder("kill", "-9", Long.toString(aigov.process.pid())).start().waitFor();
        aigov.waitFor();
        assertThat(running(pid)).as("the command outlives aigov, holding the token").isTrue();
        assertThat(tokenFile).exists();

        Aigov reap = Aigov.run(work, "reap", "--ledger", ledger.toString());
        assertThat(reap.exit()).as(reap.out() + reap.err()).isZero();
        assertThat(reap.out()).contains("ended process group " + pid, "removed " + tokenFile, "removed " + tokenFile.getParent());
        Aigov.await("the orphaned command to end", () -> !running(pid));
        assertThat(tokenFile.getParent()).doesNotExist();
        assertRevoked(token());
        assertThat(Files.readString(ledger)).contains("\"credential.issued\"", "\"credential.revoked\"");
        assertThat(Aigov.run(work, "verify", "--ledger", ledger.toString()).exit()).isEqualTo(ExitCodes.LEDGER_UNSEALED);
    }

    @Test
    void reapRevokesEveryReadableEntryReportsEachBadLineAndExits1() throws Exception {
        Aigov first = exec("printf %s \"$AIGOV_ID_TOKEN\" > out/token; touch out/ready; exec sleep 300");
        Aigov.await("the command to start", () -> Files.exists(out.resolve("ready")));
        first.process.destroyForcibly();
        first.waitFor();
        Files.writeString(journal(), "{\"event\":\"issued\",\"provider\":\"jwt\",\"id\":\"x\",\"issuedAt\":\"not-a-time\","
                + "\"expiresAt\":\"2030-01-01T00:00:00Z\"}\n", java.nio.file.StandardOpenOption.APPEND);
        int badLine = Files.readAllLines(journal()).size();

        Aigov reap = Aigov.run(work, "reap");
        assertThat(reap.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(reap.out()).contains("UNREADABLE " + journal().toAbsolutePath() + ":" + badLine + ": issuedAt: not a time: 'not-a-time'",
                "revoked jwt:");
        assertRevoked(token());
    }

    @Test
    void whenIssuingFailsTheCommandNeverRuns() throws Exception {
        Aigov tooLong = exec("touch out/ran", "--ttl", "2h");
        assertThat(tooLong.exit()).isNotZero();
        assertThat(tooLong.err()).contains("TTL 2h requested exceeds limits.maxTtl 1h", "the command was not started");

        Aigov gated = Aigov.start(work, "exec", "--role", "deploy", "--", "sh", "-c", "touch out/ran");
        assertThat(gated.exit()).isNotZero();
        assertThat(gated.err()).contains("requires approval");

        Files.writeString(work.resolve("keys-is-a-file"), "x");
        Aigov brokenKeys = exec("touch out/ran", "--keys", "keys-is-a-file");
        assertThat(brokenKeys.exit()).isNotZero();
        assertThat(brokenKeys.err()).contains("cannot issue credentials");

        Aigov badTtl = exec("touch out/ran", "--ttl", "15 minutes");
        assertThat(badTtl.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(badTtl.err()).contains("expected a number and a unit");

        Aigov vault = Aigov.start(work, "exec", "--role", "nope", "--", "sh", "-c", "touch out/ran");
        assertThat(vault.exit()).isEqualTo(ExitCodes.USAGE);

        assertThat(out.resolve("ran")).doesNotExist();
        assertThat(new LeaseJournal(journal()).outstanding()).isEmpty();
    }

    @Test
    void aCommandThatCannotStartExits127AndIsStillRevoked() throws Exception {
        Aigov aigov = Aigov.start(work, "exec", "--role", "agent", "--", work.resolve("no-such-command").toString());
        assertThat(aigov.exit()).isEqualTo(127);
        assertThat(aigov.err()).contains("cannot run");
        assertThat(new LeaseJournal(journal()).outstanding()).isEmpty();
        assertThat(Files.readString(keys().resolve("denied.jsonl"))).contains("\"jti\"");
    }

    @Test
    void failedRevocationIsLoudExitsNonZeroAndLeavesTheHandleForReap() throws Exception {
        // The command sabotages the deny-list (a directory where the file should be): revoking cannot succeed.
        Aigov aigov = exec("""
                printf %s "$AIGOV_ID_TOKEN" > out/token
                rm -f .aigov/jwt-keys/denied.jsonl && mkdir .aigov/jwt-keys/denied.jsonl
                """);
        assertThat(aigov.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(aigov.err()).contains("REVOCATION FAILED", "stays in journal", "aigov reap");
        assertThat(new LeaseJournal(journal()).outstanding()).hasSize(1);
        assertNoLeak(token());

        Aigov stillBroken = Aigov.run(work, "reap");
        assertThat(stillBroken.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(stillBroken.out()).contains("FAILED  jwt:");
        assertThat(new LeaseJournal(journal()).outstanding()).hasSize(1);

        Files.delete(keys().resolve("denied.jsonl"));
        Aigov reap = Aigov.run(work, "reap");
        assertThat(reap.exit()).as(reap.out() + reap.err()).isZero();
        assertRevoked(token());
        assertNoLeak(token());
    }

    @Test
    void aPolicyFileDefinesTheRolesAudienceAndTtlAndAVaultRoleWithoutVaultAddrFailsClosed() throws Exception {
        Files.writeString(work.resolve("policy.yaml"), """
                version: 1
                identities:
                  oidc: {provider: jwt, audience: "https://deploy.example", ttl: 5m}
                  db: {provider: vault, secret: database/creds/app, ttl: 15m}
                """);
        List<String> args = new ArrayList<>(List.of("exec", "--role", "oidc", "--policy", "policy.yaml", "--job", "j",
                "--build", "1", "--", "sh", "-c", "printf %s \"$AIGOV_ID_TOKEN\" > out/token"));
        Aigov oidc = Aigov.start(work, args.toArray(String[]::new));
        assertThat(oidc.exit()).as(oidc.err()).isZero();
        var claims = SignedJWT.parse(token()).getJWTClaimsSet();
        assertThat(claims.getAudience()).containsExactly("https://deploy.example");
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(5 * 60_000L);
        assertRevoked(token());

        Aigov vault = Aigov.start(work, "exec", "--role", "db", "--policy", "policy.yaml", "--", "sh", "-c", "touch out/ran");
        assertThat(vault.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(vault.err()).startsWith("aigov: VAULT_ADDR is not set: the vault provider needs Vault's address");
        assertThat(vault.out()).isEmpty();
        assertThat(out.resolve("ran")).as("the command never runs").doesNotExist();

        Files.writeString(work.resolve("bad.yaml"), "version: 1\nidentities:\n  x: {provider: jwt, ttl: forever}\n");
        Aigov bad = Aigov.start(work, "exec", "--role", "x", "--policy", "bad.yaml", "--", "sh", "-c", "touch out/ran");
        assertThat(bad.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("bad.yaml:3:", "identities.x.ttl");
        assertThat(out.resolve("ran")).doesNotExist();
    }

    @Test
    void twentyParallelRunsGetDistinctTokensAndAllAreRevoked() throws Exception {
        List<Aigov> runs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            runs.add(Aigov.start(work, "exec", "--role", "agent", "--job", "team/app", "--build", "run-" + i, "--",
                    "sh", "-c", "printf %s \"$AIGOV_ID_TOKEN\" > out/token-" + i + "; echo \"$AIGOV_ID_TOKEN\""));
        }
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < runs.size(); i++) {
            assertThat(runs.get(i).exit()).as(runs.get(i).err()).isZero();
            assertThat(runs.get(i).out()).isEqualTo("****\n");
            tokens.add(Files.readString(out.resolve("token-" + i)));
        }
        assertThat(tokens).hasSize(20);
        for (String token : tokens) {
            assertRevoked(token);
            assertNoLeak(token);
        }
        try (Stream<Path> keyFiles = Files.list(keys())) {
            assertThat(keyFiles.filter(f -> f.toString().endsWith(".jwk"))).as("one signing key for all").hasSize(1);
        }
    }
}
