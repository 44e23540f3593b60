package dev.aigov.cli;

import dev.aigov.policy.IdentityRole;
import dev.aigov.policy.Limits;
import dev.aigov.policy.Policy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Where the CLI's credential commands get their policy.
 * TODO(lead): replace with PolicyLoader.load(file) / PolicyLoader.builtIn() once it is on main.
 */
final class Policies {
    private Policies() {
    }

    static Policy load(Path file) {
        if (file != null) {
            throw new UsageException("--policy " + file + ": policy files are not readable in this build yet "
                    + "(PolicyLoader is not merged); omit --policy to use the built-in default");
        }
        return builtIn();
    }

    /** Mirrors the built-in default's identities: an {@code agent} and an approval-gated {@code deploy} JWT role. */
    static Policy builtIn() {
        Map<String, IdentityRole> identities = Map.of(
                "agent", new IdentityRole("agent", "jwt", List.of(), "", "", Duration.ofMinutes(15), 0, false),
                "deploy", new IdentityRole("deploy", "jwt", List.of(), "", "", Duration.ofMinutes(10), 0, true));
        return new Policy(1, "<built-in>", null, Map.of(), List.of(), null, identities,
                new Limits(Duration.ofHours(1)), null);
    }
}
