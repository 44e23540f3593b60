package dev.aigov.cli;

import dev.aigov.gate.AttributedCommit;
import dev.aigov.policy.AttributionAdditions;
import dev.aigov.provenance.ChangeSourceException;
import dev.aigov.provenance.GitChangeSource;
import dev.aigov.provenance.GitRevisions;
import dev.aigov.provenance.ProvenanceDetector;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A git range read and attributed, as {@code aigov scan} and {@code aigov gate} both need it: one streaming pass,
 * a progress line on a terminal, and a missing repository or range reported as bad input (exit 2).
 *
 * @param source  the range, kept for its description and its diff
 * @param commits every commit, newest first, with its attribution
 */
record AttributedRange(GitChangeSource source, List<AttributedCommit> commits) {

    static AttributedRange read(Path repo, String range, AttributionAdditions additions, Terminal terminal, PrintWriter err) {
        return read(null, repo, range, additions, terminal, err);
    }

    /** {@link #read(Path, String, AttributionAdditions, Terminal, PrintWriter)} on a repository already open, when not null. */
    static AttributedRange read(GitRevisions revisions, Path repo, String range, AttributionAdditions additions,
                                Terminal terminal, PrintWriter err) {
        List<AttributedCommit> commits = new ArrayList<>();
        try {
            GitChangeSource source = revisions != null ? GitChangeSource.open(revisions, range) : GitChangeSource.open(repo, range);
            ProvenanceDetector detector = ProvenanceDetector.withAdditions(additions)
                    .withEntireCheckpoints(source.entireCheckpointAgents());
            try (Terminal.Progress progress = terminal.progress(err, "reading " + source.describe())) {
                source.forEachCommit(commit -> {
                    commits.add(new AttributedCommit(commit, detector.detect(commit)));
                    progress.step();
                });
            }
            return new AttributedRange(source, commits);
        } catch (ChangeSourceException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }
}
