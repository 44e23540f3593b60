package dev.aigov.provenance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Small questions about a repository that decide what is trusted: which commit a revision names, what a file held
 * at a commit, whether one commit is an ancestor of another, and the trusted base of the change under build as the
 * CI system's own facts name it.
 *
 * <p>Few git processes: opening asks git once for the repository, whether it is shallow and the upstream commit;
 * {@link #resolve} names any number of revisions with one {@code git cat-file --batch}, and what it learned (each
 * commit's id and parents) answers later questions without another process. The answers are those of
 * {@code git rev-parse --verify -q}; a revision the batch cannot take (a line break in it, or one git dies on, such as
 * {@code @{u}} without an upstream) is asked on its own, as before.
 */
public final class GitRevisions {
    /** GitLab's "no previous commit" value of {@code CI_COMMIT_BEFORE_SHA}. */
    private static final String NULL_SHA = "0".repeat(40);
    private static final String UPSTREAM = "@{upstream}";
    private static final Pattern OBJECT_ID = Pattern.compile("[0-9a-f]{40}(?:[0-9a-f]{24})?");
    private static final Pattern BATCH_HEADER = Pattern.compile("(" + OBJECT_ID.pattern() + ") ([a-z]+) (\\d+)");

    private final Git git;
    private final boolean shallow;
    private final Path shallowFile;
    /** What a revision (as git reads it, e.g. {@code HEAD^{commit}}) names; empty when it names nothing. */
    private final Map<String, Optional<Resolved>> resolved = new ConcurrentHashMap<>();

    /** An object a revision names; {@code parents} when it is a commit read from the batch, else null. */
    private record Resolved(String id, List<String> parents) {
    }

    private GitRevisions(Git git, boolean shallow, Path shallowFile) {
        this.git = git;
        this.shallow = shallow;
        this.shallowFile = shallowFile;
    }

    /**
     * The repository containing {@code dir}; empty when it is not inside one. One git process: {@code rev-parse
     * --git-dir --is-shallow-repository --git-path shallow --verify -q @{upstream}^{commit}}, whose first three lines
     * say it is a repository whatever the upstream (git ends with an error when there is none).
     */
    public static Optional<GitRevisions> open(Path dir) {
        Path d = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(d)) {
            return Optional.empty();
        }
        return open(new Git(d));
    }

    static Optional<GitRevisions> open(Git git) {
        try {
            Git.Result r = git.run("rev-parse", "--git-dir", "--is-shallow-repository", "--git-path", "shallow",
                    "--verify", "-q", UPSTREAM + "^{commit}");
            String[] lines = new String(r.stdout(), StandardCharsets.UTF_8).split("\n");
            if (lines.length < 3 || lines[0].isEmpty()) {
                return Optional.empty();
            }
            GitRevisions revisions = new GitRevisions(git, lines[1].equals("true"), git.directory().resolve(lines[2]));
            boolean upstream = r.ok() && lines.length == 4 && OBJECT_ID.matcher(lines[3]).matches();
            revisions.resolved.put(UPSTREAM + "^{commit}", upstream ? Optional.of(new Resolved(lines[3], null)) : Optional.empty());
            return Optional.of(revisions);
        } catch (ChangeSourceException e) {
            return Optional.empty();
        }
    }

    Git git() {
        return git;
    }

    /** The commits a shallow clone was cut at ({@code .git/shallow}); empty for a complete clone. */
    Set<String> shallowBoundary() {
        if (!shallow) {
            return Set.of();
        }
        try {
            return Set.copyOf(Files.readAllLines(shallowFile).stream().map(String::strip).filter(s -> !s.isEmpty()).toList());
        } catch (java.io.IOException e) {
            return Set.of();
        }
    }

    /** The top of the work tree that contains {@code path} (a file or directory, existing or not), if any. */
    public static Optional<Path> workTreeOf(Path path) {
        Path d = path.toAbsolutePath().normalize();
        while (d != null && !Files.isDirectory(d)) {
            d = d.getParent();
        }
        if (d == null) {
            return Optional.empty();
        }
        try {
            Git.Result r = new Git(d).run("rev-parse", "--show-toplevel");
            return r.ok() && !r.out().isEmpty() ? Optional.of(Path.of(r.out())) : Optional.empty();
        } catch (ChangeSourceException e) {
            return Optional.empty();
        }
    }

    /**
     * Resolves revisions ahead of the questions that will name them, all in one {@code git cat-file --batch} (with the
     * {@code refs/notes/ai} a range read looks up): {@link #commit}, {@link #endpoints} and {@link #trustedBase} then
     * answer from what it found. Revisions already resolved are not asked again.
     */
    public void resolve(Collection<String> revisions) {
        Set<String> names = new LinkedHashSet<>();
        for (String revision : revisions) {
            if (valid(revision)) {
                names.add(revision + "^{commit}");
            }
        }
        names.add(GitChangeSource.AI_NOTES_REF);
        names.removeIf(name -> resolved.containsKey(name) || name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0);
        if (names.isEmpty()) {
            return;
        }
        List<String> asked = List.copyOf(names);
        String request = String.join("\n", asked) + "\n";
        Map<String, Optional<Resolved>> found = new HashMap<>();
        try {
            Git.Result r = git.runWithInput(request.getBytes(StandardCharsets.UTF_8), "cat-file", "--batch");
            if (!r.ok()) {
                return; // git died on one of them (e.g. @{u} without an upstream): each is asked on its own later
            }
            byte[] out = r.stdout();
            int at = 0;
            for (String name : asked) {
                int newline = Git.indexOf(out, (byte) '\n', at);
                if (newline < 0) {
                    return;
                }
                Matcher header = BATCH_HEADER.matcher(new String(out, at, newline - at, StandardCharsets.UTF_8));
                at = newline + 1;
                if (!header.matches()) {
                    found.put(name, Optional.empty()); // "<name> missing" or "<name> ambiguous"
                    continue;
                }
                int size = Integer.parseInt(header.group(3));
                if (at + size > out.length) {
                    return;
                }
                List<String> parents = header.group(2).equals("commit") ? parents(out, at, size) : null;
                found.put(name, Optional.of(new Resolved(header.group(1), parents)));
                at += size + 1;
            }
        } catch (ChangeSourceException | NumberFormatException e) {
            return;
        }
        resolved.putAll(found);
        for (Optional<Resolved> commit : found.values()) {
            commit.filter(c -> c.parents() != null).ifPresent(c -> resolved.putIfAbsent(c.id() + "^{commit}", Optional.of(c)));
        }
    }

    /** The parent ids in a commit object's header. */
    private static List<String> parents(byte[] out, int from, int size) {
        List<String> parents = new ArrayList<>(2);
        String header = new String(out, from, size, StandardCharsets.UTF_8);
        int end = header.indexOf("\n\n");
        for (String line : (end < 0 ? header : header.substring(0, end)).split("\n")) {
            if (line.startsWith("parent ")) {
                parents.add(line.substring("parent ".length()).strip());
            }
        }
        return List.copyOf(parents);
    }

    private static boolean valid(String revision) {
        return revision != null && !revision.isBlank() && !revision.startsWith("-");
    }

    /** What {@code name} resolves to: from what is known, else {@code git rev-parse --verify -q name}. */
    private Optional<Resolved> lookup(String name) {
        Optional<Resolved> known = resolved.get(name);
        if (known != null) {
            return known;
        }
        Optional<Resolved> answer;
        try {
            Git.Result r = git.run("rev-parse", "--verify", "-q", name);
            answer = r.ok() && OBJECT_ID.matcher(r.out()).matches() ? Optional.of(new Resolved(r.out(), null)) : Optional.empty();
        } catch (ChangeSourceException e) {
            return Optional.empty();
        }
        resolved.put(name, answer);
        return answer;
    }

    /** The commit id a revision names, or empty. */
    public Optional<String> commit(String revision) {
        if (!valid(revision)) {
            return Optional.empty();
        }
        return lookup(revision + "^{commit}").map(Resolved::id);
    }

    /** Whether a ref (such as {@code refs/notes/ai}) exists. */
    boolean hasRef(String ref) {
        return lookup(ref).isPresent();
    }

    /**
     * The parents of a commit when a batch read them, else null; null in a shallow clone too, where git's walks see
     * the boundary commits without the parents their objects name.
     */
    private List<String> knownParents(String commit) {
        if (shallow) {
            return null;
        }
        Optional<Resolved> known = resolved.get(commit + "^{commit}");
        return known == null ? null : known.map(Resolved::parents).orElse(null);
    }

    /**
     * A file's bytes as they are at a commit ({@code git show COMMIT:PATH}), or empty when it does not exist there.
     *
     * @throws MissingObjectsException when it exists there but this clone lacks its contents
     */
    public Optional<byte[]> fileAt(String commit, String path) throws ChangeSourceException {
        Git.Result r = git.run("show", commit + ":" + path);
        if (r.ok()) {
            return Optional.of(r.stdout());
        }
        if (r.lacksObjects()) {
            // Present but unreadable is not absent: a caller falling back to a default (the built-in policy for a
            // repository's own) must not do so because a clone left the file's contents out.
            throw new MissingObjectsException(path + " at " + commit + " cannot be read: this clone does not have its "
                    + "contents (" + r.firstMissingObject() + "; a partial clone or a snapshot without "
                    + "large files); nothing was fetched: fetch the objects or use a full clone");
        }
        return Optional.empty();
    }

    /** Whether {@code ancestor} is {@code descendant} or one of its ancestors. */
    public boolean isAncestor(String ancestor, String descendant) throws ChangeSourceException {
        List<String> parents = knownParents(descendant);
        if (ancestor.equals(descendant) || (parents != null && parents.contains(ancestor))) {
            return true;
        }
        return git.run("merge-base", "--is-ancestor", ancestor, descendant).ok();
    }

    /** How many commits {@code base..head} holds ({@code base} empty: every commit reachable from head). */
    public int count(String base, String head) throws ChangeSourceException {
        Git.Result r = base.isEmpty() ? git.run("rev-list", "--count", head)
                : git.run("rev-list", "--count", base + ".." + head);
        return r.ok() ? Integer.parseInt(r.out()) : 0;
    }

    /**
     * Whether {@code base..head} holds no commit, for commit ids {@link #commit} returned: without a git process when
     * it is plain (no base: the existing head itself is in it; base is head: nothing; base is a parent of head: head
     * is in it), else by {@link #count}.
     */
    public boolean isEmpty(String base, String head) throws ChangeSourceException {
        if (head.isEmpty() || base.equals(head)) {
            return true;
        }
        List<String> parents = knownParents(head);
        if (base.isEmpty() || (parents != null && parents.contains(base))) {
            return false;
        }
        return count(base, head) == 0;
    }

    /** The two revisions {@link #endpoints} resolves for a range ({@code ""} for no base), or empty when it cannot. */
    static Optional<String[]> endpointNames(String range) {
        if (range == null) {
            return Optional.empty();
        }
        String r = range.strip();
        int dots = r.indexOf("..");
        if (dots < 0) {
            return Optional.of(new String[] {"", r});
        }
        if (r.startsWith("...", dots)) {
            return Optional.empty(); // symmetric difference: no single base
        }
        String left = r.substring(0, dots);
        String right = r.substring(dots + 2);
        return Optional.of(new String[] {left.isEmpty() ? "HEAD" : left, right.isEmpty() ? "HEAD" : right});
    }

    /** The revisions {@link #endpoints} would resolve for a range, for {@link #resolve}. */
    public static List<String> endpointRevisions(String range) {
        return endpointNames(range).map(names -> names[0].isEmpty() ? List.of(names[1]) : List.of(names)).orElse(List.of());
    }

    /** Whether both ends of a range were already resolved to commits (so the range is known to exist). */
    boolean knownRange(String range) {
        Optional<String[]> names = endpointNames(range);
        if (names.isEmpty()) {
            return false;
        }
        for (String name : names.get()) {
            Optional<Resolved> known = resolved.get(name + "^{commit}");
            if (!name.isEmpty() && (known == null || known.isEmpty())) {
                return false; // "" is no base: nothing to resolve
            }
        }
        return true;
    }

    /**
     * The endpoints of a range as git reads it: {@code A..B} gives (A, B); a single revision gives (empty, it).
     *
     * @return {base, head} commit ids; empty when the range cannot be read that way
     */
    public Optional<String[]> endpoints(String range) {
        Optional<String[]> names = endpointNames(range);
        if (names.isEmpty()) {
            return Optional.empty();
        }
        String[] n = names.get();
        resolve(n[0].isEmpty() ? List.of(n[1]) : List.of(n));
        Optional<String> head = commit(n[1]);
        if (n[0].isEmpty()) {
            return head.map(h -> new String[] {"", h});
        }
        Optional<String> base = commit(n[0]);
        return base.isPresent() && head.isPresent() ? Optional.of(new String[] {base.get(), head.get()}) : Optional.empty();
    }

    /**
     * The revisions {@link #trustedBase} may look at for this environment, in its order of preference (for
     * {@link #resolve}).
     */
    public static List<String> trustedBaseRevisions(Map<String, String> env) {
        List<String> revisions = new ArrayList<>();
        for (String name : List.of("CHANGE_TARGET", "GITHUB_BASE_REF")) {
            String branch = env.get(name);
            if (branch != null && !branch.isBlank()) {
                revisions.addAll(targetRevisions(branch.strip()));
            }
        }
        for (String name : List.of("CI_MERGE_REQUEST_DIFF_BASE_SHA", "GIT_PREVIOUS_SUCCESSFUL_COMMIT", "CI_COMMIT_BEFORE_SHA")) {
            String sha = env.get(name);
            if (sha != null && !sha.isBlank() && !sha.strip().equals(NULL_SHA)) {
                revisions.add(sha.strip());
            }
        }
        revisions.add(UPSTREAM);
        revisions.add("refs/remotes/origin/HEAD");
        return revisions;
    }

    private static List<String> targetRevisions(String branch) {
        return List.of("refs/remotes/origin/" + branch, "origin/" + branch, branch);
    }

    /**
     * The trusted base of the change under build, from the CI system's own facts, never from the change: the target
     * branch of a pull or merge request ({@code CHANGE_TARGET}, {@code GITHUB_BASE_REF},
     * {@code CI_MERGE_REQUEST_DIFF_BASE_SHA}), else the last successfully governed commit
     * ({@code GIT_PREVIOUS_SUCCESSFUL_COMMIT}, {@code CI_COMMIT_BEFORE_SHA}), else the upstream branch
     * ({@code @{upstream}}, else {@code origin/HEAD}). Empty when none exists: every commit is under review.
     *
     * @return the base commit id and where it came from
     */
    public TrustedBase trustedBase(Map<String, String> env) {
        resolve(trustedBaseRevisions(env));
        for (String name : List.of("CHANGE_TARGET", "GITHUB_BASE_REF")) {
            String branch = env.get(name);
            if (branch != null && !branch.isBlank()) {
                for (String rev : targetRevisions(branch.strip())) {
                    Optional<String> c = commit(rev);
                    if (c.isPresent()) {
                        return new TrustedBase(mergeBase(c.get()), name + "=" + branch.strip());
                    }
                }
            }
        }
        for (String name : List.of("CI_MERGE_REQUEST_DIFF_BASE_SHA", "GIT_PREVIOUS_SUCCESSFUL_COMMIT", "CI_COMMIT_BEFORE_SHA")) {
            String sha = env.get(name);
            if (sha != null && !sha.isBlank() && !sha.strip().equals(NULL_SHA)) {
                Optional<String> c = commit(sha.strip());
                if (c.isPresent()) {
                    return new TrustedBase(c.get(), name + "=" + sha.strip());
                }
            }
        }
        for (String rev : List.of(UPSTREAM, "refs/remotes/origin/HEAD")) {
            Optional<String> c = commit(rev);
            if (c.isPresent()) {
                return new TrustedBase(mergeBase(c.get()), rev);
            }
        }
        return new TrustedBase("", "no upstream: every commit from the root");
    }

    /** Where HEAD's history leaves {@code target}'s: the base a pull request is reviewed against. */
    private String mergeBase(String target) {
        try {
            Git.Result r = git.run("merge-base", target, "HEAD");
            return r.ok() && !r.out().isEmpty() ? r.out() : target;
        } catch (ChangeSourceException e) {
            return target;
        }
    }

    /**
     * @param commit the base commit id, or empty for "from the root"
     * @param source which fact named it
     */
    public record TrustedBase(String commit, String source) {
        /** The range from this base to HEAD, as git reads it. */
        public String range() {
            return commit.isEmpty() ? "HEAD" : commit + "..HEAD";
        }
    }
}
