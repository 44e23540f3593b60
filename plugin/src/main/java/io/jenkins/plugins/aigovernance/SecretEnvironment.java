package io.jenkins.plugins.aigovernance;

import hudson.EnvVars;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;

/** The body's environment: the issued secrets (sealed at rest) and the non-secret variables next to them. */
final class SecretEnvironment extends EnvironmentExpander {
    private static final long serialVersionUID = 1L;

    private final SealedSecrets secrets;
    private final TreeMap<String, String> plain;

    SecretEnvironment(SealedSecrets secrets, Map<String, String> plain) {
        this.secrets = secrets;
        this.plain = new TreeMap<>(plain);
    }

    @Override
    public void expand(EnvVars env) throws IOException, InterruptedException {
        env.putAll(plain);
        env.putAll(secrets.open());
    }

    /** Names Pipeline warns about when they are interpolated into a Groovy string. */
    @Override
    public Set<String> getSensitiveVariables() {
        return secrets.names();
    }
}
