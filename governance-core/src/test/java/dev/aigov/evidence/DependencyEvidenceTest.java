package dev.aigov.evidence;

import dev.aigov.gate.Reason;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.aigov.evidence.Fixtures.check;
import static dev.aigov.evidence.Fixtures.fixture;
import static dev.aigov.evidence.Fixtures.inputs;
import static dev.aigov.evidence.Fixtures.sbomOnly;
import static org.assertj.core.api.Assertions.assertThat;

class DependencyEvidenceTest {
    @Test
    void failsOnConfiguredSeveritiesNamingComponentAndVulnerability() throws Exception {
        EvidenceResult result = inputs().sbom(fixture("cyclonedx-vulnerable.json")).evaluate(sbomOnly("critical", "high"));
        assertThat(result.reasons()).extracting(Reason::code).containsOnly("VULNERABLE_DEPENDENCY");
        assertThat(result.reasons()).extracting(Reason::message).containsExactly(
                "Dependency vulnerability CVE-2021-44228 (critical) in org.apache.logging.log4j:log4j-core@2.14.1, "
                        + "reported by " + fixture("cyclonedx-vulnerable.json") + ".",
                // highest of its ratings (medium from one source, high from another)
                "Dependency vulnerability CVE-2020-36518 (high) in com.fasterxml.jackson.core:jackson-databind@2.9.10, "
                        + "reported by " + fixture("cyclonedx-vulnerable.json") + ".");
        CheckSummary summary = check(result, "dependencies");
        assertThat(summary.metrics().get("components")).isEqualTo(3);
        assertThat(summary.metrics().get("vulnerabilities")).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsAllEntriesOf(Map.of("critical", 1, "high", 1, "low", 1, "medium", 0));
        assertThat(result.reasons().getFirst().controls()).contains("OWASP-ASI04");
    }

    @Test
    void nestedComponentsResolveByBomRef() throws Exception {
        EvidenceResult result = inputs().sbom(fixture("cyclonedx-vulnerable.json")).evaluate(sbomOnly("low"));
        assertThat(result.reasons()).singleElement().extracting(Reason::message).asString()
                .contains("CVE-2020-8908 (low) in com.google.guava:guava@29.0-jre");
    }

    @Test
    void severitiesBelowTheThresholdPass() throws Exception {
        EvidenceResult result = inputs().sbom(fixture("cyclonedx-clean.json")).evaluate(sbomOnly("critical", "high"));
        assertThat(result.reasons()).isEmpty();
        assertThat(check(result, "dependencies").status()).isEqualTo("pass");
    }

    @Test
    void sbomForAnotherCommitIsRefused() throws Exception {
        EvidenceResult result = inputs().sbom(fixture("cyclonedx-vulnerable.json"))
                .head("0123456789abcdef0123456789abcdef01234567").evaluate(sbomOnly("critical"));
        assertThat(result.reasons()).extracting(Reason::code).containsExactly("EVIDENCE_WRONG_COMMIT");
        assertThat(check(result, "dependencies").reports().getFirst().used()).isFalse();
    }

    @Test
    void requiredScanWithoutSbomIsMissingEvidence() throws Exception {
        EvidenceResult result = inputs().evaluate(sbomOnly("critical"));
        assertThat(result.reasons()).extracting(Reason::code).containsExactly("EVIDENCE_MISSING");
    }

    @Test
    void jsonThatIsNotCycloneDxIsRefused() throws Exception {
        var e = org.assertj.core.api.Assertions.catchThrowableOfType(EvidenceException.class,
                () -> inputs().sbom(fixture("sarif-baseline.json")).evaluate(sbomOnly("critical")));
        assertThat(e).hasMessageContaining("sarif-baseline.json").hasMessageContaining("bomFormat");
    }
}
