package dev.aigov.evidence;

import dev.aigov.gate.EvidenceOutcome;
import dev.aigov.gate.EvidenceUnreadableException;
import dev.aigov.gate.Reason;
import dev.aigov.gate.ReviewedChange;
import dev.aigov.provenance.ChangedPath;
import dev.aigov.provenance.Commit;
import dev.aigov.provenance.Person;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.aigov.evidence.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EvidenceChecksTest {
    static Commit commit(String id, ChangedPath... paths) {
        Person p = new Person("a", "a@example.com");
        return new Commit(id, p, p, "m", List.of(paths), List.of(), Commit.SignatureStatus.UNKNOWN, "");
    }

    @Test
    void gateSeamEvaluatesTheAiPathsAtTheHeadCommitAndReturnsPlainMaps() throws Exception {
        String core = "governance-core/src/main/java/dev/aigov/approval/";
        Commit newest = commit(Fixtures.HEAD, ChangedPath.of(core + "Gone.java", ChangedPath.ChangeType.DELETED));
        Commit older = commit("b".repeat(40), ChangedPath.of(core + "Gone.java", ChangedPath.ChangeType.ADDED),
                ChangedPath.of(core + "ApprovalRequests.java", ChangedPath.ChangeType.MODIFIED));
        var checks = new EvidenceChecks(List.of(fixture("jacoco-approval.xml")), List.of(fixture("sarif-codeql-like.json")),
                Optional.empty(), List.of(fixture("cyclonedx-vulnerable.json")), "", Fixtures.designDefault());
        EvidenceOutcome outcome = checks.check(new ReviewedChange(List.of(newest, older),
                List.of(core + "ApprovalRequests.java", core + "Gone.java"), Fixtures.HEAD));
        assertThat(outcome.failures()).extracting(Reason::code)
                .containsExactly("COVERAGE_BELOW_MIN", "VULNERABLE_DEPENDENCY", "VULNERABLE_DEPENDENCY");
        assertThat(outcome.failures().getFirst().paths()).containsExactly(core + "ApprovalRequests.java"); // not Gone.java
        assertThat(outcome.summary()).containsOnlyKeys("coverage", "staticAnalysis", "dependencies", "secrets");
        @SuppressWarnings("unchecked")
        Map<String, Object> coverage = (Map<String, Object>) outcome.summary().get("coverage");
        assertThat(coverage).containsEntry("status", "fail").containsEntry("required", true);
        assertThat(coverage.get("reports")).asList().singleElement().asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP).containsKey("sha256");
    }

    @Test
    void unreadableReportBecomesTheGatesBadInputError(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.xml"), "<report><package></report>");
        var checks = new EvidenceChecks(List.of(bad), List.of(), Optional.empty(), List.of(), "", Fixtures.designDefault());
        assertThatThrownBy(() -> checks.check(new ReviewedChange(List.of(), List.of(), Fixtures.HEAD)))
                .isInstanceOf(EvidenceUnreadableException.class).hasMessageStartingWith(bad + ":1:");
    }
}
