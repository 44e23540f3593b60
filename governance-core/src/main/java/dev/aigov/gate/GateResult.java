package dev.aigov.gate;

import java.util.List;
import java.util.Map;

/**
 * Everything the gate concluded about one change.
 *
 * @param decision            the verdict and its reasons
 * @param requirement         the approval the matched rule asks for (also reported when evidence failed)
 * @param commits             every commit reviewed, newest first, with its attribution
 * @param aiAttributedCommits ids of the AI-attributed commits, newest first
 * @param categories          category id to the paths AI-attributed commits changed in it
 * @param evidence            what the evidence checks found
 */
public record GateResult(Decision decision, ApprovalRequirement requirement, List<AttributedCommit> commits,
                         List<String> aiAttributedCommits, Map<String, List<String>> categories,
                         EvidenceOutcome evidence) {
    public GateResult {
        commits = List.copyOf(commits);
        aiAttributedCommits = List.copyOf(aiAttributedCommits);
        categories = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(categories));
    }
}
