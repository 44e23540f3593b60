package dev.aigov.credentials.jwt;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Runs inside {@link WithoutTinkTest}'s class loader (called reflectively): the issuer's whole Ed25519 cycle. */
public final class TinklessProbe {
    private TinklessProbe() {
    }

    public static String mintRotateVerify(Path keys) throws Exception {
        JwtIssuer issuer = JwtIssuer.open(keys, JwtIssuer.Settings.defaults(Duration.ofHours(1)));
        String token = issuer.mint(new WorkloadClaims("app", "7", "agent", "", "", Map.of()), "aud",
                Duration.ofMinutes(5)).reveal();
        issuer.rotate();
        return issuer.verify(token, "aud").subject() + " " + issuer.jwks().contains("Ed25519");
    }
}
