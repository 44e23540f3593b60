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
        if (range != null) {
            return AttributedRange.read(repo, range, additions, terminal, err);
        }
        java.util.Optional<GitRevisions> git = GitRevisions.open(repo);
        return AttributedRange.read(git.orElse(null), repo, chosen(git), additions, terminal, err);
    }

    /** The range as {@link GitChangeSource} opens it, as {@link #read} reads it (the JSON scan streams it instead). */
    GitChangeSource open() throws ChangeSourceException {
        if (range != null) {
            return GitChangeSource.open(repo, range);
        }
        java.util.Optional<GitRevisions> git = GitRevisions.open(repo);
        return git.isPresent() ? GitChangeSource.open(git.get(), chosen(git)) : GitChangeSource.open(repo, null);
    }

    /** Without --range: trusted-base..HEAD when the CI names the base, else null (upstream..HEAD or every commit). */
    private static String chosen(java.util.Optional<GitRevisions> git) {
        return git.map(g -> g.trustedBase(System.getenv())).filter(base -> base.source().contains("="))
                .map(GitRevisions.TrustedBase::range).orElse(null);
    }
}
