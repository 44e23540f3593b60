package dev.aigov.evidence;

import dev.aigov.gate.Reason;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.aigov.evidence.Fixtures.check;
import static dev.aigov.evidence.Fixtures.fixture;
import static dev.aigov.evidence.Fixtures.inputs;
import static dev.aigov.evidence.Fixtures.sarifOnly;
import static org.assertj.core.api.Assertions.assertThat;

class StaticAnalysisEvidenceTest {
    static final String[] CHANGED = {"src/main/java/shop/OrderRepository.java", "src/main/java/shop/auth/Tokens.java",
            "src/main/java/shop/Files.java"};

    @Test
    void countsByEffectiveLevelAndOnlyChangedFilesAreNew() throws Exception {
        EvidenceResult result = inputs().sarif(fixture("sarif-codeql-like.json")).changed(CHANGED)
                .evaluate(sarifOnly(Map.of("error", 0)));
        CheckSummary summary = check(result, "staticAnalysis");
        // explicit level, rule default (by ruleIndex and by ruleId), no default -> warning, kind "pass" -> none
        assertThat(summary.metrics().get("results")).isEqualTo(Map.of("error", 2, "warning", 2, "note", 1, "none", 1));
        assertThat(summary.metrics().get("newResults")).isEqualTo(Map.of("error", 1, "warning", 2, "note", 1, "none", 1));
        assertThat(result.reasons()).singleElement().satisfies(r -> {
            assertThat(r.code()).isEqualTo("NEW_SAST_FINDINGS");
            assertThat(r.message()).contains("1 new").contains("level error")
                    .contains("java/sql-injection at src/main/java/shop/OrderRepository.java:42");
            assertThat(r.paths()).containsExactly("src/main/java/shop/OrderRepository.java");
            assertThat(r.controls()).contains("NIST-SSDF-PW.7");
        });
    }

    @Test
    void resultsBeforeToolAndFileUrisAcrossSeveralLogsAddUp() throws Exception {
        EvidenceResult result = inputs().sarif(fixture("sarif-codeql-like.json"), fixture("sarif-semgrep-like.json"))
                .changed(CHANGED).evaluate(sarifOnly(Map.of("error", 1, "warning", 5)));
        CheckSummary summary = check(result, "staticAnalysis");
        assertThat(summary.metrics().get("newResults")).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("error", 2);
        assertThat(summary.reports()).hasSize(2);
        assertThat(result.reasons()).singleElement().extracting(Reason::paths).asList()
                .containsExactly("src/main/java/shop/OrderRepository.java", "src/main/java/shop/auth/Tokens.java");
    }

    @Test
    void withinLimitsPasses() throws Exception {
        EvidenceResult result = inputs().sarif(fixture("sarif-codeql-like.json")).changed(CHANGED)
                .evaluate(sarifOnly(Map.of("error", 1, "warning", 2)));
        assertThat(result.reasons()).isEmpty();
        assertThat(check(result, "staticAnalysis").status()).isEqualTo("pass");
    }

    @Test
    void baselineMakesKnownResultsOldEvenWhenTheirLineMoved() throws Exception {
        EvidenceResult result = inputs().sarif(fixture("sarif-codeql-like.json")).baseline(fixture("sarif-baseline.json"))
                .changed(CHANGED).evaluate(sarifOnly(Map.of("error", 0)));
        CheckSummary summary = check(result, "staticAnalysis");
        assertThat(summary.metrics().get("newMeans")).isEqualTo("absent from the baseline");
        assertThat(summary.metrics().get("newResults")).isEqualTo(Map.of("error", 0, "warning", 2, "note", 1, "none", 1));
        assertThat(result.reasons()).isEmpty();
        assertThat(summary.reports()).extracting(CheckSummary.ReportDigest::format)
                .containsExactly("sarif-2.1.0 (baseline)", "sarif-2.1.0");
    }

    @Test
    void reportForAnotherCommitIsRefusedAndItsResultsUnused() throws Exception {
        EvidenceResult result = inputs().sarif(fixture("sarif-codeql-like.json")).changed(CHANGED)
                .head("ffffffffffffffffffffffffffffffffffffffff").evaluate(sarifOnly(Map.of("error", 0)));
        assertThat(result.reasons()).extracting(Reason::code).containsExactly("EVIDENCE_WRONG_COMMIT");
        assertThat(result.reasons().getFirst().message()).contains(Fixtures.HEAD).contains("revisionId");
        CheckSummary summary = check(result, "staticAnalysis");
        assertThat(summary.status()).isEqualTo("fail");
        assertThat(summary.reports().getFirst().used()).isFalse();
        assertThat(summary.metrics().get("newResults")).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("error", 0);
    }

    @Test
    void abbreviatedHeadCommitIsTheSameCommit() throws Exception {
        EvidenceResult result = inputs().sarif(fixture("sarif-codeql-like.json")).changed(CHANGED).head("A1B2C3D4")
                .evaluate(sarifOnly(Map.of("error", 1)));
        assertThat(result.reasons()).isEmpty();
    }

    @Test
    void requiredStaticAnalysisWithoutReportIsMissingEvidence() throws Exception {
        EvidenceResult result = inputs().changed(CHANGED).evaluate(sarifOnly(Map.of("error", 0)));
        assertThat(result.reasons()).extracting(Reason::code).containsExactly("EVIDENCE_MISSING");
    }
}
