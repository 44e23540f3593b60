package dev.aigov.gate;

import dev.aigov.provenance.Attribution;
import dev.aigov.provenance.Commit;

/** A commit together with what the provenance detector found in it. */
public record AttributedCommit(Commit commit, Attribution attribution) {
    public boolean aiAttributed() {
        return attribution.aiAttributed();
    }
}
