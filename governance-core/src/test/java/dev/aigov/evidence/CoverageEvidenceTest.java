package dev.aigov.evidence;

import dev.aigov.gate.Reason;
import org.junit.jupiter.api.Test;

import static dev.aigov.evidence.Fixtures.check;
import static dev.aigov.evidence.Fixtures.coverageOnly;
import static dev.aigov.evidence.Fixtures.fixture;
import static dev.aigov.evidence.Fixtures.inputs;
import static org.assertj.core.api.Assertions.assertThat;

class CoverageEvidenceTest {
    static final String CORE = "governance-core/src/main/java/dev/aigov/approval/";

    @Test
    void jacocoChangedFilesBelowMinimumFailsNamingTheWeakFile() throws Exception {
        // From the real JaCoCo report: ApprovalRequest.java 132 of 134 lines, ApprovalRequests.java 0 of 42.
        EvidenceResult result = inputs().coverage(fixture("jacoco-approval.xml"))
                .changed(CORE + "ApprovalRequest.java", CORE + "ApprovalRequests.java", "README.md")
                .evaluate(coverageOnly(0.80, "changed-files"));
        assertThat(result.reasons()).singleElement().satisfies(r -> {
            assertThat(r.code()).isEqualTo("COVERAGE_BELOW_MIN");
            assertThat(r.paths()).containsExactly(CORE + "ApprovalRequests.java");
            assertThat(r.message()).contains("75.0%").contains("80.0%");
            assertThat(r.commits()).containsExactly(Fixtures.HEAD);
            assertThat(r.controls()).contains("NIST-SSDF-PW.8");
        });
        CheckSummary summary = check(result, "coverage");
        assertThat(summary.status()).isEqualTo("fail");
        assertThat(summary.metrics().get("changedFilesLineCoverage")).isEqualTo(132.0 / 176);
        assertThat(summary.metrics().get("overallLineCoverage")).isEqualTo(166.0 / 215);
        assertThat(summary.metrics().get("changedCodeFiles")).isEqualTo(2);
        assertThat(summary.reports()).singleElement().satisfies(d -> {
            assertThat(d.format()).isEqualTo("jacoco");
            assertThat(d.sha256()).matches("[0-9a-f]{64}");
        });
    }

    @Test
    void jacocoWellCoveredChangePasses() throws Exception {
        EvidenceResult result = inputs().coverage(fixture("jacoco-approval.xml")).changed(CORE + "ApprovalRequest.java")
                .evaluate(coverageOnly(0.80, "changed-files"));
        assertThat(result.reasons()).isEmpty();
        assertThat(check(result, "coverage").status()).isEqualTo("pass");
    }

    @Test
    void overallScopeUsesTheWholeReport() throws Exception {
        EvidenceResult result = inputs().coverage(fixture("jacoco-approval.xml")).changed(CORE + "ApprovalRequests.java")
                .evaluate(coverageOnly(0.75, "overall"));
        assertThat(result.reasons()).isEmpty(); // 166/215 = 77.2% overall, although the changed file has 0%
        assertThat(inputs().coverage(fixture("jacoco-approval.xml")).changed(CORE + "ApprovalRequests.java")
                .evaluate(coverageOnly(0.78, "overall")).reasons()).extracting(Reason::code)
                .containsExactly("COVERAGE_BELOW_MIN");
    }

    @Test
    void changedCodeFileMissingFromTheReportCountsAsUncovered() throws Exception {
        String diff = """
                diff --git a/%1$sNewThing.java b/%1$sNewThing.java
                new file mode 100644
                --- /dev/null
                +++ b/%1$sNewThing.java
                @@ -0,0 +1,3 @@
                +class NewThing {
                +  int x;
                +}
                """.formatted(CORE);
        EvidenceResult result = inputs().coverage(fixture("jacoco-approval.xml"))
                .changed(CORE + "ApprovalRequest.java", CORE + "NewThing.java", "docs/guide.md",
                        "governance-core/src/test/java/dev/aigov/approval/NewThingTest.java")
                .diff(diff).evaluate(coverageOnly(0.97, "changed-files"));
        CheckSummary summary = check(result, "coverage");
        assertThat(summary.metrics().get("changedFilesNotInReport")).asList().containsExactly(CORE + "NewThing.java");
        assertThat(summary.metrics().get("changedFilesLineCoverage")).isEqualTo(132.0 / 137); // 134 + 3 added lines
        assertThat(result.reasons()).singleElement().satisfies(r -> {
            assertThat(r.paths()).contains(CORE + "NewThing.java");
            assertThat(r.message()).contains("absent from the report");
        });
    }

    @Test
    void deletedFilesDoNotCount() throws Exception {
        EvidenceResult result = inputs().coverage(fixture("jacoco-approval.xml")).changed(CORE + "ApprovalRequest.java")
                .deleted(CORE + "Gone.java").evaluate(coverageOnly(0.80, "changed-files"));
        assertThat(result.reasons()).isEmpty();
    }

    @Test
    void coberturaFromCoveragePyMatchesRepoPaths() throws Exception {
        EvidenceResult result = inputs().coverage(fixture("cobertura-coveragepy.xml")).changed("src/billing/invoice.py")
                .evaluate(coverageOnly(0.80, "changed-files"));
        CheckSummary summary = check(result, "coverage");
        assertThat(summary.reports().getFirst().format()).isEqualTo("cobertura");
        assertThat(summary.metrics().get("changedFilesLineCoverage")).isEqualTo(5.0 / 9);
        assertThat(result.reasons()).extracting(Reason::code).containsExactly("COVERAGE_BELOW_MIN");
        assertThat(result.reasons().getFirst().paths()).containsExactly("src/billing/invoice.py");
    }

    @Test
    void coberturaPathsResolveInAMonorepoSubdirectory() throws Exception {
        EvidenceResult result = inputs().coverage(fixture("cobertura-coveragepy.xml"))
                .changed("services/billing/src/billing/invoice.py").evaluate(coverageOnly(0.5, "changed-files"));
        assertThat(check(result, "coverage").metrics().get("changedFilesLineCoverage")).isEqualTo(5.0 / 9);
        assertThat(result.reasons()).isEmpty();
    }

    @Test
    void lcovAbsoluteSourcePathsMatchRepoPaths() throws Exception {
        EvidenceResult result = inputs().coverage(fixture("lcov-gcc.info")).changed("src/parse.c")
                .evaluate(coverageOnly(0.80, "changed-files"));
        CheckSummary summary = check(result, "coverage");
        assertThat(summary.reports().getFirst().format()).isEqualTo("lcov");
        assertThat(summary.metrics().get("changedFilesLineCoverage")).isEqualTo(5.0 / 7);
        assertThat(summary.metrics().get("overallLineCoverage")).isEqualTo(7.0 / 9);
        assertThat(result.reasons()).extracting(Reason::code).containsExactly("COVERAGE_BELOW_MIN");
    }

    @Test
    void requiredCoverageWithoutAReportIsMissingEvidenceNotAPass() throws Exception {
        EvidenceResult result = inputs().changed("src/parse.c").evaluate(coverageOnly(0.8, "changed-files"));
        assertThat(result.reasons()).singleElement().satisfies(r -> {
            assertThat(r.code()).isEqualTo("EVIDENCE_MISSING");
            assertThat(r.message()).contains("coverage");
        });
        assertThat(check(result, "coverage").status()).isEqualTo("fail");
    }

    @Test
    void notRequiredCoverageStillSummarisesGivenReports() throws Exception {
        EvidenceResult result = inputs().coverage(fixture("lcov-gcc.info")).changed("src/parse.c").evaluate(null);
        assertThat(result.reasons()).isEmpty();
        assertThat(check(result, "coverage").status()).isEqualTo("not-required");
        assertThat(check(result, "coverage").metrics().get("overallLineCoverage")).isEqualTo(7.0 / 9);
    }

    @Test
    void ambiguousBareFileNameMatchesNeitherCandidate() {
        RepoPaths paths = new RepoPaths(java.util.List.of("a/util/Strings.java", "b/util/Strings.java", "c/Other.java"));
        assertThat(paths.match("Strings.java")).isNull();
        assertThat(paths.match("/ws/repo/b/util/Strings.java")).isEqualTo("b/util/Strings.java");
        assertThat(paths.match("file:///ws/repo/c/Other.java")).isEqualTo("c/Other.java");
        assertThat(paths.match("d/Other.java")).isNull(); // shares only the file name: neither is a suffix of the other
    }
}
