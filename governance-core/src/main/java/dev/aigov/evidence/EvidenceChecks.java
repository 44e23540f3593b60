package dev.aigov.evidence;

import dev.aigov.gate.EvidenceCheck;
import dev.aigov.gate.EvidenceOutcome;
import dev.aigov.gate.EvidenceUnreadableException;
import dev.aigov.gate.ReviewedChange;
import dev.aigov.policy.EvidencePolicy;
import dev.aigov.provenance.ChangedPath;
import dev.aigov.provenance.Commit;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gate's {@link EvidenceCheck} backed by {@link EvidenceEvaluator}: the reports and the diff come from the caller
 * (CLI options, Jenkins step arguments), the changed paths and the head commit from the change under review.
 *
 * @param coverage      coverage reports
 * @param sarif         SARIF logs
 * @param baselineSarif the base's SARIF log, if any
 * @param sboms         CycloneDX documents
 * @param diff          {@code git diff -U0} of the range (null: none, which fails a required secret scan unless
 *                      {@code commitPatches} are given)
 * @param commitPatches every commit's patch, so the secret scan reads each commit's added lines (null: the diff's)
 * @param policy        the policy's {@code evidence} section (null: nothing required)
 */
public record EvidenceChecks(List<Path> coverage, List<Path> sarif, Optional<Path> baselineSarif, List<Path> sboms,
                             String diff, PatchStream commitPatches, EvidencePolicy policy) implements EvidenceCheck {
    public EvidenceChecks {
        coverage = List.copyOf(coverage);
        sarif = List.copyOf(sarif);
        sboms = List.copyOf(sboms);
    }

    /** Checks whose secret scan reads the net diff only. */
    public EvidenceChecks(List<Path> coverage, List<Path> sarif, Optional<Path> baselineSarif, List<Path> sboms,
                          String diff, EvidencePolicy policy) {
        this(coverage, sarif, baselineSarif, sboms, diff, null, policy);
    }

    @Override
    public EvidenceOutcome check(ReviewedChange change) throws EvidenceUnreadableException {
        try {
            EvidenceResult result = EvidenceEvaluator.evaluate(new EvidenceInputs(coverage, sarif, baselineSarif, sboms,
                    changedPaths(change.aiCommits()), change.headCommit(), diff, commitPatches), policy);
            return new EvidenceOutcome(result.reasons(), result.summaryMap());
        } catch (EvidenceException e) {
            throw new EvidenceUnreadableException(e.getMessage(), e);
        }
    }

    /** Each path the commits touched, as its newest change left it (so a path deleted last counts as deleted). */
    static List<ChangedPath> changedPaths(List<Commit> newestFirst) {
        Map<String, ChangedPath> latest = new LinkedHashMap<>();
        for (Commit commit : newestFirst) {
            for (ChangedPath path : commit.paths()) {
                latest.putIfAbsent(path.path(), path);
            }
        }
        return List.copyOf(latest.values());
    }
}
