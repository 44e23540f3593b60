package dev.aigov.credentials.jwt;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A token that passed {@link JwtIssuer#verify}: signature, issuer, time window, audience and deny-list.
 *
 * @param subject   {@code sub}
 * @param jti       {@code jti}
 * @param audience  {@code aud}
 * @param expiresAt {@code exp}
 * @param claims    every claim, as JSON types
 */
public record VerifiedToken(String subject, String jti, List<String> audience, Instant expiresAt,
                            Map<String, Object> claims) {
    public VerifiedToken {
        audience = List.copyOf(audience);
        claims = Map.copyOf(claims);
    }
}
