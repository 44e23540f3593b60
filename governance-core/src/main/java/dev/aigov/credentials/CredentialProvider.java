package dev.aigov.credentials;

import dev.aigov.policy.IdentityRole;

/**
 * Issues and revokes one kind of credential. Implementations are package-private in their feature package
 * ({@code credentials.jwt}, {@code credentials.vault}) and created through their factories.
 */
public interface CredentialProvider {

    /** The id policies name in {@code identities.*.provider}. */
    String id();

    /** Issues credentials for the request under the role's definition; never returns a partial lease. */
    Lease issue(IdentityRequest request, IdentityRole role) throws CredentialException;

    /**
     * Revokes what the handle names and confirms it is gone (a lookup fails afterwards). Revoking something
     * already revoked or expired succeeds, so the reaper can run twice.
     */
    void revoke(LeaseHandle handle) throws CredentialException;
}
