package dev.aigov.credentials.vault;

import dev.aigov.credentials.CredentialException;
import dev.aigov.credentials.CredentialProvider;
import dev.aigov.credentials.Lease;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.aigov.credentials.vault.VaultProviderTest.AGENT;
import static dev.aigov.credentials.vault.VaultProviderTest.REQUEST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The provider authenticating with AppRole, against the double or a real Vault. */
class VaultAppRoleTest {

    VaultFixture vault;
    String roleId;
    String secretId;

    @BeforeEach
    void setUp() {
        vault = VaultFixture.start();
        vault.writeBrokerPolicies();
        vault.enableAuth("approle", "approle");
        vault.write("auth/approle/role/aigov", Map.of("token_policies", List.of("aigov-broker", "agent-readonly"),
                "token_ttl", "1h"));
        roleId = vault.read("auth/approle/role/aigov/role-id").path("data").path("role_id").asText();
        secretId = vault.write("auth/approle/role/aigov/secret-id", Map.of()).path("data").path("secret_id").asText();
    }

    @AfterEach
    void tearDown() {
        vault.close();
    }

    @Test
    void appRoleLoginIssuesAndRevocationAlsoRevokesTheLoginToken() throws Exception {
        CredentialProvider provider = VaultProviders.fromEnvironment(Map.of("VAULT_ADDR", vault.address(),
                "VAULT_AUTH_METHOD", "approle", "VAULT_ROLE_ID", roleId, "VAULT_SECRET_ID", secretId), null);
        Lease lease = provider.issue(REQUEST, AGENT);
        String login = lease.handle().attributes().get(VaultCredentialProvider.LOGIN_ACCESSOR);
        assertThat(lease.handle().attributes()).containsEntry(VaultCredentialProvider.AUTH_METHOD, "approle");
        assertThat(vault.tokenAlive(login)).isTrue();

        provider.revoke(lease.handle());

        assertThat(vault.tokenAlive(login)).isFalse();
        assertThat(vault.tokenAlive(lease.handle().id())).isFalse();
        vault.theDouble().ifPresent(d -> assertThat(d.liveTokens()).isEmpty());
        assertThat(lease.handle().toString()).doesNotContain(secretId);
    }

    @Test
    void theDefaultMethodIsAppRoleWhenOnlyARoleIdIsSet() throws Exception {
        CredentialProvider provider = VaultProviders.fromEnvironment(Map.of("VAULT_ADDR", vault.address(),
                "VAULT_ROLE_ID", roleId, "VAULT_SECRET_ID", secretId), null);
        Lease lease = provider.issue(REQUEST, AGENT);
        assertThat(lease.handle().attributes()).containsEntry(VaultCredentialProvider.AUTH_METHOD, "approle");
        provider.revoke(lease.handle());
    }

    @Test
    void aWrongSecretIdIsRefusedWithoutEchoingIt() throws Exception {
        String wrong = "not-the-secret-id-5e8d";
        CredentialProvider provider = VaultProviders.fromEnvironment(Map.of("VAULT_ADDR", vault.address(),
                "VAULT_AUTH_METHOD", "approle", "VAULT_ROLE_ID", roleId, "VAULT_SECRET_ID", wrong), null);
        assertThatThrownBy(() -> provider.issue(REQUEST, AGENT)).isInstanceOf(CredentialException.class)
                .hasMessageStartingWith("Vault refused the AppRole login at auth/approle: ")
                .hasMessageNotContaining(wrong).hasMessageNotContaining(secretId);
        vault.theDouble().ifPresent(d -> assertThat(d.liveTokens()).isEmpty());
    }
}
