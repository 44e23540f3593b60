package dev.aigov.cli;

import dev.aigov.credentials.LeaseJournal;
import dev.aigov.credentials.vault.VaultDouble;
import dev.aigov.credentials.vault.VaultFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * aigov exec and reap with the Vault provider, as real processes against the Vault double on 127.0.0.1: the
 * double's own state (live tokens, live leases) proves that every way a run ends revokes everything it created,
 * and no issued secret appears in any byte of aigov's output, the journal or the double's request log.
 */
class ExecVaultProcessTest {
    private static final String POLICY = """
            version: 1
            identities:
              agent: {provider: vault, policies: [agent-readonly], ttl: 15m}
              db:    {provider: vault, policies: [db-app], secret: database/creds/app, ttl: 15m}
            """;
    private static final String SENTINEL_TOKEN = "sentinel-vault-token-5d1f";
    private static final String SENTINEL_SECRET_ID = "sentinel-secret-id-8a2c";
    private static final Pattern PEM = Pattern.compile("-----BEGIN PUBLIC KEY-----.+?-----END PUBLIC KEY-----\\s*",
            Pattern.DOTALL);

    /** The token role's command: records its Vault address and token and calls Vault with the token. */
    private static final String CALL_VAULT = """
            printf %s "$VAULT_TOKEN" > out/token
            printf %s "$VAULT_ADDR" > out/addr
            hostport=${VAULT_ADDR#http://}
            exec 3<>/dev/tcp/${hostport%:*}/${hostport#*:}
            printf 'GET /v1/auth/token/lookup-self HTTP/1.0\\r\\nHost: vault\\r\\nX-Vault-Token: %s\\r\\nConnection: close\\r\\n\\r\\n' "$VAULT_TOKEN" >&3
            cat <&3
            echo
            echo "stderr: $VAULT_TOKEN" >&2
            """;

    /** The dynamic role's command: records the database credentials and whatever VAULT_TOKEN it inherited. */
    private static final String RECORD_CREDS = """
            printf '%s\\n%s' "$AIGOV_USERNAME" "$AIGOV_PASSWORD" > out/creds
            printf %s "${VAULT_TOKEN-unset}" > out/inherited-vault-token
            printf %s "${VAULT_SECRET_ID-unset}" > out/inherited-secret-id
            echo "user=$AIGOV_USERNAME pass=$AIGOV_PASSWORD"
            echo "pass=$AIGOV_PASSWORD" >&2
            """;

    @TempDir
    Path work;
    Path out;
    VaultFixture vault;
    VaultDouble server;
    String brokerToken;
    String brokerAccessor;

    @BeforeEach
    void setUp() throws IOException {
        out = Files.createDirectories(work.resolve("out"));
        Files.writeString(work.resolve("policy.yaml"), POLICY);
        vault = VaultFixture.start();
        assumeTrue(vault.theDouble().isPresent(), "these tests read the Vault double's own state");
        server = vault.theDouble().orElseThrow();
        vault.writeBrokerPolicies();
        server.addDatabaseRole("database", "app", Duration.ofHours(1));
        brokerToken = vault.brokerToken(List.of("aigov-broker", "agent-readonly", "db-app"));
        brokerAccessor = server.liveAccessors().iterator().next();
        assertThat(server.liveAccessors()).containsExactly(brokerAccessor);
    }

    @AfterEach
    void tearDown() {
        vault.close();
    }

    private Map<String, String> tokenAuth() {
        return Map.of("VAULT_ADDR", server.address(), "VAULT_TOKEN", brokerToken);
    }

    /** Keyless: a JWT login, with long-lived Vault secrets planted as sentinels that must stay unused. */
    private Map<String, String> jwtAuth(String... extra) {
        Map<String, String> env = new HashMap<>(Map.of("VAULT_ADDR", server.address(), "VAULT_AUTH_METHOD", "jwt",
                "VAULT_JWT_ROLE", "ci", "VAULT_TOKEN", SENTINEL_TOKEN, "VAULT_SECRET_ID", SENTINEL_SECRET_ID));
        for (int i = 0; i < extra.length; i += 2) {
            env.put(extra[i], extra[i + 1]);
        }
        return env;
    }

    private Aigov exec(Map<String, String> env, String role, String script, String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("exec", "--role", role, "--policy", "policy.yaml"));
        args.addAll(List.of(options));
        if (!args.contains("--job") && !env.containsKey("JOB_NAME")) {
            args.addAll(List.of("--job", "team/app", "--build", "7"));
        }
        args.addAll(List.of("--", "bash", "-c", script));
        return Aigov.start(work, env, args.toArray(String[]::new));
    }

    private Aigov reap(Map<String, String> env) throws Exception {
        return Aigov.run(work, env, "reap", "--policy", "policy.yaml");
    }

    private String read(String name) throws IOException {
        return Files.readString(out.resolve(name), StandardCharsets.UTF_8);
    }

    private List<LeaseJournal.Entry> journal() throws IOException {
        return new LeaseJournal(work.resolve(".aigov/leases.journal")).outstanding();
    }

    /** Whether Vault still accepts the token (an independent client, the token's own lookup-self). */
    private boolean live(String token) {
        return vault.call("GET", "auth/token/lookup-self", token, null, false) != null;
    }

    /** By the double's own state: nothing aigov created is alive (only the broker's own token) and the journal is empty. */
    private void assertEverythingRevoked() throws IOException {
        assertThat(server.liveAccessors()).as("live tokens").containsExactly(brokerAccessor);
        assertThat(server.liveLeaseIds()).as("live dynamic-secret leases").isEmpty();
        assertThat(journal()).isEmpty();
    }

    /**
     * Searches every byte of aigov's stdout and stderr, the journal (everything under .aigov but the private keys)
     * and the double's request log for every secret; the broker's token and the sentinels are always searched, and
     * so are the prefixes of every Vault service token ({@code hvs.}) and of every JWT ({@code eyJ}): the secrets a
     * test never sees (the per-build parent, the login token, the login JWT) have no other trace.
     */
    private void assertNoLeak(String... secrets) throws IOException {
        Set<String> needles = new LinkedHashSet<>(List.of(secrets));
        needles.addAll(List.of(brokerToken, SENTINEL_TOKEN, SENTINEL_SECRET_ID));
        List<Path> searched = new ArrayList<>();
        for (Path root : List.of(work.resolve("logs"), work.resolve(".aigov"))) {
            if (Files.exists(root)) {
                try (Stream<Path> files = Files.walk(root)) {
                    files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".jwk")).forEach(searched::add);
                }
            }
        }
        assertThat(searched).as("aigov's output files").isNotEmpty();
        String requestLog = server.requests().toString();
        for (Path file : searched) {
            assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).as("a token or JWT in " + file)
                    .doesNotContain("hvs.", "eyJ");
        }
        assertThat(requestLog).doesNotContain("hvs.", "eyJ");
        for (String secret : needles) {
            assertThat(secret).hasSizeGreaterThanOrEqualTo(8);
            byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
            for (Path file : searched) {
                assertThat(Aigov.indexOf(Files.readAllBytes(file), needle)).as("a secret in " + file).isEqualTo(-1);
            }
            assertThat(requestLog.contains(secret)).as("a secret in the double's request log").isFalse();
        }
    }

    @Test
    void tokenRoleGetsVaultAddrAndAWorkingTokenMaskedInItsOutputAndRevokedAfterwards() throws Exception {
        Aigov aigov = exec(tokenAuth(), "agent", CALL_VAULT);
        assertThat(aigov.exit()).as(aigov.err()).isZero();
        String token = read("token");
        assertThat(token).isNotBlank().isNotEqualTo(brokerToken);
        assertThat(read("addr")).isEqualTo(server.address());
        // the command called Vault with its token: the double's log has the call, from the child token
        VaultDouble.LoggedRequest call = server.requests().stream()
                .filter(r -> r.path().equals("auth/token/lookup-self")).findFirst().orElseThrow();
        assertThat(call.status()).isEqualTo(200);
        assertThat(call.callerAccessor()).isNotEqualTo(brokerAccessor).isNotBlank();
        assertThat(aigov.out()).contains("HTTP/1.", "\"id\":\"****\"", "agent-readonly", call.callerAccessor());
        assertThat(aigov.err()).contains("stderr: ****");
        assertThat(server.token(call.callerAccessor())).as("the child token, after the run").isEmpty();
        assertThat(live(token)).isFalse();
        assertEverythingRevoked();
        assertNoLeak(token);
    }

    @Test
    void dynamicRoleGetsDatabaseCredentialsButNotTheBrokersTokenAndAFailingExitStillRevokes() throws Exception {
        Aigov aigov = exec(tokenAuth(), "db", RECORD_CREDS + "exit 3\n");
        assertThat(aigov.exit()).as(aigov.err()).isEqualTo(3);
        String[] creds = read("creds").split("\n");
        assertThat(creds[0]).startsWith("v-token-app-");
        assertThat(creds[1]).hasSize(20);
        assertThat(read("inherited-vault-token")).as("the broker's own token is not the command's").isEqualTo("unset");
        assertThat(server.requests()).anyMatch(r -> r.path().equals("database/creds/app") && r.status() == 200);
        assertThat(aigov.out()).isEqualTo("user=**** pass=****\n");
        assertThat(aigov.err()).isEqualTo("pass=****\n");
        assertThat(server.received(creds[1])).as("the password never goes back to Vault").isFalse();
        assertEverythingRevoked();
        assertNoLeak(creds);
    }

    @Test
    void sigtermToAigovIsForwardedThenEverythingIsRevokedAndAigovExits143() throws Exception {
        Aigov aigov = exec(tokenAuth(), "db", RECORD_CREDS + """
                trap 'echo forwarded > out/got-term; exit 5' TERM
                touch out/ready
                sleep 60 & wait
                """);
        Aigov.await("the command to start", () -> Files.exists(out.resolve("ready")));
        assertThat(server.liveLeaseIds()).hasSize(1);
        assertThat(server.liveAccessors()).hasSize(3); // broker, per-build parent, child
        aigov.process.destroy(); // SIGTERM
        assertThat(aigov.exit()).as(aigov.err()).isEqualTo(128 + 15);
        assertThat(out.resolve("got-term")).hasContent("forwarded");
        assertEverythingRevoked();
        assertNoLeak(read("creds").split("\n"));
    }

    @Test
    void commandKilledWithSigkillExits137AndEverythingIsRevoked() throws Exception {
        Aigov aigov = exec(tokenAuth(), "agent", "printf %s \"$VAULT_TOKEN\" > out/token; echo $$ > out/pid; exec sleep 60");
        Aigov.await("the command's pid", () -> out.resolve("pid").toFile().length() > 1);
        assertThat(live(read("token"))).isTrue();
        long pid = Long.parseLong(read("pid").trim());
        assertThat(ProcessHandle.of(pid).orElseThrow().destroyForcibly()).isTrue();
        assertThat(aigov.exit()).as(aigov.err()).isEqualTo(128 + 9);
        assertThat(live(read("token"))).isFalse();
        assertEverythingRevoked();
        assertNoLeak(read("token"));
    }

    @Test
    void killMinus9OfAigovLeavesLiveTokensUntilReapRevokesThem() throws Exception {
        Aigov aigov = exec(tokenAuth(), "agent", "printf %s \"$VAULT_TOKEN\" > out/token; touch out/ready; exec sleep 60");
        Aigov.await("the command to start", () -> Files.exists(out.resolve("ready")));
        List<ProcessHandle> children = aigov.process.descendants().toList();
        aigov.process.destroyForcibly(); // kill -9: no handler runs
        aigov.waitFor();
        children.forEach(ProcessHandle::destroyForcibly);
        String token = read("token");
        assertThat(journal()).hasSize(1);
        assertThat(live(token)).as("still live before reaping").isTrue();
        assertThat(server.liveAccessors()).hasSize(3);

        Aigov reap = reap(tokenAuth());
        assertThat(reap.exit()).as(reap.err()).isZero();
        assertThat(reap.out()).contains("revoked vault:" + journalId(reap) + " role=agent run=team/app#7");
        assertThat(live(token)).isFalse();
        assertEverythingRevoked();
        assertNoLeak(token);
    }

    /** The handle id (the parent's accessor) reap reported: not a secret, Vault's public handle of a token. */
    private static String journalId(Aigov reap) {
        Matcher m = Pattern.compile("revoked vault:(\\S+)").matcher(reap.out());
        assertThat(m.find()).as(reap.out()).isTrue();
        return m.group(1);
    }

    @Test
    void vaultUnavailableAtIssueMeansTheCommandNeverRuns() throws Exception {
        server.failWhen((path, n) -> true);
        Aigov sealed = exec(tokenAuth(), "agent", "touch out/ran");
        assertThat(sealed.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(sealed.err()).contains("cannot issue credentials for role 'agent'", "Vault is sealed",
                "the command was not started");
        server.heal();

        Aigov unreachable = exec(Map.of("VAULT_ADDR", "http://127.0.0.1:1", "VAULT_TOKEN", brokerToken), "agent",
                "touch out/ran");
        assertThat(unreachable.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(unreachable.err()).contains("cannot issue credentials for role 'agent'", "127.0.0.1:1",
                "the command was not started");

        // half-issued: parent and child exist when the dynamic secret cannot be read; both are revoked at once
        server.failWhen((path, n) -> path.equals("database/creds/app"));
        Aigov halfIssued = exec(tokenAuth(), "db", "touch out/ran");
        assertThat(halfIssued.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(halfIssued.err()).contains("cannot issue credentials for role 'db'", "Vault is sealed",
                "the command was not started");
        assertThat(server.requests()).filteredOn(r -> r.path().equals("auth/token/create") && r.status() == 200)
                .hasSize(3); // the broker's own token (set-up), then the parent and the child

        assertThat(out.resolve("ran")).doesNotExist();
        assertEverythingRevoked();
        assertNoLeak();
    }

    @Test
    void vaultFailingAtRevokeIsLoudKeepsTheHandleAndALaterReapRevokes() throws Exception {
        server.failWhen((path, n) -> path.equals("auth/token/revoke-accessor"));
        Aigov aigov = exec(tokenAuth(), "agent", "printf %s \"$VAULT_TOKEN\" > out/token");
        assertThat(aigov.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(aigov.err()).contains("REVOCATION FAILED", "Vault is sealed", "aigov reap");
        String token = read("token");
        assertThat(journal()).hasSize(1);
        assertThat(live(token)).isTrue();

        Aigov stillDown = reap(tokenAuth());
        assertThat(stillDown.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(stillDown.out()).contains("FAILED  vault:");
        assertThat(journal()).hasSize(1);

        server.heal();
        Aigov reap = reap(tokenAuth());
        assertThat(reap.exit()).as(reap.out() + reap.err()).isZero();
        assertThat(reap.out()).contains("revoked vault:");
        assertThat(live(token)).isFalse();
        assertEverythingRevoked();
        assertNoLeak(token);
    }

    @Test
    void twentyParallelRunsGetDistinctTokensAndAllAreRevoked() throws Exception {
        List<Aigov> runs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            runs.add(exec(tokenAuth(), "agent", "printf %s \"$VAULT_TOKEN\" > out/token-" + i + "; echo \"$VAULT_TOKEN\"",
                    "--job", "team/app", "--build", "run-" + i));
        }
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < runs.size(); i++) {
            assertThat(runs.get(i).exit()).as(runs.get(i).err()).isZero();
            assertThat(runs.get(i).out()).isEqualTo("****\n");
            tokens.add(read("token-" + i));
        }
        assertThat(tokens).hasSize(20).doesNotContain("");
        assertThat(server.requests().stream().filter(r -> r.path().equals("auth/token/revoke-accessor")))
                .hasSize(20);
        assertEverythingRevoked();
        assertNoLeak(tokens.toArray(String[]::new));
    }

    // ---------------------------------------------------------------- issue 7: keyless, JWT login

    /** Vault's JWT auth trusting the embedded issuer's published keys, with a role bound on audience, job and build. */
    private void trustTheEmbeddedIssuer() throws Exception {
        vault.enableAuth("jwt", "jwt");
        trust(publishedKeys());
        vault.write("auth/jwt/role/ci", Map.of(
                "role_type", "jwt",
                "bound_audiences", List.of("vault"),
                "bound_claims", Map.of("job", "team/app", "build", "7"),
                "user_claim", "sub",
                "token_policies", List.of("aigov-broker", "agent-readonly", "db-app"),
                "token_ttl", "1h"));
    }

    private void trust(List<String> pems) {
        vault.write("auth/jwt/config", Map.of("jwt_validation_pubkeys", pems));
    }

    /** {@code aigov jwt pem}: one PEM block per published key. */
    private List<String> publishedKeys() throws Exception {
        Aigov pem = Aigov.run(work, "jwt", "pem");
        assertThat(pem.exit()).as(pem.err()).isZero();
        List<String> keys = new ArrayList<>();
        Matcher m = PEM.matcher(pem.out());
        while (m.find()) {
            keys.add(m.group().strip() + "\n");
        }
        assertThat(keys).isNotEmpty();
        return keys;
    }

    @Test
    void jwtLoginWithTheBuildsIdentityIssuesUnderTheLoginTokenAndRevokesEverythingIncludingIt() throws Exception {
        trustTheEmbeddedIssuer();
        Aigov aigov = exec(jwtAuth("JOB_NAME", "team/app", "BUILD_NUMBER", "7"), "db", RECORD_CREDS + """
                touch out/ready
                while [ ! -e out/go ]; do sleep 0.1; done
                """);
        Aigov.await("the command to start", () -> Files.exists(out.resolve("ready")));
        VaultDouble.TokenView login = server.liveTokens().stream()
                .filter(t -> t.path().equals("auth/jwt/login")).findFirst().orElseThrow();
        assertThat(login.displayName()).isEqualTo("jwt-team/app#7");
        assertThat(server.liveTokens()).as("the per-build parent hangs under the login token")
                .anyMatch(t -> login.accessor().equals(t.parentAccessor()));
        assertThat(server.liveLeaseIds()).hasSize(1);
        Files.createFile(out.resolve("go"));

        assertThat(aigov.exit()).as(aigov.err()).isZero();
        String[] creds = read("creds").split("\n");
        assertThat(creds[0]).startsWith("v-token-app-");
        assertThat(server.requests()).filteredOn(r -> r.path().equals("auth/jwt/login"))
                .as("one login to issue, one to revoke").hasSize(2).allMatch(r -> r.status() == 200);
        assertThat(server.token(login.accessor())).as("the login token").isEmpty();
        assertEverythingRevoked();
        // no long-lived secret was used: the sentinels reached neither Vault nor the command
        assertThat(server.received(SENTINEL_TOKEN)).isFalse();
        assertThat(server.received(SENTINEL_SECRET_ID)).isFalse();
        assertThat(server.requests()).noneMatch(r -> r.callerAccessor().equals(brokerAccessor));
        assertThat(read("inherited-vault-token")).isEqualTo("unset");
        assertThat(read("inherited-secret-id")).isEqualTo("unset");
        assertNoLeak(creds);
    }

    @Test
    void afterKillMinus9UnderJwtLoginReapLogsInWithTheSameRunClaimsAndRevokesEverything() throws Exception {
        trustTheEmbeddedIssuer();
        Aigov aigov = exec(jwtAuth(), "agent", "printf %s \"$VAULT_TOKEN\" > out/token; touch out/ready; exec sleep 60");
        Aigov.await("the command to start", () -> Files.exists(out.resolve("ready")));
        List<ProcessHandle> children = aigov.process.descendants().toList();
        aigov.process.destroyForcibly();
        aigov.waitFor();
        children.forEach(ProcessHandle::destroyForcibly);
        String token = read("token");
        assertThat(live(token)).as("still live before reaping").isTrue();
        assertThat(server.liveTokens()).anyMatch(t -> t.path().equals("auth/jwt/login"));

        // the reaper runs without --job/--build: the journal's handle carries the run's claims for the login
        Aigov reap = reap(jwtAuth());
        assertThat(reap.exit()).as(reap.out() + reap.err()).isZero();
        assertThat(reap.out()).contains("revoked vault:", "role=agent run=team/app#7");
        assertThat(live(token)).isFalse();
        assertEverythingRevoked();
        assertThat(server.received(SENTINEL_TOKEN) || server.received(SENTINEL_SECRET_ID)).isFalse();
        assertNoLeak(token);
    }

    @Test
    void whenTheJwtLoginForRevokingFailsTheHandleStaysAndAReapAfterwardsRevokesEverything() throws Exception {
        trustTheEmbeddedIssuer();
        server.failWhen((path, n) -> path.equals("auth/jwt/login") && n >= 2); // the issue logs in, the revoke cannot
        Aigov aigov = exec(jwtAuth(), "agent", "printf %s \"$VAULT_TOKEN\" > out/token");
        assertThat(aigov.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(aigov.err()).contains("REVOCATION FAILED", "JWT login", "aigov reap");
        assertThat(journal()).hasSize(1);
        assertThat(live(read("token"))).isTrue();

        server.heal();
        Aigov reap = reap(jwtAuth());
        assertThat(reap.exit()).as(reap.out() + reap.err()).isZero();
        assertThat(live(read("token"))).isFalse();
        assertEverythingRevoked();
        assertNoLeak(read("token"));
    }

    @Test
    void vaultRefusingTheJwtLoginIsReportedInWordsAndTheCommandNeverRuns() throws Exception {
        trustTheEmbeddedIssuer();
        Aigov wrongAudience = exec(jwtAuth("VAULT_JWT_AUDIENCE", "not-vault"), "agent", "touch out/ran");
        assertRefused(wrongAudience, "Vault refused the JWT login: audience 'not-vault' not bound (role 'ci')");

        Aigov unboundBuild = exec(jwtAuth(), "agent", "touch out/ran", "--job", "team/app", "--build", "8");
        assertRefused(unboundBuild, "Vault refused the JWT login: claim value not bound (claim 'build') (role 'ci')");

        // a stale copy of the key store keeps signing with the key that `aigov jwt rotate` retired
        Path stale = work.resolve("stale-keys");
        copy(work.resolve(".aigov/jwt-keys"), stale);
        List<String> before = publishedKeys();
        Aigov rotate = Aigov.run(work, "jwt", "rotate");
        assertThat(rotate.exit()).as(rotate.err()).isZero();
        List<String> newKeys = new ArrayList<>(publishedKeys());
        newKeys.removeAll(before);
        assertThat(newKeys).hasSize(1);
        trust(newKeys);
        Aigov rotatedOut = exec(jwtAuth(), "agent", "touch out/ran", "--keys", stale.toString());
        assertRefused(rotatedOut, "Vault refused the JWT login: signed by a key Vault does not trust");

        Aigov current = exec(jwtAuth(), "agent", "printf %s \"$VAULT_TOKEN\" > out/token");
        assertThat(current.exit()).as("the current key logs in: " + current.err()).isZero();
        assertThat(live(read("token"))).isFalse();
        assertEverythingRevoked();
        assertNoLeak(read("token"));
    }

    private void assertRefused(Aigov run, String why) throws Exception {
        assertThat(run.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err()).contains(why, "the command was not started");
        assertThat(run.out()).isEmpty();
        assertThat(out.resolve("ran")).doesNotExist();
        assertEverythingRevoked();
        assertThat(server.received(SENTINEL_TOKEN) || server.received(SENTINEL_SECRET_ID)).isFalse();
        assertNoLeak();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(from.relativize(f).toString()));
            }
        }
    }
}
