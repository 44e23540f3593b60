package com.datapipe.jenkins.vault.credentials;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import java.io.Serializable;
import java.util.List;

public interface VaultCredential extends StandardCredentials, Serializable {
    Vault authorizeWithVault(VaultConfig config, List<String> policies);
}
