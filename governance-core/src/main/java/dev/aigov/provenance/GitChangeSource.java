package dev.aigov.provenance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The commits of a range in a local git repository, read through the {@code git} command in one streaming
 * {@code git log} pass (message, author, committer, parents, changed paths with renames, {@code refs/notes/ai}).
 *
 * <p>Signature status is left {@link Commit.SignatureStatus#UNKNOWN}: git can only tell it by verifying each
 * signature, which costs more than the whole scan.
 */
public final class GitChangeSource implements ChangeSource {
    static final String AI_NOTES_REF = "refs/notes/ai";

    private final Git git;
    private final String range;
    private final String description;
    private final boolean hasAiNotes;
    private List<Commit> commits;

    private GitChangeSource(Git git, String range, String description, boolean hasAiNotes) {
        this.git = git;
        this.range = range;
        this.description = description;
        this.hasAiNotes = hasAiNotes;
    }

    /**
     * Opens a range of a repository.
     *
     * @param repository   the work tree or any directory inside it (or a bare repository)
     * @param rangeOrNull  a revision range such as {@code origin/main..HEAD}; null for the default: the commits not
     *                     yet on the upstream branch ({@code @{upstream}..HEAD}, else {@code origin/HEAD..HEAD}),
     *                     or every commit reachable from HEAD when neither exists
     * @throws ChangeSourceException when the directory is not a git repository or the range does not exist
     */
    public static GitChangeSource open(Path repository, String rangeOrNull) throws ChangeSourceException {
        Path directory = repository.toAbsolutePath().normalize();
        if (!Files.isDirectory(directory)) {
            throw new ChangeSourceException("repository directory does not exist: " + directory);
        }
        Git git = new Git(directory);
        Git.Result inside = git.run("rev-parse", "--git-dir");
        if (!inside.ok()) {
            throw new ChangeSourceException("not a git repository: " + directory);
        }
        boolean hasNotes = git.run("rev-parse", "--verify", "-q", AI_NOTES_REF).ok();
        if (rangeOrNull != null) {
            String range = rangeOrNull.strip();
            if (range.isEmpty() || range.startsWith("-")) {
                throw new ChangeSourceException("invalid range '" + rangeOrNull + "': expected a revision range such as origin/main..HEAD");
            }
            Git.Result check = git.run("rev-parse", range, "--");
            if (!check.ok()) {
                throw new ChangeSourceException("range '" + range + "' does not exist in " + directory
                        + " (git: " + Git.firstLine(check.stderr()) + ")");
            }
            return new GitChangeSource(git, range, range, hasNotes);
        }
        if (!git.run("rev-parse", "--verify", "-q", "HEAD").ok()) {
            return new GitChangeSource(git, null, "HEAD (no commits yet)", hasNotes);
        }
        Git.Result upstream = git.run("rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}");
        if (upstream.ok() && !upstream.out().isEmpty()) {
            return new GitChangeSource(git, "@{upstream}..HEAD", upstream.out() + "..HEAD", hasNotes);
        }
        if (git.run("rev-parse", "--verify", "-q", "refs/remotes/origin/HEAD").ok()) {
            return new GitChangeSource(git, "origin/HEAD..HEAD", "origin/HEAD..HEAD", hasNotes);
        }
        return new GitChangeSource(git, "HEAD", "HEAD (all commits)", hasNotes);
    }

    @Override
    public String describe() {
        return description;
    }

    /** The commit HEAD points at, or empty when the repository has none. */
    public String headCommit() throws ChangeSourceException {
        Git.Result head = git.run("rev-parse", "--verify", "-q", "HEAD^{commit}");
        return head.ok() ? head.out() : "";
    }

    /** The repository directory this source reads. */
    public Path repository() {
        return git.directory();
    }

    /** The commits of the range, newest first (read once, then kept). */
    @Override
    public synchronized List<Commit> commits() throws ChangeSourceException {
        if (commits == null) {
            List<Commit> read = new ArrayList<>();
            forEachCommit(read::add);
            commits = List.copyOf(read);
        }
        return commits;
    }

    /**
     * Streams the commits of the range, newest first, to {@code sink} while git produces them (nothing is kept),
     * so a caller can classify and report progress on a large range as it is read.
     */
    public void forEachCommit(Consumer<Commit> sink) throws ChangeSourceException {
        if (range == null) {
            return;
        }
        List<String> args = List.of("-c", "log.showSignature=false", "-c", "core.quotePath=false",
                "log", "-z", "--no-color", "--no-relative", "--root", "--name-status", "-M",
                GitLogParser.format(hasAiNotes), hasAiNotes ? "--notes=ai" : "--no-notes",
                "--end-of-options", range, "--");
        Git.Result result = git.stream(args, stdout -> new GitLogParser(stdout).parse(sink));
        if (!result.ok()) {
            throw new ChangeSourceException("git log " + range + " failed in " + git.directory() + ": "
                    + Git.firstLine(result.stderr()));
        }
    }

    /**
     * The whole range as one unified diff ({@code git diff --no-color --no-ext-diff -U0}), from the parent of the
     * oldest commit on the tip's first-parent line within the range (the empty tree for a root or shallow-boundary
     * commit) to the newest commit. Empty when the range has no commits.
     */
    public String unifiedDiff() throws ChangeSourceException {
        StringBuilder diff = new StringBuilder();
        unifiedDiff(line -> diff.append(line).append('\n'));
        return diff.toString();
    }

    /** {@link #unifiedDiff()} line by line (without line terminators), for diffs too large to hold. */
    public void unifiedDiff(Consumer<String> lines) throws ChangeSourceException {
        List<Commit> all = commits();
        if (all.isEmpty()) {
            return;
        }
        Commit tip = all.get(0);
        String base = baseOf(tip, all);
        if (base == null) {
            Git.Result empty = git.run("hash-object", "-t", "tree", "--stdin");
            if (!empty.ok()) {
                throw new ChangeSourceException("git could not name the empty tree in " + git.directory() + ": "
                        + Git.firstLine(empty.stderr()));
            }
            base = empty.out();
        }
        List<String> args = List.of("-c", "core.quotePath=false", "diff", "--no-color", "--no-ext-diff",
                "--no-textconv", "--no-relative", "--src-prefix=a/", "--dst-prefix=b/", "-U0",
                "--end-of-options", base, tip.id(), "--");
        Git.Result result = git.stream(args, stdout -> {
            var decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
            BufferedReader reader = new BufferedReader(new InputStreamReader(stdout, decoder), 1 << 16);
            for (String line; (line = reader.readLine()) != null; ) {
                lines.accept(line);
            }
        });
        if (!result.ok()) {
            throw new ChangeSourceException("git diff failed in " + git.directory() + ": " + Git.firstLine(result.stderr()));
        }
    }

    /**
     * The range's base: the commit the change starts from and a revert returns to (the first parent of the oldest
     * commit on the tip's first-parent line inside the range), or empty when the range reaches a root commit.
     *
     * @param newestFirst the range's commits as read, newest first
     */
    public static String baseCommit(List<Commit> newestFirst) {
        if (newestFirst.isEmpty()) {
            return "";
        }
        String base = baseOf(newestFirst.get(0), newestFirst);
        return base == null ? "" : base;
    }

    /**
     * The repository's web address from its {@code origin} remote ({@code git@host:owner/repo.git},
     * {@code ssh://git@host/owner/repo}, {@code https://host/owner/repo.git}), without credentials; empty when there
     * is no such remote or it is not on a web host (a local path).
     */
    public String webUrl() {
        try {
            Git.Result remote = git.run("config", "--get", "remote.origin.url");
            return remote.ok() ? webUrl(remote.out().strip()) : "";
        } catch (ChangeSourceException e) {
            return "";
        }
    }

    /** {@link #webUrl()} for one remote address. */
    public static String webUrl(String remote) {
        String url = remote.strip();
        java.util.regex.Matcher scp = java.util.regex.Pattern.compile("^(?:[^@/]+@)?([A-Za-z0-9.-]+):(?!/)(.+)$").matcher(url);
        String host;
        String path;
        if (url.startsWith("https://") || url.startsWith("http://") || url.startsWith("ssh://") || url.startsWith("git://")) {
            java.net.URI uri;
            try {
                uri = java.net.URI.create(url);
            } catch (IllegalArgumentException e) {
                return "";
            }
            host = uri.getHost();
            path = uri.getPath();
            if (host == null || path == null) {
                return "";
            }
            if (url.startsWith("http") && uri.getPort() > 0) {
                host = host + ":" + uri.getPort();
            }
        } else if (scp.matches() && scp.group(1).contains(".")) {
            host = scp.group(1);
            path = "/" + scp.group(2);
        } else {
            return "";
        }
        path = path.replaceAll("/+$", "");
        if (path.endsWith(".git")) {
            path = path.substring(0, path.length() - 4);
        }
        if (path.isEmpty() || path.equals("/") || !path.matches("[A-Za-z0-9._~/-]+")) {
            return "";
        }
        return "https://" + host + (path.startsWith("/") ? path : "/" + path);
    }

    /** The first parent of the oldest commit reached from the tip by first parents inside the range, or null. */
    private static String baseOf(Commit tip, List<Commit> all) {
        Map<String, Commit> byId = new HashMap<>(all.size() * 2);
        for (Commit commit : all) {
            byId.put(commit.id(), commit);
        }
        Commit oldest = tip;
        while (!oldest.parents().isEmpty()) {
            Commit parent = byId.get(oldest.parents().get(0));
            if (parent == null) {
                return oldest.parents().get(0);
            }
            oldest = parent;
        }
        return null;
    }
}
