package dev.aigov.evidence;

import dev.aigov.gate.Reason;
import dev.aigov.policy.EvidencePolicy;
import dev.aigov.provenance.ChangedPath;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks the evidence of one change against the policy's {@code evidence} section (design §3 step 2, §5): coverage,
 * static analysis (SARIF), dependency vulnerabilities (CycloneDX) and a secret scan of the added lines. A required
 * check without usable evidence fails ({@code EVIDENCE_MISSING}); a report that records another commit is refused
 * ({@code EVIDENCE_WRONG_COMMIT}); a malformed report is an {@link EvidenceException}.
 */
public final class EvidenceEvaluator {
    public static final String COVERAGE_BELOW_MIN = "COVERAGE_BELOW_MIN";
    public static final String NEW_SAST_FINDINGS = "NEW_SAST_FINDINGS";
    public static final String VULNERABLE_DEPENDENCY = "VULNERABLE_DEPENDENCY";
    public static final String SECRET_IN_DIFF = "SECRET_IN_DIFF";
    public static final String EVIDENCE_MISSING = "EVIDENCE_MISSING";
    public static final String EVIDENCE_WRONG_COMMIT = "EVIDENCE_WRONG_COMMIT";

    /** New findings listed by name in a reason's message; the rest are counted. */
    private static final int LISTED = 5;

    private final EvidenceInputs in;
    private final List<String> head;
    private final List<Reason> reasons = new ArrayList<>();

    private EvidenceEvaluator(EvidenceInputs in) {
        this.in = in;
        this.head = in.headCommit().isEmpty() ? List.of() : List.of(in.headCommit());
    }

    /** Evaluates every check; {@code policy} may be null (nothing required, given reports are still summarised). */
    public static EvidenceResult evaluate(EvidenceInputs inputs, EvidencePolicy policy) throws EvidenceException {
        EvidencePolicy p = policy == null ? new EvidencePolicy(null, null, null, null) : policy;
        EvidenceEvaluator evaluator = new EvidenceEvaluator(inputs);
        List<CheckSummary> checks = List.of(
                evaluator.coverage(p.coverage()),
                evaluator.staticAnalysis(p.staticAnalysis()),
                evaluator.dependencies(p.dependencies()),
                evaluator.secrets(p.secrets() != null && p.secrets().scanAddedLines()));
        return new EvidenceResult(evaluator.reasons, checks);
    }

    // ---- coverage ----

    private CheckSummary coverage(EvidencePolicy.Coverage policy) throws EvidenceException {
        boolean required = policy != null;
        String scope = required && policy.scope() != null ? policy.scope() : "changed-files";
        if (!scope.equals("changed-files") && !scope.equals("overall")) {
            throw new EvidenceException("policy", "evidence.coverage.scope: expected changed-files or overall, was " + scope);
        }
        List<String> code = in.changedPaths().stream().filter(c -> c.type() != ChangedPath.ChangeType.DELETED)
                .map(ChangedPath::path).filter(RepoPaths::isCoverableCode).map(RepoPaths::normalize).distinct().toList();
        RepoPaths paths = new RepoPaths(code);
        List<CheckSummary.ReportDigest> digests = new ArrayList<>();
        long overallCovered = 0;
        long overallTotal = 0;
        Map<String, long[]> perFile = new TreeMap<>();
        for (Path file : in.coverage()) {
            try (Reports.Opened report = Reports.open(file)) {
                CoverageReport coverage = CoverageReport.read(report, paths);
                overallCovered += coverage.coveredLines;
                overallTotal += coverage.totalLines;
                // The same file in two reports (unit and integration runs): keep the better-covered count.
                coverage.changed.forEach((path, counts) -> perFile.merge(path, counts, (a, b) -> a[0] >= b[0] ? a : b));
                digests.add(report.finish(coverage.format, true));
            } catch (IOException e) {
                throw new EvidenceException(file.toString(), "cannot read report: " + e.getMessage());
            }
        }
        Map<String, Integer> added = in.diff() == null ? Map.of() : UnifiedDiff.addedLineCounts(in.diff());
        List<String> uncovered = code.stream().filter(path -> !perFile.containsKey(path)).toList();
        long changedCovered = 0;
        long changedTotal = 0;
        for (long[] counts : perFile.values()) {
            changedCovered += counts[0];
            changedTotal += counts[1];
        }
        for (String path : uncovered) { // not in any report: every line it adds is an uncovered line
            changedTotal += Math.max(1, added.getOrDefault(path, 1));
        }
        Double overall = overallTotal == 0 ? null : (double) overallCovered / overallTotal;
        Double changed = changedTotal == 0 ? null : (double) changedCovered / changedTotal;
        Double measured = scope.equals("overall") ? overall : changed;

        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("scope", scope);
        if (required) {
            metrics.put("minLine", policy.minLine());
        }
        metrics.put("overallLineCoverage", overall);
        metrics.put("overallLines", overallTotal);
        metrics.put("changedFilesLineCoverage", changed);
        metrics.put("changedCodeFiles", code.size());
        metrics.put("changedLines", changedTotal);
        metrics.put("changedFilesNotInReport", uncovered);
        boolean fail = false;
        if (required && in.coverage().isEmpty()) {
            fail = missing("coverage", "a coverage report (JaCoCo XML, Cobertura XML or LCOV)", Controls.COVERAGE);
        } else if (required && measured != null && measured < policy.minLine()) {
            List<String> below = new ArrayList<>(uncovered);
            perFile.forEach((path, counts) -> {
                if (counts[1] > 0 && (double) counts[0] / counts[1] < policy.minLine()) {
                    below.add(path);
                }
            });
            reasons.add(new Reason(COVERAGE_BELOW_MIN, String.format(Locale.ROOT,
                    "Line coverage (%s) is %.1f%%, below the required %.1f%%%s.", scope, measured * 100,
                    policy.minLine() * 100, uncovered.isEmpty() ? ""
                            : "; changed code files absent from the report count as uncovered: " + String.join(", ", uncovered)),
                    scope.equals("overall") ? List.of() : new TreeSet<>(below).stream().toList(), head, Controls.COVERAGE));
            fail = true;
        }
        return summary("coverage", required, fail, "line coverage (" + scope + ") against evidence.coverage.minLine; "
                + "changed code files: extensions " + new TreeSet<>(RepoPaths.CODE_EXTENSIONS) + ", test sources excluded",
                metrics, digests, Controls.COVERAGE);
    }

    // ---- static analysis ----

    private static final class SarifTally {
        final Map<String, Integer> all = new LinkedHashMap<>();
        final Map<String, Integer> fresh = new LinkedHashMap<>();
        final Map<String, List<SarifReport.Finding>> freshListed = new HashMap<>();
        final Map<String, Set<String>> freshPaths = new HashMap<>();

        SarifTally() {
            for (String level : SarifReport.LEVELS) {
                all.put(level, 0);
                fresh.put(level, 0);
            }
        }

        void add(SarifReport.Finding finding, boolean isNew) {
            all.merge(finding.level(), 1, Integer::sum);
            if (isNew) {
                fresh.merge(finding.level(), 1, Integer::sum);
                List<SarifReport.Finding> listed = freshListed.computeIfAbsent(finding.level(), k -> new ArrayList<>());
                if (listed.size() < LISTED) {
                    listed.add(finding);
                }
                if (!finding.path().isEmpty()) {
                    freshPaths.computeIfAbsent(finding.level(), k -> new TreeSet<>()).add(finding.path());
                }
            }
        }

        void addAll(SarifTally other) {
            other.all.forEach((k, v) -> all.merge(k, v, Integer::sum));
            other.fresh.forEach((k, v) -> fresh.merge(k, v, Integer::sum));
            other.freshListed.forEach((k, v) -> {
                List<SarifReport.Finding> listed = freshListed.computeIfAbsent(k, x -> new ArrayList<>());
                v.stream().limit(LISTED - listed.size()).forEach(listed::add);
            });
            other.freshPaths.forEach((k, v) -> freshPaths.computeIfAbsent(k, x -> new TreeSet<>()).addAll(v));
        }
    }

    private CheckSummary staticAnalysis(EvidencePolicy.StaticAnalysis policy) throws EvidenceException {
        boolean required = policy != null;
        RepoPaths changed = new RepoPaths(in.changedPaths().stream()
                .filter(c -> c.type() != ChangedPath.ChangeType.DELETED).map(ChangedPath::path).toList());
        List<CheckSummary.ReportDigest> digests = new ArrayList<>();
        Set<String> baseline = null;
        if (in.baselineSarif().isPresent()) {
            Set<String> keys = new HashSet<>();
            Path file = in.baselineSarif().get();
            try (Reports.Opened report = Reports.open(file)) {
                SarifReport.read(report, changed, finding -> keys.addAll(finding.keys()));
                digests.add(report.finish("sarif-2.1.0 (baseline)", true));
            } catch (IOException e) {
                throw new EvidenceException(file.toString(), "cannot read report: " + e.getMessage());
            }
            baseline = keys;
        }
        SarifTally tally = new SarifTally();
        int accepted = 0;
        boolean refused = false;
        for (Path file : in.sarif()) {
            SarifTally one = new SarifTally();
            Set<String> known = baseline;
            try (Reports.Opened report = Reports.open(file)) {
                Set<String> revisions = SarifReport.read(report, changed, finding -> one.add(finding,
                        known == null ? finding.inChange() : finding.keys().stream().noneMatch(known::contains)));
                boolean ours = bound(file, revisions, "runs[].versionControlProvenance[].revisionId",
                        Controls.STATIC_ANALYSIS);
                digests.add(report.finish("sarif-2.1.0", ours));
                if (ours) {
                    tally.addAll(one);
                    accepted++;
                } else {
                    refused = true;
                }
            } catch (IOException e) {
                throw new EvidenceException(file.toString(), "cannot read report: " + e.getMessage());
            }
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("newMeans", baseline == null ? "in changed files" : "absent from the baseline");
        if (required) {
            metrics.put("maxNew", new TreeMap<>(policy.maxNew()));
        }
        metrics.put("results", tally.all);
        metrics.put("newResults", tally.fresh);
        boolean fail = false;
        if (required && accepted == 0) {
            fail = refused || missing("staticAnalysis", "a SARIF 2.1.0 report", Controls.STATIC_ANALYSIS);
        } else if (required) {
            for (Map.Entry<String, Integer> limit : new TreeMap<>(policy.maxNew()).entrySet()) {
                String level = limit.getKey().toLowerCase(Locale.ROOT);
                int count = tally.fresh.getOrDefault(level, 0);
                if (count > limit.getValue()) {
                    List<String> listed = tally.freshListed.getOrDefault(level, List.of()).stream()
                            .map(f -> (f.ruleId().isEmpty() ? "(no rule)" : f.ruleId()) + " at "
                                    + (f.path().isEmpty() ? "(no location)" : f.path() + (f.line() > 0 ? ":" + f.line() : "")))
                            .toList();
                    reasons.add(new Reason(NEW_SAST_FINDINGS, count + " new static-analysis result(s) at level " + level
                            + " (at most " + limit.getValue() + " allowed): " + String.join(", ", listed)
                            + (count > listed.size() ? " and " + (count - listed.size()) + " more" : "") + ".",
                            List.copyOf(tally.freshPaths.getOrDefault(level, Set.of())), head, Controls.STATIC_ANALYSIS));
                    fail = true;
                }
            }
        }
        return summary("staticAnalysis", required, fail, "SARIF 2.1.0 results by level; new results against "
                + "evidence.staticAnalysis.maxNew", metrics, digests, Controls.STATIC_ANALYSIS);
    }

    // ---- dependencies ----

    private CheckSummary dependencies(EvidencePolicy.Dependencies policy) throws EvidenceException {
        boolean required = policy != null;
        Set<String> failOn = new LinkedHashSet<>();
        if (required) {
            policy.failOn().forEach(s -> failOn.add(s.toLowerCase(Locale.ROOT)));
        }
        List<CheckSummary.ReportDigest> digests = new ArrayList<>();
        Map<String, Integer> bySeverity = new LinkedHashMap<>();
        CycloneDxReport.SEVERITIES.forEach(s -> bySeverity.put(s, 0));
        int components = 0;
        int accepted = 0;
        boolean refused = false;
        boolean fail = false;
        for (Path file : in.sboms()) {
            try (Reports.Opened report = Reports.open(file)) {
                CycloneDxReport bom = CycloneDxReport.read(report);
                boolean ours = bound(file, bom.commits, "metadata (component version or commit property)",
                        Controls.DEPENDENCIES);
                digests.add(report.finish("cyclonedx-json", ours));
                if (!ours) {
                    refused = true;
                    continue;
                }
                accepted++;
                components += bom.components;
                for (CycloneDxReport.Vulnerability v : bom.vulnerabilities) {
                    bySeverity.merge(v.severity(), 1, Integer::sum);
                    if (failOn.contains(v.severity())) {
                        reasons.add(new Reason(VULNERABLE_DEPENDENCY, "Dependency vulnerability " + v.id() + " ("
                                + v.severity() + ") in " + (v.components().isEmpty() ? "(no affected component named)"
                                : String.join(", ", v.components())) + ", reported by " + file + ".",
                                List.of(file.toString()), head, Controls.DEPENDENCIES));
                        fail = true;
                    }
                }
            } catch (IOException e) {
                throw new EvidenceException(file.toString(), "cannot read report: " + e.getMessage());
            }
        }
        if (required && accepted == 0) {
            fail = refused || missing("dependencies", "a CycloneDX JSON SBOM with vulnerabilities", Controls.DEPENDENCIES);
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        if (required) {
            metrics.put("failOn", List.copyOf(failOn));
        }
        metrics.put("components", components);
        metrics.put("vulnerabilities", bySeverity);
        return summary("dependencies", required, fail, "CycloneDX vulnerabilities by highest rated severity against "
                + "evidence.dependencies.failOn", metrics, digests, Controls.DEPENDENCIES);
    }

    // ---- secrets ----

    private CheckSummary secrets(boolean required) throws EvidenceException {
        Map<String, Object> metrics = new LinkedHashMap<>();
        boolean fail = false;
        if (in.commitPatches() != null) {
            CommitSecretScan scan = new CommitSecretScan();
            try {
                in.commitPatches().read(scan);
            } catch (dev.aigov.provenance.MissingObjectsException e) {
                metrics.put("scope", "added lines of every commit");
                metrics.put("unreadable", e.getMessage());
                if (required) {
                    reasons.add(new Reason(EVIDENCE_MISSING, "The policy requires a secret scan of the added lines "
                            + "(evidence.secrets), and they cannot be read: " + e.getMessage() + ".", List.of(), head,
                            union(Controls.SECRETS, Controls.EVIDENCE_INTEGRITY)));
                }
                return summary("secrets", required, required, "added lines of every commit", metrics, List.of(), Controls.SECRETS);
            } catch (dev.aigov.provenance.ChangeSourceException e) {
                throw new EvidenceException("git", "cannot read the commits' patches for the secret scan: " + e.getMessage());
            }
            List<CommitSecretScan.Found> findings = scan.findings();
            Map<String, Integer> byKind = new TreeMap<>();
            List<String> locations = new ArrayList<>();
            int removedLater = 0;
            for (CommitSecretScan.Found f : findings) {
                byKind.merge(f.kind(), 1, Integer::sum);
                locations.add(f.location());
                removedLater += f.removedIn().isEmpty() ? 0 : 1;
                if (required) {
                    String where = f.removedIn().isEmpty() ? "still present at the tip"
                            : "removed in " + CommitSecretScan.shortId(f.removedIn()) + ", but still in the branch history";
                    reasons.add(new Reason(SECRET_IN_DIFF, "Possible " + f.kind() + " (" + f.masked() + ") added at "
                            + f.path() + ":" + f.line() + " in commit " + CommitSecretScan.shortId(f.commit()) + "; " + where + ".",
                            List.of(f.path()), List.of(f.commit()), Controls.SECRETS));
                    fail = true;
                }
            }
            metrics.put("scope", "added lines of every commit");
            metrics.put("commits", scan.commits());
            metrics.put("findings", findings.size());
            metrics.put("removedLater", removedLater);
            metrics.put("byKind", byKind);
            metrics.put("locations", locations);
        } else if (in.diff() == null) {
            if (required) {
                fail = missing("secrets", "the change's diff (git diff -U0 of the range)", Controls.SECRETS);
            }
        } else {
            List<SecretScanner.Finding> findings = SecretScanner.scan(in.diff());
            Map<String, Integer> byKind = new TreeMap<>();
            List<String> locations = new ArrayList<>();
            for (SecretScanner.Finding f : findings) {
                byKind.merge(f.kind(), 1, Integer::sum);
                locations.add(f.path() + ":" + f.line() + " " + f.kind() + " " + f.masked());
                if (required) {
                    reasons.add(new Reason(SECRET_IN_DIFF, "Possible " + f.kind() + " (" + f.masked() + ") added at "
                            + f.path() + ":" + f.line() + ".", List.of(f.path()), head, Controls.SECRETS));
                    fail = true;
                }
            }
            metrics.put("scope", "added lines of the range's net diff");
            metrics.put("findings", findings.size());
            metrics.put("byKind", byKind);
            metrics.put("locations", locations);
        }
        return summary("secrets", required, fail, "added lines of every commit (or of the net diff) for private keys, "
                + "cloud keys, VCS, chat and Vault tokens, JWTs and high-entropy assignments", metrics, List.of(), Controls.SECRETS);
    }

    // ---- shared ----

    private boolean missing(String check, String what, List<String> controls) {
        reasons.add(new Reason(EVIDENCE_MISSING, "The policy requires " + what + " for evidence." + check
                + ", and none was supplied.", List.of(), head, union(controls, Controls.EVIDENCE_INTEGRITY)));
        return true;
    }

    /** True when the report records no commit, or records the head commit; otherwise a refusal reason is added. */
    private boolean bound(Path file, Set<String> recorded, String where, List<String> controls) {
        if (recorded.isEmpty() || in.headCommit().isEmpty() || recorded.stream().anyMatch(c -> sameCommit(c, in.headCommit()))) {
            return true;
        }
        reasons.add(new Reason(EVIDENCE_WRONG_COMMIT, "Report " + file + " is for commit " + String.join(", ", recorded)
                + " (" + where + "), not the commit under review " + in.headCommit() + "; it was not used.",
                List.of(file.toString()), head, union(controls, Controls.EVIDENCE_INTEGRITY)));
        return false;
    }

    static boolean sameCommit(String a, String b) {
        String x = a.trim().toLowerCase(Locale.ROOT);
        String y = b.trim().toLowerCase(Locale.ROOT);
        if (x.equals(y)) {
            return true;
        }
        boolean hex = x.matches("[0-9a-f]{7,64}") && y.matches("[0-9a-f]{7,64}");
        return hex && (x.startsWith(y) || y.startsWith(x)); // an abbreviated id of at least 7 hex digits
    }

    private static List<String> union(List<String> a, List<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    private static CheckSummary summary(String check, boolean required, boolean fail, String checked,
                                        Map<String, Object> metrics, List<CheckSummary.ReportDigest> digests,
                                        List<String> controls) {
        String status = !required ? "not-required" : fail ? "fail" : "pass";
        return new CheckSummary(check, required, status, checked, metrics, digests, controls);
    }
}
