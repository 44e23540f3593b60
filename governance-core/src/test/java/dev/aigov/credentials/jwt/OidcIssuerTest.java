package dev.aigov.credentials.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What cloud federation (AWS, Google Cloud, Azure) needs from the issuer: RS256 or ES256, and a discovery document. */
class OidcIssuerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final WorkloadClaims RUN = new WorkloadClaims("team/app", "42", "deploy", "abc123", "", Map.of());

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T10:00:00Z"));

    JwtIssuer issuer(SigningAlgorithm algorithm) throws Exception {
        return JwtIssuer.open(dir.resolve("keys"),
                new JwtIssuer.Settings("https://ci.example/ai-governance", Duration.ofHours(1), algorithm, clock));
    }

    @Test
    void es256TokensVerifyWithTheJdkAgainstThePublishedPem() throws Exception {
        JwtIssuer issuer = issuer(SigningAlgorithm.ES256);
        IdToken token = issuer.issue(RUN, "sts.amazonaws.com", Duration.ofMinutes(10));
        SignedJWT jwt = SignedJWT.parse(token.value().reveal());
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
        assertThat(issuer.verify(token.value().reveal(), "sts.amazonaws.com")).isNotNull();
        JsonNode key = JSON.readTree(issuer.jwks()).path("keys").get(0);
        assertThat(key.path("kty").asText()).isEqualTo("EC");
        assertThat(key.path("crv").asText()).isEqualTo("P-256");

        String pem = issuer.pem().get(0).replaceAll("-----[A-Z ]+-----|\\s", "");
        var publicKey = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
        Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
        verifier.initVerify(publicKey);
        verifier.update(jwt.getSigningInput());
        assertThat(verifier.verify(jwt.getSignature().decode())).isTrue();
    }

    @Test
    void theDiscoveryDocumentNamesTheIssuerItsKeysAndItsAlgorithms() throws Exception {
        JsonNode doc = JSON.readTree(issuer(SigningAlgorithm.RS256).discovery("https://ci.example/ai-governance/jwks"));
        assertThat(doc.path("issuer").asText()).isEqualTo("https://ci.example/ai-governance");
        assertThat(doc.path("jwks_uri").asText()).isEqualTo("https://ci.example/ai-governance/jwks");
        assertThat(doc.path("id_token_signing_alg_values_supported").toString()).isEqualTo("[\"RS256\"]");
        assertThat(doc.path("subject_types_supported").toString()).isEqualTo("[\"public\"]");
        assertThat(doc.path("response_types_supported").isArray()).isTrue();
        assertThat(doc.path("claims_supported").toString()).contains("\"sub\"").contains("\"aud\"");
    }

    @Test
    void changingTheAlgorithmSignsWithANewKeyAndKeepsTheOldOnePublished() throws Exception {
        issuer(SigningAlgorithm.ED25519);
        JwtIssuer rs = issuer(SigningAlgorithm.RS256);
        assertThat(SignedJWT.parse(rs.issue(RUN, "a", Duration.ofMinutes(5)).value().reveal()).getHeader().getAlgorithm().getName())
                .isEqualTo("RS256");
        assertThat(JSON.readTree(rs.jwks()).path("keys").size()).isEqualTo(2);
        assertThat(JSON.readTree(rs.discovery("x")).path("id_token_signing_alg_values_supported").toString())
                .isEqualTo("[\"RS256\",\"EdDSA\"]");
        assertThat(SigningAlgorithm.ofJwsName("es256")).isEqualTo(SigningAlgorithm.ES256);
    }
}
