package dev.aigov.credentials.vault;

import dev.aigov.credentials.CredentialException;
import dev.aigov.credentials.Secret;

import java.time.Duration;
import java.util.Map;

/**
 * Mints the short-lived signed JWT the Vault provider presents to Vault's JWT auth method (issue 7). The
 * embedded issuer is adapted to this; it adds {@code iss}, {@code iat}, {@code nbf}, {@code exp} (now + ttl) and
 * {@code jti}, and signs with its current key.
 */
@FunctionalInterface
public interface WorkloadTokenSource {

    /**
     * @param claims   claims describing the run ({@code sub}, {@code job}, {@code build}, {@code role}, ...)
     * @param audience the {@code aud} claim
     * @param ttl      how long the token is valid
     */
    Secret mint(Map<String, Object> claims, String audience, Duration ttl) throws CredentialException;
}
