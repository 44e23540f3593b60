package dev.aigov.cli;

import dev.aigov.policy.Policy;
import dev.aigov.policy.PolicyException;
import dev.aigov.policy.PolicyLoader;

import java.nio.file.Path;

/** The policy the credential commands act under: the file given, else the built-in one. */
final class Policies {
    private Policies() {
    }

    static Policy load(Path file) {
        if (file == null) {
            return PolicyLoader.builtIn();
        }
        try {
            return PolicyLoader.load(file);
        } catch (PolicyException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }
}
