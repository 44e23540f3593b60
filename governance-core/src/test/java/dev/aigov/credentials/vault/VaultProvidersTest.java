package dev.aigov.credentials.vault;

import dev.aigov.credentials.CredentialException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Configuration errors name the variable and never echo a secret. */
class VaultProvidersTest {

    @Test
    void aMissingAddressIsNamed() {
        assertThatThrownBy(() -> VaultProviders.fromEnvironment(Map.of("VAULT_TOKEN", "s.secret-1"), null))
                .isInstanceOf(CredentialException.class).hasMessageStartingWith("VAULT_ADDR is not set")
                .hasMessageNotContaining("s.secret-1");
    }

    @Test
    void anAddressWithoutSchemeIsRefused() {
        assertThatThrownBy(() -> VaultProviders.fromEnvironment(Map.of("VAULT_ADDR", "vault:8200",
                "VAULT_TOKEN", "s.secret-1"), null)).hasMessageContaining("VAULT_ADDR must start with http");
    }

    @Test
    void noAuthenticationConfiguredIsExplained() {
        assertThatThrownBy(() -> VaultProviders.fromEnvironment(Map.of("VAULT_ADDR", "http://127.0.0.1:1"), null))
                .hasMessageStartingWith("no Vault authentication configured");
    }

    @Test
    void anUnknownMethodIsNamed() {
        assertThatThrownBy(() -> VaultProviders.fromEnvironment(Map.of("VAULT_ADDR", "http://127.0.0.1:1",
                "VAULT_AUTH_METHOD", "ldap"), null))
                .hasMessage("VAULT_AUTH_METHOD must be token, approle or jwt, got 'ldap'");
    }

    @Test
    void jwtNeedsARole() {
        assertThatThrownBy(() -> VaultProviders.fromEnvironment(Map.of("VAULT_ADDR", "http://127.0.0.1:1",
                "VAULT_AUTH_METHOD", "jwt"), TestJwtIssuer.rs256()))
                .hasMessage("VAULT_JWT_ROLE is not set (required by VAULT_AUTH_METHOD=jwt)");
    }

    @Test
    void appRoleNeedsASecretId() {
        assertThatThrownBy(() -> VaultProviders.fromEnvironment(Map.of("VAULT_ADDR", "http://127.0.0.1:1",
                "VAULT_AUTH_METHOD", "approle", "VAULT_ROLE_ID", "r"), null))
                .hasMessage("VAULT_SECRET_ID is not set (required by VAULT_AUTH_METHOD=approle)");
    }

    @Test
    void skippingTlsVerificationIsRefusedWithTheWayOut() {
        assertThatThrownBy(() -> VaultProviders.fromEnvironment(Map.of("VAULT_ADDR", "https://vault.example:8200",
                "VAULT_TOKEN", "t", "VAULT_SKIP_VERIFY", "true"), null))
                .isInstanceOf(CredentialException.class).hasMessageContaining("skipSslVerification")
                .hasMessageContaining("trust store");
    }

    @Test
    void aBadKvVersionIsRefused() {
        assertThatThrownBy(() -> VaultProviders.fromEnvironment(Map.of("VAULT_ADDR", "https://vault.example:8200",
                "VAULT_TOKEN", "t", "VAULT_KV_VERSION", "x"), null))
                .isInstanceOf(CredentialException.class).hasMessageContaining("VAULT_KV_VERSION");
    }

    @Test
    void theProviderIdIsVault() throws Exception {
        assertThat(VaultProviders.fromEnvironment(Map.of("VAULT_ADDR", "http://127.0.0.1:1", "VAULT_TOKEN", "t"),
                null).id()).isEqualTo("vault");
    }

    @Test
    void dataFieldsBecomeAigovVariables() {
        assertThat(VaultCredentialProvider.variableName("username")).isEqualTo("AIGOV_USERNAME");
        assertThat(VaultCredentialProvider.variableName("access-key.id")).isEqualTo("AIGOV_ACCESS_KEY_ID");
    }
}
