package dev.aigov.cli;

import dev.aigov.policy.AttributionAdditions;
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
        java.util.Optional<dev.aigov.provenance.GitRevisions> git = dev.aigov.provenance.GitRevisions.open(repo);
        String chosen = git.map(g -> g.trustedBase(System.getenv())).filter(base -> base.source().contains("="))
                .map(base -> base.range()).orElse(null);
        return AttributedRange.read(git.orElse(null), repo, chosen, additions, terminal, err);
    }
}
