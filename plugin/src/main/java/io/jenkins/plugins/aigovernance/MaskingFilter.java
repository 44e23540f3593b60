package io.jenkins.plugins.aigovernance;

import hudson.console.ConsoleLogFilter;
import hudson.model.Run;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.credentialsbinding.masking.SecretPatterns;

/** Masks every issued value in the body's console output, with credentials binding's patterns. */
final class MaskingFilter extends ConsoleLogFilter implements Serializable {
    private static final long serialVersionUID = 1L;

    private final SealedSecrets secrets;
    private final String charsetName;

    MaskingFilter(SealedSecrets secrets, String charsetName) {
        this.secrets = secrets;
        this.charsetName = charsetName;
    }

    @Override
    public OutputStream decorateLogger(Run build, OutputStream logger) throws IOException, InterruptedException {
        Pattern pattern = SecretPatterns.getAggregateSecretPattern(secrets.open().values());
        return new SecretPatterns.MaskingOutputStream(logger, () -> pattern, charsetName);
    }
}
