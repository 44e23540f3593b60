package io.jenkins.plugins.aigovernance;

import hudson.EnvVars;
import hudson.util.Secret;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;

/**
 * The body's environment: the issued secrets and the non-secret variables next to them. The secrets are
 * {@link Secret}s, as credentials binding's own expander keeps them: Pipeline's program.dat stores a Secret
 * encrypted under the controller's key (workflow-support's {@code SecretPickle}).
 */
final class SecretEnvironment extends EnvironmentExpander {
    private static final long serialVersionUID = 2L;

    private final TreeMap<String, Secret> secrets = new TreeMap<>();
    private final TreeMap<String, String> plain;

    SecretEnvironment(Map<String, String> secretValues, Map<String, String> plain) {
        secretValues.forEach((name, value) -> secrets.put(name, Secret.fromString(value)));
        this.plain = new TreeMap<>(plain);
    }

    @Override
    public void expand(EnvVars env) {
        env.putAll(plain);
        secrets.forEach((name, value) -> env.put(name, value.getPlainText()));
    }

    /** Names Pipeline warns about when they are interpolated into a Groovy string. */
    @Override
    public Set<String> getSensitiveVariables() {
        return Collections.unmodifiableSet(secrets.keySet());
    }
}
