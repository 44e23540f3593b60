package dev.aigov.evidence;

import dev.aigov.provenance.ChangedPath;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The evidence handed to the gate for one change.
 *
 * @param coverage      JaCoCo XML, Cobertura XML or LCOV reports (format detected from content)
 * @param sarif         SARIF 2.1.0 reports, any number
 * @param baselineSarif a SARIF report of the base, so that only results absent from it count as new; empty when none
 * @param sboms         CycloneDX JSON documents with {@code vulnerabilities}
 * @param changedPaths  the paths the change touched (deleted paths are ignored for coverage)
 * @param headCommit    the commit under review; reports that record another commit are refused
 * @param diff          {@code git diff -U0} of the range (changed-line counts, and the secret scan when there are no
 *                      commit patches); null when the caller has none
 * @param commitPatches every commit's patch, for the secret scan of each commit's added lines; null: scan {@code diff}
 */
public record EvidenceInputs(List<Path> coverage, List<Path> sarif, Optional<Path> baselineSarif, List<Path> sboms,
                             List<ChangedPath> changedPaths, String headCommit, String diff, PatchStream commitPatches) {

    /** Inputs without commit patches: the secret scan reads the net diff. */
    public EvidenceInputs(List<Path> coverage, List<Path> sarif, Optional<Path> baselineSarif, List<Path> sboms,
                          List<ChangedPath> changedPaths, String headCommit, String diff) {
        this(coverage, sarif, baselineSarif, sboms, changedPaths, headCommit, diff, null);
    }

    public EvidenceInputs {
        coverage = List.copyOf(coverage);
        sarif = List.copyOf(sarif);
        baselineSarif = Objects.requireNonNull(baselineSarif, "baselineSarif");
        sboms = List.copyOf(sboms);
        changedPaths = List.copyOf(changedPaths);
        headCommit = headCommit == null ? "" : headCommit;
    }
}
