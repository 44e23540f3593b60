package dev.aigov.cli;

import dev.aigov.policy.AttributionAdditions;
import dev.aigov.provenance.ChangeSourceException;
import dev.aigov.provenance.GitChangeSource;
import dev.aigov.provenance.GitRevisions;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;

/** {@code --repo} and {@code --range}, shared by the commands that read a git range (picocli mixin). */
final class RangeOptions {
    @Option(names = "--repo", paramLabel = "DIR", defaultValue = ".",
            description = "The git repository (or a directory inside it). Default: the current directory.")
    Path repo;

    @Option(names = "--range", paramLabel = "REVRANGE",
            description = "The commits under review, e.g. origin/main..HEAD or HEAD~5..HEAD. Default: from the trusted "
                    + "base the CI names (CHANGE_TARGET, GITHUB_BASE_REF, CI_MERGE_REQUEST_DIFF_BASE_SHA, else "
                    + "GIT_PREVIOUS_SUCCESSFUL_COMMIT, CI_COMMIT_BEFORE_SHA, else the upstream branch) to HEAD, or every "
                    + "commit reachable from HEAD. Only a decision over that whole range can unlock a requiresApproval role.")
    String range;

    /** The range, read and attributed. */
    AttributedRange read(AttributionAdditions additions, Terminal terminal, PrintWriter err) {
        try {
            return AttributedRange.read(open(), additions, terminal, err);
        } catch (ChangeSourceException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    /**
     * The range, opened: {@link #read} reads it whole, the JSON scan streams it. Without --range: trusted-base..HEAD
     * when the CI names the base, else git's default (upstream..HEAD or every commit).
     */
    GitChangeSource open() throws ChangeSourceException {
        if (range != null) {
            return GitChangeSource.open(repo, range);
        }
        java.util.Optional<GitRevisions> git = GitRevisions.open(repo);
        if (git.isEmpty()) {
            return GitChangeSource.open(repo, null);
        }
        GitRevisions.TrustedBase base = git.get().trustedBase(System.getenv());
        return GitChangeSource.open(git.get(), base.source().contains("=") ? base.range() : null);
    }
}
