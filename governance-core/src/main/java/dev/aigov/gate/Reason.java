package dev.aigov.gate;

import java.util.List;

/**
 * Why a decision came out as it did.
 *
 * @param code     a stable upper-case code, e.g. {@code AI_CHANGE_TOUCHES_SENSITIVE_CATEGORY}, {@code COVERAGE_BELOW_MIN}
 * @param message  one sentence for people
 * @param paths    the paths involved
 * @param commits  the commit ids involved
 * @param controls framework control ids this reason evidences, e.g. {@code OWASP-ASI03}, {@code NIST-CSF-PR.AA-05}
 */
public record Reason(String code, String message, List<String> paths, List<String> commits, List<String> controls) {
    public Reason {
        paths = List.copyOf(paths);
        commits = List.copyOf(commits);
        controls = List.copyOf(controls);
    }
}
