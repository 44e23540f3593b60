package dev.aigov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigov.credentials.jwt.JwtIssuer;
import dev.aigov.credentials.jwt.SigningAlgorithm;
import dev.aigov.credentials.jwt.WorkloadClaims;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JwtCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final WorkloadClaims RUN = new WorkloadClaims("team/app", "3", "agent", "", "", Map.of());

    @TempDir
    Path work;
    Path keys;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream stdout;
    private PrintStream stderr;
    private InputStream stdin;

    @BeforeEach
    void capture() {
        keys = work.resolve("keys");
        stdout = System.out;
        stderr = System.err;
        stdin = System.in;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(stdout);
        System.setErr(stderr);
        System.setIn(stdin);
    }

    private int aigov(String... args) {
        out.reset();
        err.reset();
        return Main.run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private JwtIssuer issuer(Clock clock) throws Exception {
        return JwtIssuer.open(keys, new JwtIssuer.Settings("aigov", Duration.ofHours(1), SigningAlgorithm.ED25519, clock));
    }

    @Test
    void jwksAndPemPrintThePublishedKeysAndRotationAddsOne() throws Exception {
        assertThat(aigov("jwt", "jwks", "--keys", keys.toString())).isZero();
        JsonNode jwks = JSON.readTree(out());
        assertThat(jwks.get("keys")).hasSize(1);
        assertThat(jwks.get("keys").get(0).has("d")).isFalse();

        assertThat(aigov("jwt", "pem", "--keys", keys.toString())).isZero();
        assertThat(out()).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");

        String before = issuer(Clock.systemUTC()).mint(RUN, "vault", Duration.ofMinutes(5)).reveal();
        assertThat(aigov("jwt", "rotate", "--keys", keys.toString())).isZero();
        assertThat(aigov("jwt", "jwks", "--keys", keys.toString())).isZero();
        assertThat(JSON.readTree(out()).get("keys")).hasSize(2);
        assertThat(aigov("jwt", "pem", "--keys", keys.toString())).isZero();
        assertThat(out().split("BEGIN PUBLIC KEY", -1)).hasSize(3);
        assertThat(aigov("jwt", "verify", before, "--keys", keys.toString())).as(err()).isZero();

        assertThat(aigov("jwt", "rotate", "--algorithm", "RS256", "--keys", keys.toString())).isZero();
        assertThat(aigov("jwt", "jwks", "--keys", keys.toString())).isZero();
        assertThat(out()).contains("\"kty\":\"RSA\"");
    }

    @Test
    void verifyAcceptsAValidTokenAndNamesTheReasonForEachRefusal() throws Exception {
        JwtIssuer issuer = issuer(Clock.systemUTC());
        var token = issuer.issue(RUN, "vault", Duration.ofMinutes(5));
        String value = token.value().reveal();

        assertThat(aigov("jwt", "verify", value, "--audience", "vault", "--keys", keys.toString())).as(err()).isZero();
        assertThat(out()).contains("valid: sub=team/app#3 jti=" + token.jti());

        assertThat(aigov("jwt", "verify", value, "--audience", "https://other", "--keys", keys.toString())).isEqualTo(1);
        assertThat(err()).contains("invalid token (wrong audience)");

        String[] parts = value.split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + (parts[2].charAt(0) == 'A' ? "B" : "A") + parts[2].substring(1);
        assertThat(aigov("jwt", "verify", forged, "--keys", keys.toString())).isEqualTo(1);
        assertThat(err()).contains("invalid token (bad signature)");

        String expired = issuer(Clock.fixed(Instant.now().minus(Duration.ofMinutes(30)), ZoneOffset.UTC))
                .mint(RUN, "vault", Duration.ofMinutes(10)).reveal();
        assertThat(aigov("jwt", "verify", expired, "--keys", keys.toString())).isEqualTo(1);
        assertThat(err()).contains("invalid token (expired)");

        issuer.deny(token.jti(), token.expiresAt());
        System.setIn(new ByteArrayInputStream((value + "\n").getBytes(StandardCharsets.UTF_8)));
        assertThat(aigov("jwt", "verify", "-", "--keys", keys.toString())).isEqualTo(1);
        assertThat(err()).contains("invalid token (revoked)").doesNotContain(value);

        assertThat(aigov("jwt", "verify", "garbage", "--keys", keys.toString())).isEqualTo(1);
        assertThat(err()).contains("invalid token (malformed)");
    }

    @Test
    void keysDefaultToAigovHome() throws Exception {
        Path home = work.resolve("home");
        Aigov aigov = Aigov.start(work, Map.of("AIGOV_HOME", home.toString()), "jwt", "jwks");
        assertThat(aigov.waitFor()).as(aigov.err()).isZero();
        assertThat(home.resolve("jwt-keys/keyring.json")).exists();
        assertThat(work.resolve(".aigov")).doesNotExist();
    }

    @Test
    void subcommandIsRequired() {
        assertThat(aigov("jwt")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("needs a subcommand");
    }

    @Test
    void aVaultRoleFailsClearlyUntilTheVaultProviderIsWired() throws Exception {
        try {
            Providers.vault(Map.of(), Path.of("keys"), dev.aigov.policy.PolicyLoader.builtIn());
            throw new AssertionError("expected a UsageException");
        } catch (UsageException e) {
            assertThat(e.getMessage()).isEqualTo("vault provider not wired");
        }
    }
}
