package dev.aigov.cli;

import dev.aigov.provenance.TestRepo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built jar ({@code java -jar target/aigov.jar}) as a process: every command, every documented exit code. The
 * unit tests call the commands in-process and cannot see what only the real program does (flushing, System.exit).
 */
class CliProcessIT {
    private static final String ONE_APPROVAL = """
            version: 1
            evidence: {}
            rules:
              - when: {aiAttributed: true}
                require: {approvals: 1}
            """;

    @TempDir
    Path work;
    TestRepo repo;
    String base;

    @BeforeEach
    void repository() {
        repo = TestRepo.init(work.resolve("repo"));
        repo.commit().message("Initial import\n").file("README.md", "hi\n").create();
        base = repo.head();
    }

    /** The CLI's state (keys, lease journal) in this test's own AIGOV_HOME. */
    private BuiltCli aigov(String... args) throws Exception {
        return BuiltCli.jar(work, java.util.Map.of("AIGOV_HOME", work.resolve("state").toString()), args);
    }

    private Path file(String name, String text) throws Exception {
        return Files.writeString(work.resolve(name), text);
    }

    private void aiCommit() {
        repo.commit().message("Harden token checks\n\nCo-authored-by: Claude <noreply@anthropic.com>\n")
                .file("src/auth/TokenCheck.java", "class TokenCheck {}\n").create();
    }

    @Test
    void bareAigovPrintsUsageOnStderrWithExitTwo() throws Exception {
        BuiltCli run = aigov();
        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("Usage: aigov", "gate", "demo");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void versionAndHelpExitZeroAndUnknownOptionsExitTwo() throws Exception {
        BuiltCli version = aigov("--version");
        assertThat(version.exit()).isZero();
        assertThat(version.out()).matches("aigov \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\n");

        BuiltCli help = aigov("--help");
        assertThat(help.exit()).isZero();
        for (String command : List.of("scan", "gate", "approve", "exec", "reap", "jwt", "seal", "verify", "report", "key",
                "policy", "demo")) {
            assertThat(help.out()).as(command).containsPattern("(?m)^  " + command + "\\b");
        }

        BuiltCli unknown = aigov("gate", "--no-such-option");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown option: '--no-such-option'", "Try 'aigov gate --help'.");
    }

    @Test
    void policyDefaultPrintsTheWholeBuiltInPolicyWhichChecksValid() throws Exception {
        BuiltCli printed = aigov("policy", "default");
        assertThat(printed.exit()).isZero();
        assertThat(printed.out()).startsWith("# The built-in policy").contains("identities:", "limits: {maxTtl: 1h}");

        Path written = file("default.yaml", printed.out());
        BuiltCli check = aigov("policy", "check", written.toString());
        assertThat(check.exit()).as(check.toString()).isZero();
        assertThat(check.out()).contains("default.yaml: valid");

        BuiltCli invalid = aigov("policy", "check", file("bad.yaml", "version: 3\n").toString());
        assertThat(invalid.exit()).isEqualTo(2);
        assertThat(invalid.err()).contains("bad.yaml:1:10: version: unsupported version");
    }

    @Test
    void scanExitsZeroAndTwoOnABadRange() throws Exception {
        aiCommit();
        BuiltCli scan = aigov("scan", "--repo", repo.dir().toString(), "--range", base + "..HEAD");
        assertThat(scan.exit()).as(scan.toString()).isZero();
        assertThat(scan.out()).contains("Harden token checks");

        BuiltCli bad = aigov("scan", "--repo", repo.dir().toString(), "--range", "no-such-ref..HEAD");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).startsWith("aigov: ");
    }

    @Test
    void gateExitsZeroTenTwentyAndTwo() throws Exception {
        BuiltCli pass = aigov("gate", "--repo", repo.dir().toString());
        assertThat(pass.exit()).as(pass.toString()).isZero();
        assertThat(pass.out()).startsWith("Decision   PASS");

        aiCommit();
        BuiltCli pending = aigov("gate", "--repo", repo.dir().toString(), "--range", base + "..HEAD",
                "--policy", file("one.yaml", ONE_APPROVAL).toString());
        assertThat(pending.exit()).as(pending.toString()).isEqualTo(10);
        assertThat(pending.out()).startsWith("Decision   APPROVAL_REQUIRED");

        BuiltCli fail = aigov("gate", "--repo", repo.dir().toString(), "--range", base + "..HEAD",
                "--policy", file("deny.yaml", """
                        version: 1
                        evidence: {}
                        rules:
                          - when: {aiAttributed: true, categories: [authentication]}
                            deny: AI agents may not edit authentication
                        """).toString());
        assertThat(fail.exit()).as(fail.toString()).isEqualTo(20);
        assertThat(fail.out()).contains("AI agents may not edit authentication");

        BuiltCli bad = aigov("gate", "--repo", work.resolve("nowhere").toString());
        assertThat(bad.exit()).isEqualTo(2);
    }

    @Test
    void approveExitsZeroWhenRecordedThirtyWhenRefusedAndTwoWithoutARequest() throws Exception {
        aiCommit();
        Reviewers reviewers = Reviewers.create(work.resolve("trust"), TestRepo.DEFAULT_AUTHOR.email(), "bob@example.com");
        Path policy = reviewers.policy(ONE_APPROVAL, java.util.Map.of("reviewers",
                List.of(TestRepo.DEFAULT_AUTHOR.email(), "bob@example.com")));
        Path request = work.resolve("request.json");
        BuiltCli gate = aigov("gate", "--repo", repo.dir().toString(), "--range", base + "..HEAD",
                "--policy", policy.toString(), "--request-out", request.toString(), "--job", "shop", "--build", "7");
        assertThat(gate.exit()).as(gate.toString()).isEqualTo(10);

        BuiltCli self = aigov("approve", "--request", request.toString(), "--policy", policy.toString(),
                "--key", reviewers.key(TestRepo.DEFAULT_AUTHOR.email()).toString());
        assertThat(self.exit()).as(self.toString()).isEqualTo(30);
        assertThat(self.err()).contains("refused by rule");

        BuiltCli approved = aigov("approve", "--request", request.toString(), "--policy", policy.toString(),
                "--key", reviewers.key("bob@example.com").toString());
        assertThat(approved.exit()).as(approved.toString()).isZero();
        assertThat(approved.out()).contains("approval recorded for bob@example.com", "approved");

        BuiltCli after = aigov("gate", "--repo", repo.dir().toString(), "--range", base + "..HEAD",
                "--policy", policy.toString(), "--request", request.toString(), "--job", "shop", "--build", "7");
        assertThat(after.exit()).as(after.toString()).isZero();

        BuiltCli missing = aigov("approve", "--request", work.resolve("none.json").toString(), "--policy", policy.toString(),
                "--key", reviewers.key("bob@example.com").toString());
        assertThat(missing.exit()).isEqualTo(2);
    }

    @Test
    void execExitsWithTheCommandsCodeOrSignalOneWhenRefusedAndTwoForAnUnknownRole() throws Exception {
        BuiltCli three = aigov("exec", "--role", "agent", "--", "sh", "-c", "test -n \"$AIGOV_ID_TOKEN_FILE\" && exit 3");
        assertThat(three.exit()).as(three.toString()).isEqualTo(3);

        BuiltCli signalled = aigov("exec", "--role", "agent", "--", "sh", "-c", "kill -TERM $$");
        assertThat(signalled.exit()).as(signalled.toString()).isEqualTo(128 + 15);

        BuiltCli cannotStart = aigov("exec", "--role", "agent", "--", work.resolve("no-such-command").toString());
        assertThat(cannotStart.exit()).as(cannotStart.toString()).isEqualTo(127);

        BuiltCli refused = aigov("exec", "--role", "deploy", "--", "true");
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err()).contains("requires approval", "the command was not started");

        BuiltCli unknown = aigov("exec", "--role", "nope", "--", "true");
        assertThat(unknown.exit()).isEqualTo(2);
    }

    @Test
    void reapExitsZeroWhenAllAreRevokedAndOneWhenOneFails() throws Exception {
        BuiltCli nothing = aigov("reap");
        assertThat(nothing.exit()).as(nothing.toString()).isZero();
        assertThat(nothing.out()).contains("nothing to reap");

        // The command sabotages the deny-list: revoking fails (exec exits 1), the handle stays for reap.
        BuiltCli broken = aigov("exec", "--role", "agent", "--", "sh", "-c",
                "rm -f state/jwt-keys/denied.jsonl && mkdir state/jwt-keys/denied.jsonl");
        assertThat(broken.exit()).as(broken.toString()).isEqualTo(1);
        assertThat(broken.err()).contains("REVOCATION FAILED");

        BuiltCli failed = aigov("reap");
        assertThat(failed.exit()).as(failed.toString()).isEqualTo(1);
        assertThat(failed.out()).contains("FAILED  jwt:");

        Files.delete(work.resolve("state/jwt-keys/denied.jsonl"));
        BuiltCli reaped = aigov("reap");
        assertThat(reaped.exit()).as(reaped.toString()).isZero();
        assertThat(reaped.out()).contains("revoked jwt:");
    }

    @Test
    void jwtPrintsKeysAndVerifyExitsOneForABadToken() throws Exception {
        BuiltCli jwks = aigov("jwt", "jwks");
        assertThat(jwks.exit()).as(jwks.toString()).isZero();
        assertThat(jwks.out()).contains("\"keys\"");
        assertThat(aigov("jwt", "pem").out()).contains("-----BEGIN PUBLIC KEY-----");
        assertThat(aigov("jwt", "rotate").exit()).isZero();

        BuiltCli bad = aigov("jwt", "verify", "not.a.token");
        assertThat(bad.exit()).isEqualTo(1);
    }

    @Test
    void sealVerifyReportAndKeyExportExitZeroFortyAndFortyOne() throws Exception {
        Path ledger = work.resolve("build.ledger");
        assertThat(aigov("gate", "--repo", repo.dir().toString(), "--ledger", ledger.toString()).exit()).isZero();

        BuiltCli unsealed = aigov("verify", "--ledger", ledger.toString());
        assertThat(unsealed.exit()).as(unsealed.toString()).isEqualTo(41);
        BuiltCli unsealedReport = aigov("report", "--ledger", ledger.toString(), "--out", work.resolve("early.html").toString());
        assertThat(unsealedReport.exit()).as(unsealedReport.toString()).isEqualTo(41);

        Path key = work.resolve("ledger-key");
        BuiltCli seal = aigov("seal", "--ledger", ledger.toString(), "--key", key.toString());
        assertThat(seal.exit()).as(seal.toString()).isZero();

        BuiltCli unpinned = aigov("verify", "--ledger", ledger.toString());
        assertThat(unpinned.exit()).as(unpinned.toString()).isEqualTo(42);

        BuiltCli exported = aigov("key", "export", "--key", key.toString());
        assertThat(exported.exit()).isZero();
        Path publicKey = file("ledger.pub", exported.out());

        BuiltCli verified = aigov("verify", "--ledger", ledger.toString(), "--public-key", publicKey.toString());
        assertThat(verified.exit()).as(verified.toString()).isZero();

        Path html = work.resolve("audit.html");
        BuiltCli report = aigov("report", "--ledger", ledger.toString(), "--out", html.toString(),
                "--public-key", publicKey.toString());
        assertThat(report.exit()).as(report.toString()).isZero();
        assertThat(Files.readString(html)).contains("<html");

        Files.writeString(ledger, Files.readString(ledger).replaceFirst("PASS", "FAIL"));
        BuiltCli tampered = aigov("verify", "--ledger", ledger.toString());
        assertThat(tampered.exit()).as(tampered.toString()).isEqualTo(40);
        BuiltCli tamperedReport = aigov("report", "--ledger", ledger.toString(), "--out", html.toString());
        assertThat(tamperedReport.exit()).isEqualTo(40);
    }

    private BuiltCli classesLoadedBy(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-Xlog:class+load=info:file=" + work.resolve("classes.log"), "-jar", BuiltCli.jar().toString()));
        command.addAll(List.of(args));
        BuiltCli run = BuiltCli.run(work, java.util.Map.of(), command);
        return new BuiltCli(run.exit(), Files.readString(work.resolve("classes.log")), run.err());
    }

    @Test
    void versionAndHelpLoadNeitherPicocliNorJacksonAndACommandBuildsOnlyItself() throws Exception {
        for (String flag : List.of("--version", "--help")) {
            BuiltCli run = classesLoadedBy(flag);
            assertThat(run.exit()).isZero();
            assertThat(run.out()).as(flag).doesNotContain("picocli.").doesNotContain("com.fasterxml.jackson")
                    .doesNotContain("dev.aigov.cli.GateCommand");
        }
        BuiltCli policy = classesLoadedBy("policy", "default");
        assertThat(policy.exit()).isZero();
        assertThat(policy.out()).contains("dev.aigov.cli.PolicyCommand").doesNotContain("dev.aigov.cli.GateCommand")
                .doesNotContain("dev.aigov.cli.ExecCommand").doesNotContain("com.fasterxml.jackson.databind.ObjectMapper");
    }

    @Test
    void aOneCommitGateWithoutALedgerLoadsNoDataBinding() throws Exception {
        aiCommit();

        BuiltCli gate = classesLoadedBy("gate", "--repo", repo.dir().toString(), "--range", "HEAD~1..HEAD");

        assertThat(gate.exit()).as(gate.toString()).isEqualTo(20);
        assertThat(gate.out()).contains("dev.aigov.cli.GateCommand", "dev.aigov.provenance.MarkerCatalogue")
                .doesNotContain("com.fasterxml.jackson.databind.ObjectMapper");
    }

    @Test
    void picocliIsPackagedAsJava21BytecodeSoTheStartUpCacheCanHoldIt() throws Exception {
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(BuiltCli.jar().toFile())) {
            byte[] header = jar.getInputStream(jar.getJarEntry("picocli/CommandLine.class")).readNBytes(8);
            int major = ((header[6] & 0xff) << 8) | (header[7] & 0xff);
            assertThat(major).as("class file major version of picocli.CommandLine").isGreaterThanOrEqualTo(65);
        }
    }

    @Test
    void scanWithoutARangeReadsTheRangeTheCiNamesInTextAndInJson() throws Exception {
        aiCommit();
        String previous = repo.head();
        repo.commit().message("Tune the cache\n\nCo-authored-by: Claude <noreply@anthropic.com>\n")
                .file("src/Cache.java", "class Cache {}\n").create();
        java.util.Map<String, String> ci = java.util.Map.of("AIGOV_HOME", work.resolve("state").toString(),
                "GIT_PREVIOUS_SUCCESSFUL_COMMIT", previous);

        BuiltCli json = BuiltCli.jar(work, ci, "scan", "--repo", repo.dir().toString(), "--format", "json");
        BuiltCli text = BuiltCli.jar(work, ci, "scan", "--repo", repo.dir().toString());

        assertThat(json.exit()).as(json.toString()).isZero();
        assertThat(json.out()).contains("\"commit\" : \"" + repo.head() + "\"", "\"commits\" : 1,")
                .doesNotContain("\"commit\" : \"" + previous + "\"");
        assertThat(text.exit()).as(text.toString()).isZero();
        assertThat(text.out()).contains(": 1 commit, 1 AI-attributed", "\n" + repo.head().substring(0, 10) + " ")
                .doesNotContain("\n" + previous.substring(0, 10) + " ");
    }
}
