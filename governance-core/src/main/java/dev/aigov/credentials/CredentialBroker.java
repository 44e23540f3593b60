package dev.aigov.credentials;

import dev.aigov.policy.Durations;
import dev.aigov.policy.IdentityRole;
import dev.aigov.policy.Policy;
import dev.aigov.policy.PolicyException;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * Issues a role's credentials for one run and revokes them (design §3 step 1, §6). The handle is in the
 * {@link LeaseJournal} (fsynced) before the secret leaves {@link #issue}; it leaves the journal only once the
 * provider confirmed the revocation. Every failure fails closed: no lease, or a handle left for the reaper.
 */
public final class CredentialBroker {
    /** How often a revocation is tried (with doubling backoff) before it is reported as failed. */
    public static final int REVOKE_ATTEMPTS = Revoker.Backoff.DEFAULT.attempts();

    private final Policy policy;
    private final Map<String, CredentialProvider> providers;
    private final LeaseJournal journal;
    private final ApprovalGuard approvals;
    private final Revoker revoker;

    /** A broker that refuses every role with {@code requiresApproval}. */
    public CredentialBroker(Policy policy, Map<String, CredentialProvider> providers, LeaseJournal journal) {
        this(policy, providers, journal, ApprovalGuard.DENY_ALL);
    }

    public CredentialBroker(Policy policy, Map<String, CredentialProvider> providers, LeaseJournal journal,
                            ApprovalGuard approvals) {
        this(policy, providers, journal, approvals, Revoker.Backoff.DEFAULT);
    }

    CredentialBroker(Policy policy, Map<String, CredentialProvider> providers, LeaseJournal journal,
                     ApprovalGuard approvals, Revoker.Backoff backoff) {
        this.policy = policy;
        this.providers = Map.copyOf(providers);
        this.journal = journal;
        this.approvals = approvals;
        this.revoker = new Revoker(this.providers, journal, backoff);
    }

    public LeaseJournal journal() {
        return journal;
    }

    /**
     * Issues the request's role. The TTL is the request's, else the role's; above {@code limits.maxTtl} it is
     * refused, never lowered.
     */
    public Lease issue(IdentityRequest request) throws CredentialException {
        IdentityRole role;
        try {
            role = policy.identity(request.role());
        } catch (PolicyException e) {
            throw new CredentialException(e.getMessage(), e);
        }
        Duration ttl = request.ttl() != null ? request.ttl() : role.ttl();
        Duration maxTtl = policy.limits().maxTtl();
        if (ttl == null || ttl.isZero() || ttl.isNegative()) {
            throw new CredentialException("role '" + role.name() + "': TTL must be positive, got " + ttl);
        }
        if (maxTtl != null && ttl.compareTo(maxTtl) > 0) {
            throw new CredentialException("role '" + role.name() + "': TTL " + Durations.format(ttl)
                    + (request.ttl() != null ? " requested" : " of the role") + " exceeds limits.maxTtl "
                    + Durations.format(maxTtl) + " in " + policy.source() + "; refused (not lowered)");
        }
        if (role.requiresApproval() && !approvals.approved(request, role)) {
            throw new CredentialException("role '" + role.name() + "' requires approval and run "
                    + request.build().runId() + " does not hold the approvals its gate decision required");
        }
        CredentialProvider provider = providers.get(role.provider());
        if (provider == null) {
            throw new CredentialException("role '" + role.name() + "': provider '" + role.provider()
                    + "' is not available; configured: " + providers.keySet().stream().sorted().toList());
        }
        IdentityRequest resolved = new IdentityRequest(request.build(), request.role(), ttl, request.agent(),
                request.node(), request.commit(), request.audience(), request.gateDecision());
        Lease lease = provider.issue(resolved, role);
        try {
            journal.issued(new LeaseJournal.Entry(lease.handle(), role.name(), request.build().runId(),
                    lease.issuedAt(), lease.expiresAt()));
        } catch (IOException | RuntimeException e) {
            // Not journalled means nobody could reap it after a crash: take it back and hand out nothing.
            String undo;
            try {
                provider.revoke(lease.handle());
                undo = "the lease was revoked";
            } catch (CredentialException | RuntimeException revokeFailed) {
                undo = "revoking it failed too (" + revokeFailed.getMessage() + "); it expires at " + lease.expiresAt();
            }
            throw new CredentialException("cannot record lease " + describe(lease.handle()) + " in journal "
                    + journal.file() + ": " + e.getMessage() + "; " + undo, e);
        }
        return lease;
    }

    public void revoke(Lease lease) throws CredentialException {
        revoke(lease.handle());
    }

    /**
     * Revokes with bounded retries and backoff; the handle leaves the journal only once the provider confirmed.
     * On final failure the handle stays in the journal for the reaper and the exception says so.
     */
    public void revoke(LeaseHandle handle) throws CredentialException {
        revoker.revoke(handle);
    }

    static String describe(LeaseHandle handle) {
        return handle.provider() + ":" + handle.id();
    }
}
