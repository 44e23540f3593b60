package io.jenkins.plugins.aigovernance;

import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.datapipe.jenkins.vault.credentials.VaultCredential;
import hudson.model.ItemGroup;
import hudson.security.ACL;
import hudson.util.ListBoxModel;

/** The drop-down of Vault credentials; loaded only when the HashiCorp Vault plugin is installed. */
final class VaultCredentialItems {
    private VaultCredentialItems() {
    }

    /** @param context where to list from, or null when the caller may not list (only the current value is kept) */
    static ListBoxModel of(ItemGroup<?> context, String current) {
        if (context == null) {
            return new StandardListBoxModel().includeCurrentValue(current);
        }
        return new StandardListBoxModel().includeEmptyValue()
                .includeAs(ACL.SYSTEM2, context, VaultCredential.class)
                .includeCurrentValue(current);
    }
}
