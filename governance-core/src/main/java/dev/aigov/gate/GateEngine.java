package dev.aigov.gate;

import dev.aigov.policy.Policy;
import dev.aigov.policy.Rule;
import dev.aigov.provenance.ChangedPath;
import dev.aigov.risk.RiskClassifier;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns attributed commits into a decision under a policy (design §3 step 2). Rules are tried in order and the
 * first that matches sets the requirement, as in a firewall: put the strict rules first. Evidence is consulted
 * only for changes with AI-attributed commits, and any evidence failure makes the decision {@code FAIL}.
 */
public final class GateEngine {
    private final Policy policy;
    private final RiskClassifier classifier;

    public GateEngine(Policy policy) {
        this.policy = policy;
        this.classifier = RiskClassifier.compile(policy.categories());
    }

    public Policy policy() {
        return policy;
    }

    public RiskClassifier classifier() {
        return classifier;
    }

    /** Evaluates the commits (newest first) with the given evidence check. */
    public GateResult evaluate(List<AttributedCommit> commits, EvidenceCheck evidenceCheck) throws EvidenceUnreadableException {
        List<AttributedCommit> ai = commits.stream().filter(AttributedCommit::aiAttributed).toList();
        List<String> aiIds = ai.stream().map(c -> c.commit().id()).toList();
        Map<String, List<String>> aiCategories = classifier.classifyAll(pathsOf(ai));

        if (ai.isEmpty() && commits.isEmpty()) {
            return pass(commits, aiIds, aiCategories, new Reason("NO_CHANGES", "The range holds no commits.",
                    List.of(), List.of(), List.of()));
        }

        Match match = firstMatch(commits);
        List<Reason> reasons = new ArrayList<>();
        ApprovalRequirement requirement = ApprovalRequirement.none();
        boolean denied = false;
        if (match != null) {
            Rule.Requirement req = match.rule().require();
            List<String> controls = Controls.forApproval(match.categories());
            if (!req.deny().isEmpty()) {
                denied = true;
                reasons.add(new Reason("AI_CHANGE_DENIED", req.deny() + " (" + where(match.rule()) + ")",
                        match.paths(), match.commits(), controls));
            } else if (req.approvals() > 0) {
                requirement = new ApprovalRequirement(req.approvals(), req.groups(), req.architecturalReview());
                reasons.add(new Reason(match.categories().isEmpty() ? "AI_CHANGE_REQUIRES_APPROVAL" : "AI_CHANGE_TOUCHES_SENSITIVE_CATEGORY",
                        describe(match, requirement) + " (" + where(match.rule()) + ").", match.paths(), match.commits(), controls));
            }
        } else if (!ai.isEmpty()) {
            reasons.add(new Reason("AI_CHANGE_NO_RULE", ai.size() + " AI-attributed commit(s) matched no policy rule.",
                    List.of(), aiIds, List.of()));
        }

        EvidenceOutcome evidence = EvidenceOutcome.none();
        if (!ai.isEmpty()) {
            evidence = evidenceCheck.check(new ReviewedChange(ai.stream().map(AttributedCommit::commit).toList(),
                    List.copyOf(new TreeSet<>(pathsOf(ai))), commits.get(0).commit().id()));
            reasons.addAll(evidence.failures());
        } else {
            reasons.add(new Reason("NO_AI_ATTRIBUTED_CHANGES", "No commit in the range is attributed to an AI tool.",
                    List.of(), List.of(), List.of()));
        }

        Decision decision;
        if (denied || !evidence.failures().isEmpty()) {
            decision = new Decision.Fail(reasons);
        } else if (requirement.required() > 0) {
            decision = new Decision.ApprovalRequired(reasons, requirement);
        } else {
            decision = new Decision.Pass(reasons);
        }
        return new GateResult(decision, requirement, commits, aiIds, aiCategories, evidence);
    }

    private GateResult pass(List<AttributedCommit> commits, List<String> aiIds, Map<String, List<String>> categories, Reason reason) {
        return new GateResult(new Decision.Pass(List.of(reason)), ApprovalRequirement.none(), commits, aiIds, categories,
                EvidenceOutcome.none());
    }

    private record Match(Rule rule, List<String> categories, List<String> paths, List<String> commits) {
    }

    private Match firstMatch(List<AttributedCommit> commits) {
        for (Rule rule : policy.rules()) {
            Boolean wantAi = rule.when().aiAttributed();
            List<AttributedCommit> selected = commits.stream()
                    .filter(c -> wantAi == null || c.aiAttributed() == wantAi).toList();
            if (selected.isEmpty()) {
                continue;
            }
            List<String> ids = selected.stream().map(c -> c.commit().id()).toList();
            if (rule.when().categories().isEmpty()) {
                return new Match(rule, List.of(), List.copyOf(new TreeSet<>(pathsOf(selected))), ids);
            }
            Map<String, List<String>> touched = classifier.classifyAll(pathsOf(selected));
            List<String> hitCategories = new ArrayList<>();
            TreeSet<String> hitPaths = new TreeSet<>();
            for (String category : rule.when().categories()) {
                List<String> paths = touched.get(category);
                if (paths != null) {
                    hitCategories.add(category);
                    hitPaths.addAll(paths);
                }
            }
            if (!hitCategories.isEmpty()) {
                List<String> hitCommits = selected.stream()
                        .filter(c -> pathsOf(List.of(c)).stream().anyMatch(hitPaths::contains))
                        .map(c -> c.commit().id()).toList();
                return new Match(rule, hitCategories, List.copyOf(hitPaths), hitCommits);
            }
        }
        return null;
    }

    private static String describe(Match match, ApprovalRequirement requirement) {
        StringBuilder out = new StringBuilder();
        out.append(match.commits().size()).append(" AI-attributed commit(s)");
        if (!match.categories().isEmpty()) {
            out.append(" touch ").append(String.join(", ", match.categories()));
        }
        out.append(": ").append(requirement.required()).append(requirement.required() == 1 ? " approval" : " approvals");
        if (!requirement.groups().isEmpty()) {
            out.append(" from ").append(String.join(" or ", requirement.groups()));
        }
        if (requirement.architecturalReview()) {
            out.append(", including an architectural review,");
        }
        out.append(" required");
        return out.toString();
    }

    private static String where(Rule rule) {
        return "policy rule at " + rule.location();
    }

    /** Every path the commits touched, including the old side of renames (moving a file out of auth/ touches auth). */
    static Collection<String> pathsOf(Collection<AttributedCommit> commits) {
        List<String> out = new ArrayList<>();
        for (AttributedCommit c : commits) {
            for (ChangedPath p : c.commit().paths()) {
                out.add(p.path());
                if (!p.previousPath().isEmpty()) {
                    out.add(p.previousPath());
                }
            }
        }
        return out;
    }

    /** Category id to paths for arbitrary commits (used by reports and the plugin's summary). */
    public Map<String, List<String>> categorize(List<AttributedCommit> commits) {
        return new LinkedHashMap<>(classifier.classifyAll(pathsOf(commits)));
    }
}
