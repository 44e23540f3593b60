package io.jenkins.plugins.aigovernance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The issuer as cloud federation sees it: an OIDC discovery document next to the JWKS, RS256 or ES256 on request. */
class OidcDiscoveryTest {
    @TempDir
    Path home;

    @Test
    void theDiscoveryDocumentPointsAtTheJwksThisActionServesAndNamesTheChosenAlgorithm() throws Exception {
        AiGovernanceConfiguration config = new AiGovernanceConfiguration(false);
        config.setJwtAlgorithm("ES256");
        var issuer = config.jwtIssuer(home, "https://ci.example.org/");
        JsonNode doc = new ObjectMapper().readTree(issuer.discovery(JwksAction.jwksUri(issuer.settings().issuer())));
        assertThat(doc.path("issuer").asText()).isEqualTo("https://ci.example.org/ai-governance");
        assertThat(doc.path("jwks_uri").asText()).isEqualTo("https://ci.example.org/ai-governance/jwks");
        assertThat(doc.path("id_token_signing_alg_values_supported").toString()).isEqualTo("[\"ES256\"]");
        assertThat(JwksAction.WELL_KNOWN).isEqualTo("/.well-known/openid-configuration");
        assertThat(new ObjectMapper().readTree(issuer.jwks()).path("keys").get(0).path("kty").asText()).isEqualTo("EC");
    }

    @Test
    void theAlgorithmDefaultsToEdDsaAndRefusesUnknownNames() {
        AiGovernanceConfiguration config = new AiGovernanceConfiguration(false);
        assertThat(config.getJwtAlgorithm()).isEqualTo("EdDSA");
        config.setJwtAlgorithm("rs256");
        assertThat(config.getJwtAlgorithm()).isEqualTo("RS256");
        assertThatThrownBy(() -> config.setJwtAlgorithm("HS256")).hasMessageContaining("EdDSA, RS256 or ES256");
    }

    @Test
    void aJwtIsNotCalledRevokedButSaysWhenItExpires() {
        assertThat(WithAgentIdentityStep.revokedLine("agent", "jwt", "2026-12-07T22:00:00Z"))
                .contains("expires at 2026-12-07T22:00:00Z").doesNotContain("revoked role");
        assertThat(WithAgentIdentityStep.revokedLine("deploy", "vault", null)).contains("revoked role 'deploy'");
    }
}
