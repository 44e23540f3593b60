package io.jenkins.plugins.aigovernance;

import dev.aigov.credentials.CredentialException;
import dev.aigov.credentials.CredentialProvider;
import dev.aigov.credentials.IdentityRequest;
import dev.aigov.credentials.Lease;
import dev.aigov.credentials.LeaseHandle;
import dev.aigov.credentials.jwt.JwtIssuer;
import dev.aigov.credentials.jwt.SigningAlgorithm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import dev.aigov.policy.IdentityRole;

/**
 * The engine's embedded JWT provider, with switches that make issuing or revoking fail (an unreachable
 * key store, a full disk) and a record of what it issued, so tests can ask which tokens are still live.
 */
final class TestProvider implements CredentialProvider {
    final JwtIssuer issuer;
    private final CredentialProvider real;
    final Set<String> everIssued = ConcurrentHashMap.newKeySet();
    final Set<String> jtis = ConcurrentHashMap.newKeySet();
    volatile boolean failIssue;
    volatile boolean failRevoke;
    volatile IdentityRequest lastRequest;
    /** The threads revocations ran on. */
    final List<Thread> revokedOn = new java.util.concurrent.CopyOnWriteArrayList<>();

    TestProvider(Path keyDir) {
        try {
            issuer = JwtIssuer.open(keyDir, new JwtIssuer.Settings("http://127.0.0.1:8080/ai-governance",
                    Duration.ofHours(1), SigningAlgorithm.ED25519, Clock.systemUTC()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        real = issuer.provider();
    }

    @Override
    public String id() {
        return real.id();
    }

    @Override
    public Lease issue(IdentityRequest request, IdentityRole role) throws CredentialException {
        if (failIssue) {
            throw new CredentialException("issuer unavailable");
        }
        lastRequest = request;
        Lease lease = real.issue(request, role);
        lease.secrets().values().forEach(s -> everIssued.add(s.reveal()));
        jtis.add(lease.handle().id());
        return lease;
    }

    @Override
    public void revoke(LeaseHandle handle) throws CredentialException {
        revokedOn.add(Thread.currentThread());
        if (failRevoke) {
            throw new CredentialException("revocation store unavailable");
        }
        real.revoke(handle);
    }

    /** Ids of issued tokens not on the issuer's deny-list. */
    List<String> live() {
        return jtis.stream().filter(jti -> {
            try {
                return !issuer.denied(jti);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    String onlyToken() {
        return everIssued.iterator().next();
    }
}
