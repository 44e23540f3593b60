package dev.aigov.provenance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Small questions about a repository that decide what is trusted: which commit a revision names, what a file held
 * at a commit, whether one commit is an ancestor of another, and the trusted base of the change under build as the
 * CI system's own facts name it.
 */
public final class GitRevisions {
    /** GitLab's "no previous commit" value of {@code CI_COMMIT_BEFORE_SHA}. */
    private static final String NULL_SHA = "0".repeat(40);

    private final Git git;

    private GitRevisions(Git git) {
        this.git = git;
    }

    /** The repository containing {@code dir}; empty when it is not inside one. */
    public static Optional<GitRevisions> open(Path dir) {
        Path d = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(d)) {
            return Optional.empty();
        }
        Git git = new Git(d);
        try {
            return git.run("rev-parse", "--git-dir").ok() ? Optional.of(new GitRevisions(git)) : Optional.empty();
        } catch (ChangeSourceException e) {
            return Optional.empty();
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

    /** The commit id a revision names, or empty. */
    public Optional<String> commit(String revision) {
        if (revision == null || revision.isBlank() || revision.startsWith("-")) {
            return Optional.empty();
        }
        try {
            Git.Result r = git.run("rev-parse", "--verify", "-q", revision + "^{commit}");
            return r.ok() ? Optional.of(r.out()) : Optional.empty();
        } catch (ChangeSourceException e) {
            return Optional.empty();
        }
    }

    /** A file's bytes as they are at a commit ({@code git show COMMIT:PATH}), or empty when it does not exist there. */
    public Optional<byte[]> fileAt(String commit, String path) throws ChangeSourceException {
        Git.Result r = git.run("show", commit + ":" + path);
        return r.ok() ? Optional.of(r.stdout()) : Optional.empty();
    }

    /** Whether {@code ancestor} is {@code descendant} or one of its ancestors. */
    public boolean isAncestor(String ancestor, String descendant) throws ChangeSourceException {
        return git.run("merge-base", "--is-ancestor", ancestor, descendant).ok();
    }

    /** How many commits {@code base..head} holds ({@code base} empty: every commit reachable from head). */
    public int count(String base, String head) throws ChangeSourceException {
        Git.Result r = base.isEmpty() ? git.run("rev-list", "--count", head)
                : git.run("rev-list", "--count", base + ".." + head);
        return r.ok() ? Integer.parseInt(r.out()) : 0;
    }

    /**
     * The endpoints of a range as git reads it: {@code A..B} gives (A, B); a single revision gives (empty, it).
     *
     * @return {base, head} commit ids; empty when the range cannot be read that way
     */
    public Optional<String[]> endpoints(String range) {
        if (range == null) {
            return Optional.empty();
        }
        String r = range.strip();
        int dots = r.indexOf("..");
        if (dots < 0) {
            return commit(r).map(head -> new String[] {"", head});
        }
        if (r.startsWith("...", dots)) {
            return Optional.empty(); // symmetric difference: no single base
        }
        String left = r.substring(0, dots);
        String right = r.substring(dots + 2);
        Optional<String> base = commit(left.isEmpty() ? "HEAD" : left);
        Optional<String> head = commit(right.isEmpty() ? "HEAD" : right);
        return base.isPresent() && head.isPresent() ? Optional.of(new String[] {base.get(), head.get()}) : Optional.empty();
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
        for (String name : List.of("CHANGE_TARGET", "GITHUB_BASE_REF")) {
            String branch = env.get(name);
            if (branch != null && !branch.isBlank()) {
                for (String rev : List.of("refs/remotes/origin/" + branch.strip(), "origin/" + branch.strip(), branch.strip())) {
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
        for (String rev : List.of("@{upstream}", "refs/remotes/origin/HEAD")) {
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
