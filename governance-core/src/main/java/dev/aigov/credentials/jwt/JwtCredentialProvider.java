package dev.aigov.credentials.jwt;

import dev.aigov.credentials.CredentialException;
import dev.aigov.credentials.CredentialProvider;
import dev.aigov.credentials.IdentityRequest;
import dev.aigov.credentials.Lease;
import dev.aigov.credentials.LeaseHandle;
import dev.aigov.credentials.Secret;
import dev.aigov.policy.IdentityRole;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code provider: jwt}: the lease is a workload identity token in {@code AIGOV_ID_TOKEN}; revoking denies its jti. */
final class JwtCredentialProvider implements CredentialProvider {
    static final String TOKEN_VARIABLE = "AIGOV_ID_TOKEN";

    private final JwtIssuer issuer;

    JwtCredentialProvider(JwtIssuer issuer) {
        this.issuer = issuer;
    }

    @Override
    public String id() {
        return "jwt";
    }

    @Override
    public Lease issue(IdentityRequest request, IdentityRole role) throws CredentialException {
        String audience = !request.audience().isEmpty() ? request.audience()
                : !role.audience().isEmpty() ? role.audience() : issuer.settings().issuer();
        try {
            IdToken token = issuer.issue(WorkloadClaims.of(request), audience, request.ttl() != null ? request.ttl() : role.ttl());
            return new Lease(new LeaseHandle(id(), token.jti(), Map.of("expiresAt", token.expiresAt().toString(),
                    "kid", token.keyId())), role.name(), token.issuedAt(), token.expiresAt(), List.of(audience),
                    Map.<String, Secret>of(TOKEN_VARIABLE, token.value()), Map.of());
        } catch (IOException | IllegalArgumentException e) {
            throw new CredentialException("cannot issue a workload identity token for role '" + role.name() + "': "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void revoke(LeaseHandle handle) throws CredentialException {
        String expiry = handle.attributes().get("expiresAt");
        Instant expiresAt = expiry != null ? Instant.parse(expiry)
                : issuer.settings().clock().instant().plus(issuer.settings().maxTtl());
        try {
            if (!issuer.denied(handle.id())) {
                issuer.deny(handle.id(), expiresAt);
            }
            if (!issuer.denied(handle.id())) {
                throw new CredentialException("token id " + handle.id() + " is not on the deny-list after denying it");
            }
        } catch (IOException e) {
            throw new CredentialException("cannot deny token id " + handle.id() + " in " + issuer.keyDir() + ": "
                    + e.getMessage(), e);
        }
    }
}
