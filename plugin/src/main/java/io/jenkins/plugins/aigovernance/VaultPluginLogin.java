package io.jenkins.plugins.aigovernance;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.datapipe.jenkins.vault.configuration.GlobalVaultConfiguration;
import com.datapipe.jenkins.vault.configuration.VaultConfiguration;
import com.datapipe.jenkins.vault.credentials.VaultCredential;
import dev.aigov.credentials.CredentialException;
import hudson.model.Run;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import java.util.Map;

/**
 * Logs in to Vault through the HashiCorp Vault plugin: its global address and namespace, and its credential types
 * ({@link VaultCredential#authorizeWithVault}). The only class that touches the Vault plugin's API: it is loaded
 * only when {@code vaultCredentialId} is set (the plugin dependency is optional).
 */
final class VaultPluginLogin {
    private VaultPluginLogin() {
    }

    /**
     * The credential as the build's user may use it (credentials' own access rules apply); with no build (the
     * reaper at controller start) none is found.
     */
    static VaultCredentialLookup forRun(Run<?, ?> run) {
        return id -> run == null ? null : CredentialsProvider.findCredentialById(id, VaultCredential.class, run);
    }

    /** The Vault plugin's global address and namespace, {@code ["", ""]} when it has none. */
    static String[] globalAddressAndNamespace() {
        GlobalVaultConfiguration global = GlobalVaultConfiguration.get();
        VaultConfiguration configuration = global == null ? null : global.getConfiguration();
        if (configuration == null) {
            return new String[] {"", ""};
        }
        return new String[] {blankIfNull(configuration.getVaultUrl()), blankIfNull(configuration.getVaultNamespace())};
    }

    /**
     * Authorizes with the credential and returns the engine's Vault provider settings for token authentication
     * with the token it obtained. The map lives in memory only; the token is never logged nor put in a message.
     */
    static Map<String, String> tokenEnvironment(String address, String namespace, String credentialId,
                                                VaultCredentialLookup lookup) throws CredentialException {
        String where = "vaultCredentialId '" + credentialId + "'";
        if (address.isEmpty()) {
            throw new CredentialException(where + ": no Vault address: set vaultAddress, or the Vault URL in the "
                    + "HashiCorp Vault plugin's global configuration");
        }
        VaultCredential credential;
        try {
            credential = lookup.find(credentialId);
        } catch (RuntimeException e) {
            throw new CredentialException(where + ": the credential lookup failed (" + e.getClass().getName() + ")");
        }
        if (credential == null) {
            throw new CredentialException(where + ": no HashiCorp Vault credential with this id is visible to this "
                    + "build");
        }
        VaultConfig config = new VaultConfig().address(address);
        try {
            if (!namespace.isEmpty()) {
                config.nameSpace(namespace);
            }
            config.build();
        } catch (VaultException e) {
            throw new CredentialException(where + ": Vault address '" + address + "' is not usable", e);
        }
        try {
            // No policies: the engine itself creates the narrower child tokens the policy's roles ask for.
            credential.authorizeWithVault(config, null);
        } catch (RuntimeException e) {
            // The cause may carry the credential's own response text: only its type is reported.
            throw new CredentialException(where + ": the Vault login failed (" + e.getClass().getName() + ")");
        }
        // The Vault plugin's credentials put the token they obtained on the config they are given.
        String token = config.getToken();
        if (token == null || token.isBlank()) {
            throw new CredentialException(where + ": the credential gave no Vault token");
        }
        return AiGovernanceConfiguration.vaultEnvironment(address, namespace, "token", "", token);
    }

    /**
     * The Vault plugin's own settings the engine's HTTP client honours, as its configuration variables:
     * {@code prefixPath} and engine version ({@code VAULT_KV_PREFIX}, {@code VAULT_KV_VERSION}) and
     * {@code skipSslVerification} ({@code VAULT_SKIP_VERIFY}, which the engine refuses rather than ignores).
     */
    static Map<String, String> globalClientSettings() {
        GlobalVaultConfiguration global = GlobalVaultConfiguration.get();
        return clientSettings(global == null ? null : global.getConfiguration());
    }

    static Map<String, String> clientSettings(VaultConfiguration configuration) {
        Map<String, String> env = new java.util.HashMap<>();
        if (configuration == null) {
            return env;
        }
        env.put("VAULT_KV_PREFIX", blankIfNull(configuration.getPrefixPath()));
        Integer engineVersion = configuration.getEngineVersion();
        env.put("VAULT_KV_VERSION", engineVersion == null ? "" : engineVersion.toString());
        env.put("VAULT_SKIP_VERIFY", Boolean.TRUE.equals(configuration.getSkipSslVerification()) ? "true" : "");
        return env;
    }

    private static String blankIfNull(String value) {
        return value == null ? "" : value.trim();
    }
}
