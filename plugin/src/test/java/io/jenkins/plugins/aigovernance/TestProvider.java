package io.jenkins.plugins.aigovernance;

import dev.aigov.credentials.CredentialException;
import dev.aigov.credentials.CredentialProvider;
import dev.aigov.credentials.IdentityRequest;
import dev.aigov.credentials.Lease;
import dev.aigov.credentials.LeaseHandle;
import dev.aigov.credentials.Secret;
import dev.aigov.policy.IdentityRole;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A credential provider with real random tokens and a live set, standing in for the engine's JWT issuer
 * (not yet in governance-core on this branch): what it issued stays live until revoked, as with a deny-list.
 */
final class TestProvider implements CredentialProvider {
    private static final SecureRandom RANDOM = new SecureRandom();

    final Map<String, String> live = new ConcurrentHashMap<>();
    final Set<String> everIssued = ConcurrentHashMap.newKeySet();
    volatile boolean failIssue;
    volatile boolean failRevoke;
    volatile IdentityRequest lastRequest;

    @Override
    public String id() {
        return "jwt";
    }

    @Override
    public Lease issue(IdentityRequest request, IdentityRole role) throws CredentialException {
        if (failIssue) {
            throw new CredentialException("issuer unavailable");
        }
        lastRequest = request;
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String token = "tok-" + HexFormat.of().formatHex(bytes);
        String jti = "jti-" + HexFormat.of().formatHex(bytes, 0, 6);
        live.put(jti, token);
        everIssued.add(token);
        Instant now = Instant.now();
        return new Lease(new LeaseHandle("jwt", jti, Map.of("exp", now.plus(role.ttl()).toString())), role.name(), now,
                now.plus(role.ttl()), List.of(role.audience()), Map.of("AIGOV_ID_TOKEN", Secret.of(token)),
                Map.of("AIGOV_JWKS_URL", "http://127.0.0.1/ai-governance/jwks"));
    }

    @Override
    public void revoke(LeaseHandle handle) throws CredentialException {
        if (failRevoke) {
            throw new CredentialException("revocation endpoint down");
        }
        live.remove(handle.id());
    }

    String onlyToken() {
        return everIssued.iterator().next();
    }
}
