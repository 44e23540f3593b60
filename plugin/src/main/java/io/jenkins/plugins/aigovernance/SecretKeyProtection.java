package io.jenkins.plugins.aigovernance;

import dev.aigov.keys.KeyProtection;
import hudson.util.Secret;
import java.io.IOException;
import java.util.Base64;

/**
 * The plugin's private keys (JWT issuer, ledger seal) at rest: encrypted with core's {@link Secret}, whose key lives
 * in the controller's confidential store ({@code $JENKINS_HOME/secrets/}), so a copy of {@code JENKINS_HOME} without
 * its {@code secrets/} folder (a backup, a support bundle) holds no usable private key.
 */
enum SecretKeyProtection implements KeyProtection {
    INSTANCE;

    @Override
    public String protect(byte[] clear) {
        return Secret.fromString(Base64.getEncoder().encodeToString(clear)).getEncryptedValue();
    }

    @Override
    public byte[] unprotect(String stored) throws IOException {
        Secret secret = Secret.decrypt(stored);
        if (secret == null) {
            throw new IOException("the key cannot be decrypted with this controller's secrets (was JENKINS_HOME/secrets "
                    + "replaced or lost?)");
        }
        try {
            return Base64.getDecoder().decode(secret.getPlainText());
        } catch (IllegalArgumentException e) {
            throw new IOException("the decrypted key is damaged");
        }
    }
}
