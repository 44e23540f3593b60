package io.jenkins.plugins.aigovernance;

import dev.aigov.build.BuildRef;
import dev.aigov.credentials.CredentialProvider;
import dev.aigov.credentials.IdentityRequest;
import dev.aigov.credentials.Lease;
import dev.aigov.policy.IdentityRole;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs inside a class loader of the test's making (loaded by it, called reflectively): the global configuration
 * with {@code vaultAddress} builds the engine's Vault provider, which issues a child token and revokes it.
 */
public final class IsolatedVaultProbe {
    private IsolatedVaultProbe() {
    }

    /** The child token's accessor, after it was issued and revoked. */
    public static String issueAndRevoke(Path home, String address, String token) throws Exception {
        AiGovernanceConfiguration config = new AiGovernanceConfiguration(false);
        config.setVaultAddress(address);
        config.setVaultAuthMethod("token");
        config.setVaultSecret(hudson.util.Secret.fromString(token));
        Map<String, CredentialProvider> providers = config.providers(home, "https://ci.example/");
        CredentialProvider vault = providers.get("vault");
        IdentityRole role = new IdentityRole("builder", "vault", List.of("agent-readonly"), "", "",
                Duration.ofMinutes(5), 0, false);
        Lease lease = vault.issue(new IdentityRequest(new BuildRef("app", "1", "", ""), "builder", null, "", "", "",
                ""), role);
        vault.revoke(lease.handle());
        return lease.handle().attributes().get("child_accessor");
    }
}
