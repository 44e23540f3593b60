package dev.aigov.policy;

import java.time.Duration;
import java.util.List;

/**
 * How credentials for one role are issued (design §5 {@code identities}, §6).
 *
 * @param name             the role name, e.g. {@code agent}
 * @param provider         {@code jwt} (embedded issuer, no server) or {@code vault}
 * @param policies         Vault policies of the child token (vault only)
 * @param secret           a Vault dynamic-secrets path read with the child token, or empty (vault only)
 * @param audience         the JWT {@code aud}, or empty (jwt only)
 * @param ttl              lifetime of what is issued
 * @param numUses          Vault {@code num_uses}, 0 for unlimited
 * @param requiresApproval issue only to a build whose gate holds the approvals its decision required
 */
public record IdentityRole(String name, String provider, List<String> policies, String secret, String audience,
                           Duration ttl, int numUses, boolean requiresApproval) {
    public IdentityRole {
        policies = List.copyOf(policies);
        secret = secret == null ? "" : secret;
        audience = audience == null ? "" : audience;
    }
}
