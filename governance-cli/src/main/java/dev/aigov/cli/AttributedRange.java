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

    /** The range {@code range} of the repository (already open when {@code revisions} is not null), read and attributed. */
    static AttributedRange read(GitRevisions revisions, Path repo, String range, AttributionAdditions additions,
                                Terminal terminal, PrintWriter err) {
        try {
            return read(revisions != null ? GitChangeSource.open(revisions, range) : GitChangeSource.open(repo, range),
                    additions, terminal, err);
        } catch (ChangeSourceException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    /** An opened range, read and attributed. */
    static AttributedRange read(GitChangeSource source, AttributionAdditions additions, Terminal terminal, PrintWriter err) {
        List<AttributedCommit> commits = new ArrayList<>();
        try {
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
