package dev.aigov.cli;

import dev.aigov.policy.Policy;
import dev.aigov.policy.PolicyException;
import dev.aigov.policy.PolicyLoader;

import java.nio.file.Path;

/** The policy the credential commands act under: the file given, else the built-in one. */
final class Policies {
    private Policies() {
    }

    /** {@code sha256:<hex>} of the policy's bytes: the file given, else the built-in policy's YAML. */
    static String digest(Path file) {
        try (java.io.InputStream in = file != null ? java.nio.file.Files.newInputStream(file)
                : PolicyLoader.class.getResourceAsStream("default-policy.yaml")) {
            if (in == null) {
                return "";
            }
            return "sha256:" + java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
        } catch (java.io.IOException | java.security.NoSuchAlgorithmException e) {
            return "";
        }
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
