package dev.aigov.gate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Two decisions over the same change, kept at the stricter: the trusted policy's (in Jenkins the global one) and
 * a policy that may only add requirements (a step-level or workspace policy, which the change under review can
 * edit). FAIL is stricter than APPROVAL_REQUIRED, which is stricter than PASS; approvals take the larger count,
 * an architectural review if either asks for one, and the groups both allow (the trusted groups when they share
 * none, or when the added policy names none). The added policy can therefore never remove a requirement.
 */
public final class StricterDecision {
    private StricterDecision() {
    }

    public static GateResult of(GateResult trusted, GateResult added) {
        int rank = Math.max(rank(trusted.decision()), rank(added.decision()));
        List<Reason> reasons = new ArrayList<>();
        for (GateResult r : List.of(trusted, added)) {
            if (rank(r.decision()) == rank) {
                for (Reason reason : r.decision().reasons()) {
                    if (reasons.stream().noneMatch(x -> x.code().equals(reason.code())
                            && x.message().equals(reason.message()))) {
                        reasons.add(reason);
                    }
                }
            }
        }
        ApprovalRequirement requirement = stricter(trusted.requirement(), added.requirement());
        Decision decision = switch (rank) {
            case 0 -> new Decision.Pass(reasons);
            case 1 -> new Decision.ApprovalRequired(reasons, requirement);
            default -> new Decision.Fail(reasons);
        };
        LinkedHashSet<String> ai = new LinkedHashSet<>(trusted.aiAttributedCommits());
        ai.addAll(added.aiAttributedCommits());
        Map<String, List<String>> categories = new LinkedHashMap<>();
        for (GateResult r : List.of(trusted, added)) {
            r.categories().forEach((category, paths) -> {
                LinkedHashSet<String> all = new LinkedHashSet<>(categories.getOrDefault(category, List.of()));
                all.addAll(paths);
                categories.put(category, List.copyOf(all));
            });
        }
        List<Reason> failures = new ArrayList<>(trusted.evidence().failures());
        added.evidence().failures().stream().filter(f -> !failures.contains(f)).forEach(failures::add);
        Map<String, Object> summary = new LinkedHashMap<>(trusted.evidence().summary());
        added.evidence().summary().forEach(summary::putIfAbsent);
        List<AttributedCommit> commits = trusted.commits().size() >= added.commits().size()
                ? trusted.commits() : added.commits();
        return new GateResult(decision, requirement, commits, List.copyOf(ai), categories,
                new EvidenceOutcome(failures, summary));
    }

    /** The larger count, an architectural review if either asks, the groups both allow. */
    public static ApprovalRequirement stricter(ApprovalRequirement trusted, ApprovalRequirement added) {
        List<String> groups;
        if (trusted.groups().isEmpty()) {
            groups = added.groups();
        } else if (added.groups().isEmpty()) {
            groups = trusted.groups();
        } else {
            List<String> both = trusted.groups().stream().filter(g -> added.groups().stream()
                    .anyMatch(a -> a.equalsIgnoreCase(g))).toList();
            groups = both.isEmpty() ? trusted.groups() : both;
        }
        return new ApprovalRequirement(Math.max(trusted.required(), added.required()), groups,
                trusted.architecturalReview() || added.architecturalReview());
    }

    private static int rank(Decision decision) {
        return switch (decision) {
            case Decision.Pass p -> 0;
            case Decision.ApprovalRequired a -> 1;
            case Decision.Fail f -> 2;
        };
    }
}
