package dev.aigov.credentials;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/** Revokes with bounded retries, then marks the journal; shared by the broker and the reaper. */
final class Revoker {
    /** @param attempts total tries; @param first the wait after the first failure, doubled after each */
    record Backoff(int attempts, Duration first) {
        static final Backoff DEFAULT = new Backoff(4, Duration.ofMillis(200));
    }

    private final Map<String, CredentialProvider> providers;
    private final LeaseJournal journal;
    private final Backoff backoff;

    Revoker(Map<String, CredentialProvider> providers, LeaseJournal journal, Backoff backoff) {
        this.providers = providers;
        this.journal = journal;
        this.backoff = backoff;
    }

    void revoke(LeaseHandle handle) throws CredentialException {
        String name = CredentialBroker.describe(handle);
        CredentialProvider provider = providers.get(handle.provider());
        if (provider == null) {
            throw new CredentialException("cannot revoke " + name + ": provider '" + handle.provider()
                    + "' is not available; the handle stays in journal " + journal.file());
        }
        Duration wait = backoff.first();
        CredentialException last = null;
        for (int attempt = 1; attempt <= backoff.attempts(); attempt++) {
            try {
                provider.revoke(handle);
                last = null;
                break;
            } catch (CredentialException | RuntimeException e) {
                last = e instanceof CredentialException c ? c : new CredentialException(String.valueOf(e.getMessage()), e);
                if (attempt < backoff.attempts()) {
                    sleep(wait);
                    wait = wait.multipliedBy(2);
                }
            }
        }
        if (last != null) {
            throw new CredentialException("revoking " + name + " failed after " + backoff.attempts() + " attempts: "
                    + last.getMessage() + "; the handle stays in journal " + journal.file(), last);
        }
        try {
            journal.revoked(handle);
        } catch (IOException e) {
            throw new CredentialException(name + " was revoked but journal " + journal.file()
                    + " could not record it (" + e.getMessage() + "); the reaper will revoke it again, harmlessly", e);
        }
    }

    private static void sleep(Duration wait) throws CredentialException {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CredentialException("interrupted while retrying a revocation", e);
        }
    }
}
