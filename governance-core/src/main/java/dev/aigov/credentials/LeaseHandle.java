package dev.aigov.credentials;

import java.util.Map;

/**
 * Everything needed to revoke a lease later, from another process, and nothing secret: a Vault token accessor,
 * dynamic lease ids, a JWT id. This is what the lease journal and the ledger record.
 *
 * @param provider   the provider id that issued it ({@code vault}, {@code jwt})
 * @param id         the primary handle (Vault accessor, JWT {@code jti})
 * @param attributes further non-secret handles (parent accessor, dynamic lease ids, expiry), provider specific
 */
public record LeaseHandle(String provider, String id, Map<String, String> attributes) {
    public LeaseHandle {
        attributes = Map.copyOf(attributes);
    }
}
