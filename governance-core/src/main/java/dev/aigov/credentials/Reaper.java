package dev.aigov.credentials;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Revokes everything a journal still lists (after a crash or {@code kill -9}) and reports each handle. */
public final class Reaper {
    /**
     * What happened to one outstanding lease.
     *
     * @param entry   the journal entry
     * @param failure why it could not be revoked, or empty when it was
     */
    public record Outcome(LeaseJournal.Entry entry, String failure) {
        public boolean revoked() {
            return failure.isEmpty();
        }
    }

    private final LeaseJournal journal;
    private final Revoker revoker;

    public Reaper(Map<String, CredentialProvider> providers, LeaseJournal journal) {
        this(providers, journal, Revoker.Backoff.DEFAULT);
    }

    Reaper(Map<String, CredentialProvider> providers, LeaseJournal journal, Revoker.Backoff backoff) {
        this.journal = journal;
        this.revoker = new Revoker(Map.copyOf(providers), journal, backoff);
    }

    /** Tries every outstanding handle, whatever happens to the others. */
    public List<Outcome> reap() throws IOException {
        List<Outcome> outcomes = new ArrayList<>();
        for (LeaseJournal.Entry entry : journal.outstanding()) {
            try {
                revoker.revoke(entry.handle());
                outcomes.add(new Outcome(entry, ""));
            } catch (CredentialException e) {
                outcomes.add(new Outcome(entry, e.getMessage()));
            }
        }
        return outcomes;
    }
}
