package io.jenkins.plugins.aigovernance;

import dev.aigov.provenance.ChangeSourceException;
import dev.aigov.provenance.GitChangeSource;
import hudson.AbortException;
import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jenkins.agents.ControllerToAgentFileCallable;

/**
 * Runs where the workspace is (on the agent): the engine's git change source for the range and its
 * {@code git diff -U0}, plus the report files the step's patterns name. Sent back as JSON: the engine's records
 * are not Java-serializable, and JSON keeps the remoting payload plain data.
 */
final class WorkspaceChanges implements ControllerToAgentFileCallable<String> {
    private static final long serialVersionUID = 1L;
    /** Reports larger than this in total are refused rather than shipped to the controller. */
    static final long MAX_REPORT_BYTES = 64L * 1024 * 1024;
    /**
     * The most the controller accepts back from the agent (reports travel base64-encoded in the JSON, commits and
     * the diff beside them): an agent, which the change under review may control, cannot exhaust its memory.
     */
    static final long MAX_RESPONSE_CHARS = 96L * 1024 * 1024;

    private final String range;
    private final String trustedRange;
    private final LinkedHashMap<String, String> patterns;

    /**
     * @param range    a git range, or empty for the engine's default (commits not yet on the upstream branch)
     * @param patterns evidence kind ({@code coverage}, {@code sarif}, {@code sbom}) to comma-separated globs
     */
    WorkspaceChanges(String range, Map<String, String> patterns) {
        this(range, "", patterns);
    }

    /**
     * @param trustedRange the range the CI's facts name ({@link dev.aigov.provenance.TrustedRange}), or empty for
     *                     the upstream default; also the reviewed range when the step names none
     */
    WorkspaceChanges(String range, String trustedRange, Map<String, String> patterns) {
        this.range = range == null ? "" : range;
        this.trustedRange = trustedRange == null ? "" : trustedRange;
        this.patterns = new LinkedHashMap<>(patterns);
    }

    @Override
    public String invoke(File workspace, VirtualChannel channel) throws IOException {
        Path root = workspace.toPath();
        try {
            GitChangeSource trusted = GitChangeSource.open(root, trustedRange.isEmpty() ? null : trustedRange);
            GitChangeSource source = range.isEmpty() ? trusted : GitChangeSource.open(root, range);
            Map<String, List<CommitsJson.Report>> reports = new LinkedHashMap<>();
            long total = 0;
            for (Map.Entry<String, String> kind : patterns.entrySet()) {
                List<CommitsJson.Report> found = new ArrayList<>();
                for (Path file : matching(root, kind.getValue())) {
                    total += Files.size(file);
                    if (total > MAX_REPORT_BYTES) {
                        throw new AbortException("aiGovernanceGate: evidence reports exceed " + MAX_REPORT_BYTES
                                + " bytes in total (at " + root.relativize(file) + ")");
                    }
                    found.add(new CommitsJson.Report(root.relativize(file).toString(), Files.readAllBytes(file)));
                }
                if (found.isEmpty()) {
                    throw new AbortException("aiGovernanceGate: " + kind.getKey() + " pattern '" + kind.getValue()
                            + "' matches no file in the workspace");
                }
                reports.put(kind.getKey(), found);
            }
            String diff = source.commits().isEmpty() ? "" : source.unifiedDiff();
            List<String> trustedCommits = trusted.commits().stream().map(dev.aigov.provenance.Commit::id).toList();
            String json = CommitsJson.write(new CommitsJson.Changes(source.describe(), source.commits(), diff, reports,
                    source.headCommit(), trusted.describe(), trustedCommits));
            if (json.length() > MAX_RESPONSE_CHARS) {
                throw new AbortException("aiGovernanceGate: the range and reports come to " + json.length()
                        + " characters, more than the " + MAX_RESPONSE_CHARS + " the controller accepts");
            }
            return json;
        } catch (ChangeSourceException e) {
            throw new AbortException("aiGovernanceGate: " + e.getMessage());
        }
    }

    /** Files under the workspace (not in .git) whose relative path matches one of the comma-separated globs. */
    static List<Path> matching(Path root, String globs) throws IOException {
        List<PathMatcher> matchers = Arrays.stream(globs.split(",")).map(String::trim).filter(g -> !g.isEmpty())
                .map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !root.relativize(p).startsWith(".git"))
                    .filter(p -> matchers.stream().anyMatch(m -> m.matches(root.relativize(p))))
                    .sorted().toList();
        }
    }
}
