package dev.aigov.credentials.jwt;

import dev.aigov.credentials.Secret;

import java.time.Instant;

/**
 * A minted workload identity token.
 *
 * @param value     the compact JWT (a secret: it authenticates whoever holds it)
 * @param jti       its id, the handle to deny it by
 * @param keyId     the {@code kid} of the key that signed it
 * @param issuedAt  {@code iat}
 * @param expiresAt {@code exp}
 */
public record IdToken(Secret value, String jti, String keyId, Instant issuedAt, Instant expiresAt) {
}
