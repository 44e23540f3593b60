package dev.aigov.cli;

import java.nio.file.Path;
import java.util.Map;

/** Default places of the CLI's state, under the working directory unless AIGOV_HOME says otherwise. */
final class Locations {
    private Locations() {
    }

    static Path journal(Path option) {
        return option != null ? option : Path.of("").toAbsolutePath().resolve(".aigov/leases.journal");
    }

    static Path keys(Path option, Map<String, String> env) {
        if (option != null) {
            return option;
        }
        String home = env.get("AIGOV_HOME");
        return home != null && !home.isBlank() ? Path.of(home, "jwt-keys")
                : Path.of("").toAbsolutePath().resolve(".aigov/jwt-keys");
    }
}
