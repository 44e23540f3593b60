package io.jenkins.plugins.aigovernance;

import dev.aigov.credentials.CredentialBroker;
import dev.aigov.credentials.CredentialProvider;
import dev.aigov.credentials.LeaseHandle;
import dev.aigov.credentials.LeaseJournal;
import dev.aigov.policy.PolicyLoader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Revokes what builds that are no longer running left in their lease journals. Best effort, one journal and one
 * handle at a time: a journal that cannot be read, a provider that cannot be built or a handle that cannot be
 * revoked is logged and stays (the build in the registry) for the next try; it never stops the others, and nothing
 * escapes to the caller (Jenkins' start-up or a run listener).
 */
final class LeaseReaper {
    private static final Logger LOGGER = Logger.getLogger(LeaseReaper.class.getName());

    /**
     * Builds the provider one handle needs, for the run that journalled it; asked only when a handle needs it, at
     * most once per provider and journal.
     */
    @FunctionalInterface
    interface Providers {
        CredentialProvider get(String providerId, String run) throws Exception;
    }

    /** @param failed handles left for the next try, plus journals that could not be read */
    record Result(int revoked, int failed, int buildsStillRunning) {
    }

    private final JournalRegistry registry;
    private final Predicate<String> stillRunning;
    private final Providers providers;

    LeaseReaper(JournalRegistry registry, Predicate<String> stillRunning, Providers providers) {
        this.registry = registry;
        this.stillRunning = stillRunning;
        this.providers = providers;
    }

    Result reap() {
        return reap(run -> true);
    }

    /** Reaps only the given run (when it finishes), leaving other builds' journals alone. */
    Result reapRun(String run) {
        return reap(run::equals);
    }

    private Result reap(Predicate<String> selected) {
        int revoked = 0;
        int failed = 0;
        int running = 0;
        for (JournalRegistry.Entry entry : registry.entries()) {
            if (!selected.test(entry.run())) {
                continue;
            }
            try {
                if (stillRunning.test(entry.run())) {
                    running++;
                    continue;
                }
                LeaseJournal journal = new LeaseJournal(entry.journal());
                List<LeaseJournal.Entry> outstanding = journal.outstanding();
                Map<String, Object> built = new HashMap<>();
                for (LeaseJournal.Entry lease : outstanding) {
                    if (revoke(entry.run(), journal, lease.handle(), built)) {
                        revoked++;
                    } else {
                        failed++;
                    }
                }
                LeaseJournal.Contents after = journal.read();
                if (!after.unreadable().isEmpty()) {
                    // A line we cannot read may hold a live lease: keep the journal for a person to look at.
                    failed++;
                    LOGGER.warning("ai-governance: " + after.unreadable().size() + " line(s) of the lease journal "
                            + entry.journal() + " of " + entry.run() + " could not be read (first: line "
                            + after.unreadable().get(0).line() + "); kept for the next try");
                } else if (after.outstanding().isEmpty()) {
                    registry.remove(entry);
                }
            } catch (Exception | LinkageError e) {
                failed++;
                LOGGER.log(Level.WARNING, "ai-governance: could not reap the lease journal " + entry.journal() + " of "
                        + entry.run() + "; kept for the next try", e);
            }
        }
        return new Result(revoked, failed, running);
    }

    /** One handle; {@code built} holds this journal's providers, or why one could not be built. */
    private boolean revoke(String run, LeaseJournal journal, LeaseHandle handle, Map<String, Object> built) {
        String id = handle.provider();
        try {
            Object provider = built.get(id);
            if (provider == null) {
                try {
                    provider = providers.get(id, run);
                } catch (Exception | LinkageError e) {
                    provider = e;
                }
                built.put(id, provider);
            }
            if (provider instanceof Throwable cannotBuild) {
                LOGGER.log(Level.WARNING, "ai-governance: cannot build the '" + id + "' provider to revoke handle "
                        + handle.id() + " left by " + run + "; kept for the next try", cannotBuild);
                return false;
            }
            // Revoking needs no policy, and must not depend on one that may have changed or fail to load.
            new CredentialBroker(PolicyLoader.builtIn(), Map.of(id, (CredentialProvider) provider), journal)
                    .revoke(handle);
            return true;
        } catch (Exception | LinkageError e) {
            LOGGER.log(Level.WARNING, "ai-governance: could not revoke " + id + " handle " + handle.id() + " left by "
                    + run + ": " + e.getMessage() + "; kept for the next try");
            return false;
        }
    }
}
