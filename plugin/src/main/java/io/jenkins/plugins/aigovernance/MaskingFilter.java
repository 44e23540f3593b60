package io.jenkins.plugins.aigovernance;

import hudson.console.ConsoleLogFilter;
import hudson.model.Run;
import hudson.remoting.Channel;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.credentialsbinding.masking.SecretPatterns;

/**
 * Masks every issued value in the body's console output, with credentials binding's patterns.
 *
 * <p>At rest (Pipeline's {@code program.dat}) it holds the values sealed under the controller key. Pipeline also
 * sends console filters to the agent that streams a {@code sh} step's output; the agent has no controller key,
 * so when remoting serializes the filter it carries the values over the channel, as credentials binding's own
 * filter carries its pattern.
 */
final class MaskingFilter extends ConsoleLogFilter implements Serializable {
    private static final long serialVersionUID = 1L;

    private final SealedSecrets secrets;
    private final String charsetName;
    /** Set only on the receiving side of a remoting channel. */
    private transient ArrayList<String> values;

    MaskingFilter(SealedSecrets secrets, String charsetName) {
        this.secrets = secrets;
        this.charsetName = charsetName;
    }

    @Override
    @SuppressWarnings("rawtypes") // upstream's signature
    public OutputStream decorateLogger(Run build, OutputStream logger) throws IOException, InterruptedException {
        Pattern pattern = SecretPatterns.getAggregateSecretPattern(secretValues());
        return new SecretPatterns.MaskingOutputStream(logger, () -> pattern, charsetName);
    }

    Collection<String> secretValues() throws IOException {
        return values != null ? values : secrets.open().values();
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        out.writeObject(Channel.current() != null ? new ArrayList<>(secretValues()) : null);
    }

    @SuppressWarnings("unchecked")
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        values = (ArrayList<String>) in.readObject();
    }
}
