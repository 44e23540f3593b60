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
            description = "The commits under review, e.g. origin/main..HEAD or HEAD~5..HEAD. Default: the commits not yet "
                    + "on the upstream branch (@{upstream}..HEAD, else origin/HEAD..HEAD), or every commit reachable "
                    + "from HEAD when neither exists.")
    String range;

    /** The range, read and attributed. */
    AttributedRange read(AttributionAdditions additions, Terminal terminal, PrintWriter err) {
        return AttributedRange.read(repo, range, additions, terminal, err);
    }
}
