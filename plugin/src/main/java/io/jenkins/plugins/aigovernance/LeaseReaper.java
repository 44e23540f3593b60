package io.jenkins.plugins.aigovernance;

import dev.aigov.credentials.CredentialException;
import dev.aigov.credentials.CredentialProvider;
import dev.aigov.credentials.LeaseJournal;
import dev.aigov.credentials.Reaper;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the engine's {@link Reaper} over the journals of builds that are no longer running. A handle that cannot be
 * revoked stays in its journal (and the build in the registry) for the next start or {@code aigov reap}.
 */
final class LeaseReaper {
    private static final Logger LOGGER = Logger.getLogger(LeaseReaper.class.getName());

    /** Creates the providers when there is something to reap (configuration may name none). */
    @FunctionalInterface
    interface Providers {
        Map<String, CredentialProvider> get() throws CredentialException;
    }

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

    Result reap() throws IOException, CredentialException {
        return reap(run -> true);
    }

    /** Reaps only the given run (when it finishes), leaving other builds' journals alone. */
    Result reapRun(String run) throws IOException, CredentialException {
        return reap(run::equals);
    }

    private Result reap(Predicate<String> selected) throws IOException, CredentialException {
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
            if (journal.outstanding().isEmpty()) {
                registry.remove(entry);
                continue;
            }
            List<Reaper.Outcome> outcomes = new Reaper(providers.get(), journal).reap();
            for (Reaper.Outcome outcome : outcomes) {
                if (outcome.revoked()) {
                    revoked++;
                } else {
                    failed++;
                    LOGGER.log(Level.WARNING, "could not revoke {0} handle {1} left by {2}: {3}", new Object[] {
                        outcome.entry().handle().provider(), outcome.entry().handle().id(), entry.run(), outcome.failure()});
                }
            }
            if (journal.outstanding().isEmpty()) {
                registry.remove(entry);
            }
        }
        return new Result(revoked, failed, running);
    }
}
