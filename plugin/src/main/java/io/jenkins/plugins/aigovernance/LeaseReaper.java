package io.jenkins.plugins.aigovernance;

import dev.aigov.credentials.CredentialException;
import dev.aigov.credentials.LeaseHandle;
import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Revokes what builds that are no longer running left open. A handle that cannot be revoked stays in its
 * journal (and the build in the registry) for the next start or {@code aigov reap}.
 */
final class LeaseReaper {
    private static final Logger LOGGER = Logger.getLogger(LeaseReaper.class.getName());

    /** Revokes one handle; the same path a build's own revoke takes. */
    @FunctionalInterface
    interface Revoker {
        void revoke(LeaseHandle handle) throws CredentialException;
    }

    record Result(int revoked, int failed, int buildsStillRunning) {
    }

    private final JournalRegistry registry;
    private final Predicate<String> stillRunning;
    private final Revoker revoker;

    LeaseReaper(JournalRegistry registry, Predicate<String> stillRunning, Revoker revoker) {
        this.registry = registry;
        this.stillRunning = stillRunning;
        this.revoker = revoker;
    }

    Result reap() throws IOException {
        return reap(run -> true);
    }

    /** Reaps only the given run (when it finishes), leaving other builds' journals alone. */
    Result reapRun(String run) throws IOException {
        return reap(run::equals);
    }

    private Result reap(java.util.function.Predicate<String> selected) throws IOException {
        int revoked = 0;
        int failed = 0;
        int running = 0;
        for (JournalRegistry.Entry entry : registry.entries()) {
            if (!selected.test(entry.run())) {
                continue;
            }
            if (stillRunning.test(entry.run())) {
                running++;
                continue;
            }
            LeaseJournal journal = new LeaseJournal(entry.journal());
            List<LeaseHandle> open = journal.open();
            boolean allGone = true;
            for (LeaseHandle handle : open) {
                try {
                    revoker.revoke(handle);
                    journal.revoked(handle);
                    revoked++;
                } catch (CredentialException e) {
                    allGone = false;
                    failed++;
                    LOGGER.log(Level.WARNING, "could not revoke {0} handle {1} left by {2}: {3}",
                            new Object[] {handle.provider(), handle.id(), entry.run(), e.getMessage()});
                }
            }
            if (allGone) {
                registry.remove(entry);
            }
        }
        return new Result(revoked, failed, running);
    }
}
