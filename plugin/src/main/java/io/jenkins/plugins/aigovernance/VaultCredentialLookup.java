package io.jenkins.plugins.aigovernance;

import com.datapipe.jenkins.vault.credentials.VaultCredential;

/**
 * Finds the HashiCorp Vault plugin's credential by id, in the context of a build (Jenkins) or a test. Loaded only
 * when {@code vaultCredentialId} is set, so the plugin works without the Vault plugin installed.
 */
@FunctionalInterface
interface VaultCredentialLookup {
    /** The credential, or null when none with this id is visible. */
    VaultCredential find(String id);
}
