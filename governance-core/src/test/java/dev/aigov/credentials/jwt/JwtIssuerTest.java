package dev.aigov.credentials.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.SignedJWT;
import dev.aigov.build.BuildRef;
import dev.aigov.credentials.CredentialProvider;
import dev.aigov.credentials.IdentityRequest;
import dev.aigov.credentials.Lease;
import dev.aigov.policy.IdentityRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JwtIssuerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final WorkloadClaims RUN = new WorkloadClaims("team/app", "42", "agent", "abc123", "claude-code",
            Map.of("decision", "PASS"));

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T10:00:00Z"));

    JwtIssuer issuer(SigningAlgorithm algorithm) throws Exception {
        return JwtIssuer.open(dir.resolve("keys"), new JwtIssuer.Settings("aigov-test", Duration.ofHours(1), algorithm, clock));
    }

    @Test
    void aTokenLivingLongerThanMaxTtlIsRefusedEvenWithAGoodSignature() throws Exception {
        // The same keys under a laxer cap mint a 3h token; the issuer as configured (1h) never would.
        JwtIssuer lax = JwtIssuer.open(dir.resolve("keys"), new JwtIssuer.Settings("aigov-test", Duration.ofHours(4),
                SigningAlgorithm.ED25519, clock));
        String longLived = lax.issue(RUN, "vault", Duration.ofHours(3)).value().reveal();
        assertThat(lax.verify(longLived, null).subject()).isEqualTo("team/app#42");
        assertThatThrownBy(() -> issuer(SigningAlgorithm.ED25519).verify(longLived, null))
                .isInstanceOfSatisfying(JwtVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(JwtVerificationException.Reason.TOO_LONG_LIVED))
                .hasMessageContaining("longer than limits.maxTtl PT1H");
        String fine = issuer(SigningAlgorithm.ED25519).issue(RUN, "vault", Duration.ofHours(1)).value().reveal();
        assertThat(issuer(SigningAlgorithm.ED25519).verify(fine, null).subject()).isEqualTo("team/app#42");
    }

    @Test
    void anOversizedKeyRingIsRefusedNotReadWhole() throws Exception {
        issuer(SigningAlgorithm.ED25519).issue(RUN, "a", Duration.ofMinutes(5));
        java.nio.file.Path ring = dir.resolve("keys").resolve("keyring.json");
        java.nio.file.Files.write(ring, new byte[2 << 20]);

        assertThatThrownBy(() -> issuer(SigningAlgorithm.ED25519)).isInstanceOf(dev.aigov.files.SafeFiles.RefusedException.class)
                .hasMessageContaining("key ring");
    }

    @Test
    void tokenCarriesTheRunClaimsAndLivesForItsTtl() throws Exception {
        IdToken token = issuer(SigningAlgorithm.ED25519).issue(RUN, "vault", Duration.ofMinutes(15));
        SignedJWT jwt = SignedJWT.parse(token.value().reveal());
        var claims = jwt.getJWTClaimsSet();
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("EdDSA");
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(token.keyId());
        assertThat(claims.getIssuer()).isEqualTo("aigov-test");
        assertThat(claims.getSubject()).isEqualTo("team/app#42");
        assertThat(claims.getAudience()).containsExactly("vault");
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(clock.instant());
        assertThat(claims.getNotBeforeTime().toInstant()).isEqualTo(clock.instant());
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(clock.instant().plus(Duration.ofMinutes(15)));
        assertThat(claims.getJWTID()).isEqualTo(token.jti());
        assertThat(claims.getClaims()).containsEntry("job", "team/app").containsEntry("build", "42")
                .containsEntry("role", "agent").containsEntry("commit", "abc123").containsEntry("agent", "claude-code")
                .containsEntry("decision", "PASS");
    }

    @Test
    void everyTokenHasItsOwnId() throws Exception {
        JwtIssuer issuer = issuer(SigningAlgorithm.ED25519);
        assertThat(Stream.generate(() -> uncheckedJti(issuer)).limit(50).distinct()).hasSize(50);
    }

    private static String uncheckedJti(JwtIssuer issuer) {
        try {
            return issuer.issue(RUN, "a", Duration.ofMinutes(1)).jti();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void extraClaimsCannotReplaceReservedOnes() {
        assertThatThrownBy(() -> new WorkloadClaims("j", "1", "r", "", "", Map.of("sub", "someone-else")))
                .hasMessageContaining("'sub'");
    }

    @Test
    void mintsArbitraryRunClaimsForVaultLoginButKeepsTheRegisteredOnes() throws Exception {
        JwtIssuer issuer = issuer(SigningAlgorithm.ED25519);
        Map<String, Object> claims = Map.of("sub", "team/app#42", "job", "team/app", "build", "42", "role", "deploy",
                "decision", "APPROVAL_REQUIRED");
        String token = issuer.mintClaims(claims, "vault", Duration.ofMinutes(2)).reveal();
        VerifiedToken verified = issuer.verify(token, "vault");
        assertThat(verified.subject()).isEqualTo("team/app#42");
        assertThat(verified.claims()).containsAllEntriesOf(claims).containsEntry("iss", "aigov-test");
        assertThat(verified.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(2)));
        assertThatThrownBy(() -> issuer.mintClaims(Map.of("exp", 9_999_999_999L), "vault", Duration.ofMinutes(2)))
                .hasMessageContaining("'exp' is set by the issuer");
        assertThatThrownBy(() -> issuer.mintClaims(Map.of("sub", "x"), "vault", Duration.ofHours(3)))
                .isInstanceOf(dev.aigov.credentials.CredentialException.class).hasMessageContaining("maxTtl");
    }

    @Test
    void refusesATtlAboveMaxTtl() throws Exception {
        JwtIssuer issuer = issuer(SigningAlgorithm.ED25519);
        assertThatThrownBy(() -> issuer.issue(RUN, "a", Duration.ofHours(2))).hasMessageContaining("maxTtl");
    }

    @Test
    void verifyAcceptsAValidTokenAndRefusesItOnceExpired() throws Exception {
        JwtIssuer issuer = issuer(SigningAlgorithm.ED25519);
        String token = issuer.mint(RUN, "vault", Duration.ofMinutes(5)).reveal();
        VerifiedToken verified = issuer.verify(token, "vault");
        assertThat(verified.subject()).isEqualTo("team/app#42");
        assertThat(verified.claims()).containsEntry("role", "agent");
        clock.advance(Duration.ofMinutes(5));
        assertThatThrownBy(() -> issuer.verify(token, "vault")).isInstanceOf(JwtVerificationException.class)
                .extracting(e -> ((JwtVerificationException) e).reason()).isEqualTo(JwtVerificationException.Reason.EXPIRED);
    }

    @Test
    void verifyRefusesTheWrongAudience() throws Exception {
        JwtIssuer issuer = issuer(SigningAlgorithm.ED25519);
        String token = issuer.mint(RUN, "https://deploy.example", Duration.ofMinutes(5)).reveal();
        assertThat(issuer.verify(token, "https://deploy.example").audience()).containsExactly("https://deploy.example");
        assertThat(issuer.verify(token, null).jti()).isNotEmpty();
        assertThat(reason(issuer, token, "vault")).isEqualTo(JwtVerificationException.Reason.WRONG_AUDIENCE);
    }

    @Test
    void verifyRefusesATamperedOrForeignToken() throws Exception {
        JwtIssuer issuer = issuer(SigningAlgorithm.ED25519);
        String token = issuer.mint(RUN, "vault", Duration.ofMinutes(5)).reveal();
        String[] parts = token.split("\\.");
        String forgedBody = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("\"agent\",", "\"deploy\",").getBytes(StandardCharsets.UTF_8));
        assertThat(forgedBody).isNotEqualTo(parts[1]);
        assertThat(reason(issuer, parts[0] + "." + forgedBody + "." + parts[2], null))
                .isEqualTo(JwtVerificationException.Reason.BAD_SIGNATURE);
        assertThat(reason(issuer, "not-a-token", null)).isEqualTo(JwtVerificationException.Reason.MALFORMED);

        JwtIssuer other = JwtIssuer.open(dir.resolve("other"), issuer.settings());
        assertThat(reason(issuer, other.mint(RUN, "vault", Duration.ofMinutes(5)).reveal(), null))
                .isEqualTo(JwtVerificationException.Reason.UNKNOWN_KEY);
    }

    @Test
    void deniedTokenIdIsRefusedByVerifyAlsoFromAnotherInstance() throws Exception {
        JwtIssuer issuer = issuer(SigningAlgorithm.ED25519);
        IdToken token = issuer.issue(RUN, "vault", Duration.ofMinutes(5));
        IdToken other = issuer.issue(RUN, "vault", Duration.ofMinutes(5));
        issuer.deny(token.jti(), token.expiresAt());
        JwtIssuer reopened = issuer(SigningAlgorithm.ED25519);
        assertThat(reason(reopened, token.value().reveal(), "vault")).isEqualTo(JwtVerificationException.Reason.REVOKED);
        assertThat(reopened.verify(other.value().reveal(), "vault").jti()).isEqualTo(other.jti());
    }

    @Test
    void rotationSignsWithTheNewKeyAndKeepsTheOldOneUntilItsTokensExpired() throws Exception {
        JwtIssuer issuer = issuer(SigningAlgorithm.ED25519);
        IdToken old = issuer.issue(RUN, "vault", Duration.ofHours(1));
        issuer.rotate();
        IdToken fresh = issuer.issue(RUN, "vault", Duration.ofMinutes(5));
        assertThat(fresh.keyId()).isNotEqualTo(old.keyId());
        assertThat(kids(issuer.jwks())).containsExactlyInAnyOrder(old.keyId(), fresh.keyId());
        assertThat(issuer.pem()).hasSize(2);
        assertThat(issuer(SigningAlgorithm.ED25519).verify(old.value().reveal(), "vault").jti()).isEqualTo(old.jti());

        clock.advance(Duration.ofMinutes(59));
        assertThat(kids(issuer(SigningAlgorithm.ED25519).jwks())).contains(old.keyId());
        clock.advance(Duration.ofMinutes(1));
        JwtIssuer later = issuer(SigningAlgorithm.ED25519);
        assertThat(kids(later.jwks())).containsExactly(fresh.keyId());
        assertThat(later.pem()).hasSize(1);

        later.rotate();
        assertThat(Files.exists(dir.resolve("keys").resolve(old.keyId() + ".jwk"))).as("rotated-out key deleted").isFalse();
        assertThat(reason(later, old.value().reveal(), null)).isEqualTo(JwtVerificationException.Reason.UNKNOWN_KEY);
    }

    @Test
    void keyStoreIsPrivate() throws Exception {
        issuer(SigningAlgorithm.ED25519).provider().revoke(new dev.aigov.credentials.LeaseHandle("jwt", "x",
                Map.of("expiresAt", "2030-01-01T00:00:00Z")));
        Path keys = dir.resolve("keys");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys))).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(keys)) {
            List<Path> all = files.toList();
            assertThat(all).extracting(p -> p.getFileName().toString()).contains("keyring.json", "denied.jsonl");
            assertThat(all).allSatisfy(f -> assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                    .as(f.toString()).isEqualTo("rw-------"));
        }
    }

    @Test
    void jwksHoldsOnlyPublicKeysInJwkForm() throws Exception {
        JsonNode jwks = JSON.readTree(issuer(SigningAlgorithm.ED25519).jwks());
        assertThat(jwks.get("keys")).hasSize(1);
        JsonNode key = jwks.get("keys").get(0);
        assertThat(key.get("kty").asText()).isEqualTo("OKP");
        assertThat(key.get("crv").asText()).isEqualTo("Ed25519");
        assertThat(key.get("x").asText()).isNotEmpty();
        assertThat(key.get("kid").asText()).isNotEmpty();
        assertThat(key.has("d")).isFalse();
    }

    @Test
    void pemKeysVerifyTokensWithThePlainJdk() throws Exception {
        for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
            JwtIssuer issuer = JwtIssuer.open(dir.resolve(algorithm.name()),
                    new JwtIssuer.Settings("aigov-test", Duration.ofHours(1), algorithm, clock));
            String token = issuer.mint(RUN, "vault", Duration.ofMinutes(5)).reveal();
            String pem = issuer.pem().getFirst();
            byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
            String jdkName = switch (algorithm) {
                case ED25519 -> "Ed25519";
                case RS256 -> "RSA";
                case ES256 -> "EC";
            };
            PublicKey key = KeyFactory.getInstance(jdkName).generatePublic(new X509EncodedKeySpec(der));
            Signature signature = Signature.getInstance(switch (algorithm) {
                case ED25519 -> "Ed25519";
                case RS256 -> "SHA256withRSA";
                case ES256 -> "SHA256withECDSAinP1363Format";
            });
            signature.initVerify(key);
            String[] parts = token.split("\\.");
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            assertThat(signature.verify(Base64.getUrlDecoder().decode(parts[2]))).as(algorithm.name()).isTrue();
            if (algorithm == SigningAlgorithm.RS256) {
                assertThat(JSON.readTree(issuer.jwks()).get("keys").get(0).get("kty").asText()).isEqualTo("RSA");
                assertThat(SignedJWT.parse(token).getHeader().getAlgorithm().getName()).isEqualTo("RS256");
            }
        }
    }

    @Test
    void parallelFirstUseCreatesOneKey() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<String>> jwks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            jwks.add(pool.submit(() -> issuer(SigningAlgorithm.ED25519).jwks()));
        }
        List<String> all = new ArrayList<>();
        for (Future<String> f : jwks) {
            all.add(f.get());
        }
        pool.shutdown();
        assertThat(all.stream().distinct()).hasSize(1);
        assertThat(kids(all.getFirst())).hasSize(1);
    }

    @Test
    void providerPutsTheTokenInAigovIdTokenWithTheRoleAudienceAndRevokesByDenyList() throws Exception {
        JwtIssuer issuer = issuer(SigningAlgorithm.ED25519);
        CredentialProvider provider = issuer.provider();
        IdentityRole oidc = new IdentityRole("oidc", "jwt", List.of(), "", "https://deploy.example", Duration.ofMinutes(5), 0, false);
        IdentityRequest request = new IdentityRequest(new BuildRef("team/app", "7", "", ""), "oidc", Duration.ofMinutes(3),
                "aider", "", "", "");
        Lease lease = provider.issue(request, oidc);
        String token = lease.secrets().get("AIGOV_ID_TOKEN").reveal();
        assertThat(lease.handle().provider()).isEqualTo("jwt");
        assertThat(lease.policies()).containsExactly("https://deploy.example");
        assertThat(lease.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(3)));
        assertThat(issuer.verify(token, "https://deploy.example").jti()).isEqualTo(lease.handle().id());
        assertThat(lease.handle().toString()).doesNotContain(token);

        Lease overridden = provider.issue(new IdentityRequest(request.build(), "oidc", null, "", "", "", "other-aud"), oidc);
        assertThat(issuer.verify(overridden.secrets().get("AIGOV_ID_TOKEN").reveal(), "other-aud")).isNotNull();

        provider.revoke(lease.handle());
        provider.revoke(lease.handle()); // twice is fine: the reaper may run after a revoke that was not recorded
        assertThat(reason(issuer, token, null)).isEqualTo(JwtVerificationException.Reason.REVOKED);
        try (Stream<Path> files = Files.list(dir.resolve("keys"))) {
            for (Path f : files.filter(f -> !f.toString().endsWith(".jwk")).toList()) {
                assertThat(Files.readString(f)).as(f.toString()).doesNotContain(token);
            }
        }
    }

    private static JwtVerificationException.Reason reason(JwtIssuer issuer, String token, String audience) {
        try {
            issuer.verify(token, audience);
            throw new AssertionError("verify accepted the token");
        } catch (JwtVerificationException e) {
            assertThat(e.getMessage()).doesNotContain(token);
            return e.reason();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> kids(String jwks) throws Exception {
        List<String> kids = new ArrayList<>();
        JSON.readTree(jwks).get("keys").forEach(k -> kids.add(k.get("kid").asText()));
        return kids;
    }
}
