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
    private static final String EMPTY_TREE_SHA1 = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
    private static final String EMPTY_TREE_SHA256 = "6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321";

    private final GitRevisions revisions;
    private final Git git;
    private final String range;
    private final String description;
    private final boolean hasAiNotes;
    private final java.util.Set<String> shallowBoundary;
    private final java.util.Set<String> reachedBoundary = java.util.Collections.synchronizedSet(new java.util.LinkedHashSet<>());
    private final java.util.Set<String> limitations = java.util.Collections.synchronizedSet(new java.util.LinkedHashSet<>());
    private volatile boolean renameDetection = true;
    private List<Commit> commits;
    /** The range's {@code git log -p} when {@link #unifiedDiff(List, Consumer)} read it as the diff, for one replay. */
    private List<String> patchesRead;

    private GitChangeSource(GitRevisions revisions, String range, String description, boolean hasAiNotes) {
        this.revisions = revisions;
        this.git = revisions.git();
        this.range = range;
        this.description = description;
        this.hasAiNotes = hasAiNotes;
        this.shallowBoundary = revisions.shallowBoundary();
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
        GitRevisions revisions = GitRevisions.open(new Git(directory))
                .orElseThrow(() -> new ChangeSourceException("not a git repository: " + directory));
        return open(revisions, rangeOrNull);
    }

    /**
     * {@link #open(Path, String)} on a repository already open: what it resolved (the range's ends, HEAD, the
     * upstream, {@code refs/notes/ai}) is not asked of git again.
     */
    public static GitChangeSource open(GitRevisions revisions, String rangeOrNull) throws ChangeSourceException {
        Git git = revisions.git();
        if (rangeOrNull != null) {
            String range = rangeOrNull.strip();
            if (range.isEmpty() || range.startsWith("-")) {
                throw new ChangeSourceException("invalid range '" + rangeOrNull + "': expected a revision range such as origin/main..HEAD");
            }
            revisions.resolve(GitRevisions.endpointRevisions(range));
            if (!revisions.knownRange(range)) {
                Git.Result check = git.run("rev-parse", range, "--");
                if (!check.ok()) {
                    throw new ChangeSourceException("range '" + range + "' does not exist in " + git.directory()
                            + " (git: " + Git.firstLine(check.stderr()) + ")");
                }
            }
            return new GitChangeSource(revisions, range, range, revisions.hasRef(AI_NOTES_REF));
        }
        revisions.resolve(List.of("HEAD", "refs/remotes/origin/HEAD"));
        boolean hasNotes = revisions.hasRef(AI_NOTES_REF);
        if (revisions.commit("HEAD").isEmpty()) {
            return new GitChangeSource(revisions, null, "HEAD (no commits yet)", hasNotes);
        }
        if (revisions.commit("@{upstream}").isPresent()) {
            Git.Result upstream = git.run("rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}");
            if (upstream.ok() && !upstream.out().isEmpty()) {
                return new GitChangeSource(revisions, "@{upstream}..HEAD", upstream.out() + "..HEAD", hasNotes);
            }
        }
        if (revisions.commit("refs/remotes/origin/HEAD").isPresent()) {
            return new GitChangeSource(revisions, "origin/HEAD..HEAD", "origin/HEAD..HEAD", hasNotes);
        }
        return new GitChangeSource(revisions, "HEAD", "HEAD (all commits)", hasNotes);
    }

    @Override
    public String describe() {
        return description;
    }

    /** The commit HEAD points at, or empty when the repository has none. */
    public String headCommit() throws ChangeSourceException {
        return revisions.commit("HEAD").orElse("");
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
     *
     * <p>A history git cannot fully read still streams: when objects are missing (a partial clone, a snapshot
     * without large blobs) the read falls back to no rename detection, then to no git-ai notes, from the commit where
     * it failed, never fetching anything ({@code GIT_NO_LAZY_FETCH=1}); {@link #limitations()} says so. A shallow
     * clone's boundary, when the range reaches it, is named there too.
     */
    public void forEachCommit(Consumer<Commit> sink) throws ChangeSourceException {
        if (range == null) {
            return;
        }
        Consumer<Commit> watched = shallowBoundary.isEmpty() ? sink : commit -> {
            if (shallowBoundary.contains(commit.id())) {
                reachedBoundary.add(commit.id());
            }
            sink.accept(commit);
        };
        boolean renames = true;
        boolean notes = hasAiNotes;
        long skip = 0;
        while (true) {
            long[] delivered = {0};
            long alreadyDelivered = skip;
            Commit[] last = new Commit[1];
            List<String> args = List.of("-c", "log.showSignature=false", "-c", "core.quotePath=false",
                    "log", "-z", "--no-color", "--no-relative", "--root", "--name-status", renames ? "-M" : "--no-renames",
                    GitLogParser.format(notes), notes ? "--notes=ai" : "--no-notes",
                    "--end-of-options", range, "--");
            Git.Result result = git.stream(args, stdout -> last[0] = new GitLogParser(stdout).parse(commit -> {
                if (delivered[0]++ >= alreadyDelivered) {
                    watched.accept(commit);
                }
            }));
            if (result.ok()) {
                if (last[0] != null && delivered[0] >= alreadyDelivered) {
                    watched.accept(last[0]);
                }
                break;
            }
            if (!result.lacksObjects() || (!renames && !notes)) {
                throw new ChangeSourceException("git log " + range + " failed in " + git.directory() + ": "
                        + Git.firstLine(result.stderr()));
            }
            skip = Math.max(skip, delivered[0]);
            String missing = result.firstMissingObject();
            if (renames) {
                renames = false;
                renameDetection = false;
                limitations.add("objects missing from this clone (" + missing + "; a partial clone or a snapshot without "
                        + "large files): renames are not detected from commit " + (skip + 1) + " of the range on, a renamed "
                        + "file shows as deleted and added; nothing was fetched");
            } else {
                notes = false;
                limitations.add("git-ai notes (" + AI_NOTES_REF + ") could not be read from commit " + (skip + 1)
                        + " of the range on: their objects are missing from this clone (" + missing + "); nothing was fetched");
            }
        }
        if (!reachedBoundary.isEmpty()) {
            limitations.add("shallow clone: the range reaches the shallow boundary at " + String.join(", ", reachedBoundary)
                    + "; older commits of the range, if any, are not in this clone and were not read (git fetch "
                    + "--deepen=N or --unshallow to read them)");
        }
    }

    /** Where Entire (entireio/cli) keeps its checkpoint metadata: the local branch, else the remote's. */
    static final List<String> ENTIRE_CHECKPOINT_REFS = List.of("refs/heads/entire/checkpoints/v1",
            "refs/remotes/origin/entire/checkpoints/v1");
    private static final java.util.regex.Pattern ENTIRE_METADATA =
            java.util.regex.Pattern.compile("([0-9a-f]{2})/([0-9a-f]{6,})/\\d+/metadata\\.json");
    private Map<String, String> entireAgents;

    /**
     * The agent Entire's checkpoint metadata names for a checkpoint id ({@code Entire-Checkpoint: ed51f6581660} ->
     * {@code Claude Code}, from {@code <id[0:2]>/<id[2:]>/<session>/metadata.json} on the {@code
     * entire/checkpoints/v1} branch), or null when the branch or the checkpoint is not there. Read once, on first
     * use, with two git commands whatever the number of checkpoints; unreadable metadata is no agent.
     */
    public java.util.function.Function<String, String> entireCheckpointAgents() {
        return id -> {
            Map<String, String> agents;
            synchronized (this) {
                if (entireAgents == null) {
                    entireAgents = readEntireAgents();
                }
                agents = entireAgents;
            }
            return agents.get(id.strip().toLowerCase(java.util.Locale.ROOT));
        };
    }

    private Map<String, String> readEntireAgents() {
        try {
            for (String ref : ENTIRE_CHECKPOINT_REFS) {
                if (!git.run("rev-parse", "--verify", "-q", ref).ok()) {
                    continue;
                }
                Git.Result tree = git.run("-c", "core.quotePath=false", "ls-tree", "-r", "--end-of-options", ref);
                if (!tree.ok()) {
                    return Map.of();
                }
                Map<String, String> checkpointByBlob = new java.util.LinkedHashMap<>();
                for (String line : tree.out().split("\n")) {
                    int tab = line.indexOf('\t');
                    String[] meta = tab < 0 ? new String[0] : line.substring(0, tab).split(" ");
                    java.util.regex.Matcher path = ENTIRE_METADATA.matcher(tab < 0 ? "" : line.substring(tab + 1));
                    if (meta.length == 3 && meta[1].equals("blob") && path.matches()) {
                        checkpointByBlob.putIfAbsent(meta[2], path.group(1) + path.group(2));
                    }
                }
                return agentsOf(checkpointByBlob);
            }
        } catch (ChangeSourceException e) {
            // no agent is the safe answer: the trailer alone still counts
        }
        return Map.of();
    }

    /** Reads the metadata blobs with one {@code git cat-file --batch}; the first session naming an agent wins. */
    private Map<String, String> agentsOf(Map<String, String> checkpointByBlob) throws ChangeSourceException {
        if (checkpointByBlob.isEmpty()) {
            return Map.of();
        }
        String request = String.join("\n", checkpointByBlob.keySet()) + "\n";
        Git.Result batch = git.runWithInput(request.getBytes(StandardCharsets.UTF_8), "cat-file", "--batch");
        Map<String, String> agents = new HashMap<>();
        byte[] out = batch.stdout();
        int at = 0;
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        while (at < out.length) {
            int newline = Git.indexOf(out, (byte) '\n', at);
            if (newline < 0) {
                break;
            }
            String[] header = new String(out, at, newline - at, StandardCharsets.UTF_8).split(" ");
            at = newline + 1;
            if (header.length != 3 || !header[1].equals("blob")) {
                continue; // "<id> missing"
            }
            int size = Integer.parseInt(header[2]);
            String checkpoint = checkpointByBlob.get(header[0]);
            try {
                String agent = json.readTree(out, at, Math.min(size, out.length - at)).path("agent").asText("");
                if (checkpoint != null && !agent.isBlank()) {
                    agents.putIfAbsent(checkpoint, agent);
                }
            } catch (java.io.IOException | RuntimeException e) {
                // not JSON: no agent
            }
            at += size + 1;
        }
        return Map.copyOf(agents);
    }

    /** Whether renames were detected for the whole range (false once missing objects forced a fallback). */
    public boolean renameDetection() {
        return renameDetection;
    }

    /** What the read could not see, one sentence each (empty when the whole range was read in full). */
    public List<String> limitations() {
        synchronized (limitations) {
            return List.copyOf(limitations);
        }
    }

    /** The shallow-boundary commits the range reached (empty outside a shallow clone or when not reached). */
    public List<String> shallowBoundaryReached() {
        return List.copyOf(reachedBoundary);
    }

    /** A failed content read: {@link MissingObjectsException} when the clone lacks the objects, else the plain error. */
    private ChangeSourceException failure(String what, Git.Result result) {
        if (result.lacksObjects()) {
            return new MissingObjectsException(what + " needs file contents this clone does not have ("
                    + result.firstMissingObject() + "; a partial clone or a snapshot without large files); nothing "
                    + "was fetched: fetch the objects or use a full clone to read them");
        }
        return new ChangeSourceException(what + " failed in " + git.directory() + ": " + Git.firstLine(result.stderr()));
    }

    /**
     * The whole range as one unified diff ({@code git diff --no-color --no-ext-diff -U0}), from the parent of the
     * oldest commit on the tip's first-parent line within the range (the empty tree for a root or shallow-boundary
     * commit) to the newest commit. Empty when the range has no commits.
     */
    public String unifiedDiff() throws ChangeSourceException {
        return unifiedDiff(commits());
    }

    /** {@link #unifiedDiff()} of the commits this source already read ({@link #forEachCommit}), newest first. */
    public String unifiedDiff(List<Commit> newestFirst) throws ChangeSourceException {
        StringBuilder diff = new StringBuilder();
        unifiedDiff(newestFirst, line -> diff.append(line).append('\n'));
        return diff.toString();
    }

    /** {@link #unifiedDiff()} line by line (without line terminators), for diffs too large to hold. */
    public void unifiedDiff(Consumer<String> lines) throws ChangeSourceException {
        unifiedDiff(commits(), lines);
    }

    /**
     * {@link #unifiedDiff(Consumer)} of the commits this source already read, newest first. A range of one commit with
     * one parent inside the clone is that commit's own patch: it is read with {@code git log -p} as
     * {@link #commitPatches} reads it, kept, and replayed to the next {@link #commitPatches} call, so the diff and the
     * patches cost one git process. The patch read must hold exactly that one commit; otherwise {@code git diff}
     * reads the diff as for any other range.
     */
    public void unifiedDiff(List<Commit> newestFirst, Consumer<String> lines) throws ChangeSourceException {
        if (newestFirst.isEmpty()) {
            return;
        }
        Commit tip = newestFirst.get(0);
        if (newestFirst.size() == 1 && tip.parents().size() == 1 && range != null) {
            List<String> patches = new ArrayList<>();
            readCommitPatches(patches::add);
            synchronized (this) {
                patchesRead = patches;
            }
            if (patches.size() >= 1 && patches.get(0).equals("\u0001" + tip.id())
                    && patches.stream().filter(line -> line.startsWith("\u0001")).count() == 1) {
                int from = patches.size() > 1 && patches.get(1).isEmpty() ? 2 : 1; // the blank line after the header
                patches.subList(from, patches.size()).forEach(lines);
                return;
            }
        }
        String base = baseOf(tip, newestFirst);
        if (base == null) { // git knows the empty tree by its id in either object format, stored or not
            base = tip.id().length() == 64 ? EMPTY_TREE_SHA256 : EMPTY_TREE_SHA1;
        }
        List<String> args = List.of("-c", "core.quotePath=false", "diff", "--no-color", "--no-ext-diff",
                "--no-textconv", "--no-relative", "--src-prefix=a/", "--dst-prefix=b/", "-U0",
                "--end-of-options", base, tip.id(), "--");
        Git.Result result = git.stream(args, stdout -> readLines(stdout, lines));
        if (!result.ok()) {
            throw failure("git diff", result);
        }
    }

    /**
     * Every commit's patch, newest first, line by line: {@code git log -p -U0} (no colour, no external diff or
     * text conversion, merges without a diff: their lines come from the commits merged), each commit opened by a
     * line holding the byte {@code 0x01} and its id. For the secret scan of each commit's added lines.
     */
    public void commitPatches(Consumer<String> lines) throws ChangeSourceException {
        List<String> kept;
        synchronized (this) {
            kept = patchesRead;
            patchesRead = null;
        }
        if (kept != null) {
            kept.forEach(lines);
            return;
        }
        readCommitPatches(lines);
    }

    private void readCommitPatches(Consumer<String> lines) throws ChangeSourceException {
        if (range == null) {
            return;
        }
        List<String> args = List.of("-c", "core.quotePath=false", "-c", "log.showSignature=false", "log", "-p", "-U0",
                "--no-color", "--no-ext-diff", "--no-textconv", "--no-relative", "--src-prefix=a/", "--dst-prefix=b/",
                "--format=%x01%H", "--no-notes", "--end-of-options", range, "--");
        Git.Result result = git.stream(args, stdout -> readLines(stdout, lines));
        if (!result.ok()) {
            throw failure("git log -p " + range, result);
        }
    }

    private static void readLines(java.io.InputStream stdout, Consumer<String> lines) throws java.io.IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        BufferedReader reader = new BufferedReader(new InputStreamReader(stdout, decoder), 1 << 16);
        for (String line; (line = reader.readLine()) != null; ) {
            lines.accept(line);
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

    /**
     * The repository's web address as the CI names it (GitHub's server and repository, GitLab's {@code CI_PROJECT_URL},
     * Jenkins' {@code GIT_URL}), never with credentials; "" when it names none.
     */
    public static String webUrl(Map<String, String> env) {
        String repository = env.getOrDefault("GITHUB_REPOSITORY", "");
        if (!repository.isBlank()) {
            return webUrl(env.getOrDefault("GITHUB_SERVER_URL", "https://github.com") + "/" + repository);
        }
        for (String name : new String[] {"CI_PROJECT_URL", "GIT_URL"}) {
            String remote = env.getOrDefault(name, "");
            String url = remote.isBlank() ? "" : webUrl(remote);
            if (!url.isEmpty()) {
                return url;
            }
        }
        return "";
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
