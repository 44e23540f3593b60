package com.datapipe.jenkins.vault.configuration;

import jenkins.model.GlobalConfiguration;

public class GlobalVaultConfiguration extends GlobalConfiguration {
    public GlobalVaultConfiguration() {
    }

    public static GlobalVaultConfiguration get() {
        throw new UnsupportedOperationException();
    }

    public VaultConfiguration getConfiguration() {
        throw new UnsupportedOperationException();
    }
}
