package io.jenkins.plugins.aigovernance;

import com.datapipe.jenkins.vault.credentials.VaultCredential;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.response.AuthResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A HashiCorp Vault plugin credential as that plugin's AppRole credential behaves: it logs in with the driver,
 * puts the token on the config it was given and returns the authorized driver. Records its logins for the test.
 */
final class AppRoleVaultCredential implements VaultCredential {
    private final String id;
    private final String roleId;
    private final String secretId;
    final transient List<AuthResponse> logins = new CopyOnWriteArrayList<>();

    AppRoleVaultCredential(String id, String roleId, String secretId) {
        this.id = id;
        this.roleId = roleId;
        this.secretId = secretId;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public Vault authorizeWithVault(VaultConfig config, List<String> policies) {
        try {
            AuthResponse login = Vault.create(config).auth().loginByAppRole("approle", roleId, secretId);
            logins.add(login);
            return Vault.create(config.token(login.getAuthClientToken()));
        } catch (VaultException e) {
            throw new IllegalStateException("AppRole login failed with HTTP " + e.getHttpStatusCode(), e);
        }
    }
}
