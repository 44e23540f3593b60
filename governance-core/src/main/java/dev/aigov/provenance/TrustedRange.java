package dev.aigov.provenance;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The range a deployment must have been reviewed over, derived from the CI's own facts rather than from the
 * change under review: the target branch of a pull or merge request ({@code CHANGE_TARGET}, {@code GITHUB_BASE_REF},
 * {@code CI_MERGE_REQUEST_DIFF_BASE_SHA}), else the last successfully governed commit
 * ({@code GIT_PREVIOUS_SUCCESSFUL_COMMIT}, {@code CI_COMMIT_BEFORE_SHA}), else the upstream branch (the change
 * source's default). A caller-chosen range may be reported on, but only a decision whose commits include every
 * commit from the trusted base to the workspace HEAD covers it, and an empty range never does.
 */
public final class TrustedRange {
    private static final String NULL_SHA = "0000000000000000000000000000000000000000";

    private TrustedRange() {
    }

    /** Whether a decision covers the trusted range, and why not when it does not. */
    public record Coverage(boolean covered, String why) {
    }

    /** The trusted range ({@code BASE..HEAD}) from the CI's environment, or empty for the upstream default. */
    public static Optional<String> fromEnvironment(Map<String, String> env) {
        String target = first(env, "CHANGE_TARGET", "GITHUB_BASE_REF");
        if (target != null) {
            return Optional.of("origin/" + target + "..HEAD");
        }
        String base = first(env, "CI_MERGE_REQUEST_DIFF_BASE_SHA", "GIT_PREVIOUS_SUCCESSFUL_COMMIT",
                "CI_COMMIT_BEFORE_SHA");
        return base == null ? Optional.empty() : Optional.of(base + "..HEAD");
    }

    /**
     * @param evaluated the commits the decision reviewed, newest first
     * @param trusted   the commits of the trusted range, newest first
     * @param head      the workspace HEAD
     */
    public static Coverage coverage(List<String> evaluated, List<String> trusted, String head) {
        if (evaluated.isEmpty()) {
            return new Coverage(false, "the reviewed range is empty");
        }
        if (trusted.isEmpty()) {
            return new Coverage(false, "the trusted range (base..HEAD) is empty");
        }
        if (head == null || head.isEmpty() || !evaluated.get(0).equals(head)) {
            return new Coverage(false, "the reviewed range does not end at the workspace HEAD " + head);
        }
        Set<String> reviewed = new HashSet<>(evaluated);
        long missing = trusted.stream().filter(id -> !reviewed.contains(id)).count();
        if (missing > 0) {
            return new Coverage(false, missing + " commit(s) between the trusted base and HEAD were not reviewed");
        }
        return new Coverage(true, "");
    }

    private static String first(Map<String, String> env, String... names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null && !value.isBlank() && !value.strip().equals(NULL_SHA)) {
                return value.strip();
            }
        }
        return null;
    }
}
