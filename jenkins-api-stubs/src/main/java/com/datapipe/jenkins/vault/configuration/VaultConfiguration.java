package com.datapipe.jenkins.vault.configuration;

import hudson.model.AbstractDescribableImpl;
import java.io.Serializable;

public class VaultConfiguration extends AbstractDescribableImpl<VaultConfiguration> implements Serializable {
    public VaultConfiguration() {
    }

    public String getVaultUrl() {
        throw new UnsupportedOperationException();
    }

    public String getVaultNamespace() {
        throw new UnsupportedOperationException();
    }

    public Boolean getSkipSslVerification() {
        throw new UnsupportedOperationException();
    }

    public Integer getEngineVersion() {
        throw new UnsupportedOperationException();
    }

    public String getPrefixPath() {
        throw new UnsupportedOperationException();
    }
}
