package io.jenkins.plugins.aigovernance;

import dev.aigov.credentials.CredentialException;
import dev.aigov.credentials.CredentialProvider;
import dev.aigov.credentials.IdentityRequest;
import dev.aigov.credentials.Lease;
import dev.aigov.credentials.LeaseHandle;
import dev.aigov.policy.IdentityRole;
import dev.aigov.policy.Policy;
import dev.aigov.policy.PolicyException;
import java.io.IOException;
import java.time.Duration;

/**
 * Issues and revokes one role's credentials for one build, Jenkins-free: the policy decides the role, the
 * journal records the handle before anyone sees the secret, and nothing is handed out half-way.
 */
final class IdentityIssuer {
    /** Finds the engine's provider for a policy's {@code provider:} id. */
    @FunctionalInterface
    interface Providers {
        CredentialProvider get(String id) throws CredentialException;
    }

    private static final int REVOKE_ATTEMPTS = 3;

    private final Policy policy;
    private final Providers providers;
    private final LeaseJournal journal;

    IdentityIssuer(Policy policy, Providers providers, LeaseJournal journal) {
        this.policy = policy;
        this.providers = providers;
        this.journal = journal;
    }

    /**
     * @param approvalsHeld whether this build's gate holds the approvals its decision required
     */
    Lease issue(IdentityRequest request, boolean approvalsHeld) throws CredentialException, PolicyException {
        IdentityRole role = policy.identity(request.role());
        if (role.requiresApproval() && !approvalsHeld) {
            throw new CredentialException("role '" + role.name() + "' requires approval: run aiGovernanceGate first "
                    + "and have it approved; this build's gate holds no approval");
        }
        Duration maxTtl = policy.limits() == null ? null : policy.limits().maxTtl();
        if (request.ttl() != null && maxTtl != null && request.ttl().compareTo(maxTtl) > 0) {
            throw new CredentialException("ttl " + request.ttl() + " for role '" + role.name()
                    + "' exceeds the policy's limits.maxTtl " + maxTtl);
        }
        CredentialProvider provider = providers.get(role.provider());
        Lease lease = provider.issue(request, role);
        try {
            journal.issued(lease.handle(), role.name(), lease.expiresAt());
        } catch (IOException e) {
            // Without a journal entry a crash would leave it unrevocable: take it back now.
            provider.revoke(lease.handle());
            throw new CredentialException("cannot write the lease journal " + journal.file() + ": " + e.getMessage(), e);
        }
        return lease;
    }

    /** Revokes with a few retries; on success the journal closes the handle, otherwise the reaper will. */
    void revoke(LeaseHandle handle) throws CredentialException {
        CredentialException last = null;
        for (int attempt = 1; attempt <= REVOKE_ATTEMPTS; attempt++) {
            try {
                providers.get(handle.provider()).revoke(handle);
                journal.revoked(handle);
                return;
            } catch (CredentialException e) {
                last = e;
            } catch (IOException e) {
                throw new CredentialException("revoked " + handle.provider() + " handle " + handle.id()
                        + " but cannot update the lease journal: " + e.getMessage(), e);
            }
            sleepBeforeRetry(attempt);
        }
        throw last;
    }

    private static void sleepBeforeRetry(int attempt) {
        if (attempt == REVOKE_ATTEMPTS) {
            return;
        }
        try {
            Thread.sleep(200L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
