package io.jenkins.plugins.aigovernance;

import hudson.console.ConsoleLogFilter;
import hudson.model.Run;
import hudson.util.Secret;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.Collection;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.credentialsbinding.masking.SecretPatterns;

/**
 * Masks every issued value in the body's console output, with credentials binding's patterns, as its
 * {@code BindingStep.Filter} does: the pattern is built on the controller when the filter is made (building it
 * needs the controller's pattern factories) and only the pattern travels, in a {@link Secret}. Pipeline sends
 * console filters to the agent that streams a {@code sh} step's output, where {@link #decorateLogger} runs.
 */
final class MaskingFilter extends ConsoleLogFilter implements Serializable {
    private static final long serialVersionUID = 2L;

    private final Secret pattern;
    private final String charsetName;

    /** On the controller only. */
    MaskingFilter(Collection<String> values, String charsetName) {
        this.pattern = Secret.fromString(SecretPatterns.getAggregateSecretPattern(values).pattern());
        this.charsetName = charsetName;
    }

    /** Anywhere, the agent included. */
    @Override
    @SuppressWarnings("rawtypes") // upstream's signature
    public OutputStream decorateLogger(Run build, OutputStream logger) {
        return new SecretPatterns.MaskingOutputStream(logger, () -> Pattern.compile(pattern.getPlainText()),
                charsetName);
    }
}
