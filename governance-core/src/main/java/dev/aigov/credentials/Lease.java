package dev.aigov.credentials;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one issue produced.
 *
 * @param handle      how to revoke it
 * @param role        the role it was issued for
 * @param issuedAt    when
 * @param expiresAt   when it stops working on its own
 * @param policies    what it may do (Vault policies, JWT audience), for the audit record
 * @param secrets     environment variable name to secret value, primary first (e.g. {@code VAULT_TOKEN},
 *                    {@code AIGOV_ID_TOKEN}, {@code AIGOV_PASSWORD})
 * @param environment non-secret environment the body needs (e.g. {@code VAULT_ADDR})
 */
public record Lease(LeaseHandle handle, String role, Instant issuedAt, Instant expiresAt, List<String> policies,
                    Map<String, Secret> secrets, Map<String, String> environment) {
    public Lease {
        policies = List.copyOf(policies);
        secrets = Collections.unmodifiableMap(new LinkedHashMap<>(secrets));
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    }
}
