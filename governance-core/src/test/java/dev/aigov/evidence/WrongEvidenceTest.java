package dev.aigov.evidence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.aigov.evidence.Fixtures.check;
import static dev.aigov.evidence.Fixtures.inputs;
import static dev.aigov.evidence.Fixtures.sarifOnly;
import static dev.aigov.evidence.Fixtures.sbomOnly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Evidence whose structure or values do not follow its schema never passes: it is unreadable, or counts at its worst. */
class WrongEvidenceTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static String sarifWithResult(String result) {
        return "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"x\"}},\"results\":[{\"ruleId\":\"ok\","
                + "\"level\":\"note\"}," + result + "]}]}";
    }

    private EvidenceException sarifError(Path report) {
        return catchThrowableOfType(EvidenceException.class,
                () -> inputs().sarif(report).changed("src/A.java").evaluate(sarifOnly(Map.of("error", 0))));
    }

    private EvidenceException sbomError(Path report) {
        return catchThrowableOfType(EvidenceException.class,
                () -> inputs().sbom(report).evaluate(sbomOnly("critical", "high")));
    }

    @Test
    void aSarifLevelThatIsNotAStringMakesTheLogUnreadableAtItsPointer() throws Exception {
        Path report = write("array.sarif", sarifWithResult("{\"ruleId\":\"r\",\"level\":[\"error\"]}"));
        assertThat(sarifError(report)).isNotNull().hasMessage(report
                + ": /runs/0/results/1/level: expected one of error, warning, note, none, found an array");
    }

    @Test
    void aSarifLevelWeDoNotKnowCountsAsAnErrorNeverAsNone() throws Exception {
        Path report = write("upper.sarif", sarifWithResult("{\"ruleId\":\"r\",\"level\":\"ERROR\",\"locations\":[{"
                + "\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"src/A.java\"},\"region\":{\"startLine\":3}}}]}"));
        EvidenceResult result = inputs().sarif(report).changed("src/A.java").evaluate(sarifOnly(Map.of("error", 0)));
        assertThat(result.passed()).isFalse();
        assertThat(check(result, "staticAnalysis").metrics().get("newResults"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("error", 1);
    }

    @Test
    void aRuleDefaultLevelThatIsNotAStringIsUnreadable() throws Exception {
        Path report = write("rule.sarif", "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"x\",\"rules\":"
                + "[{\"id\":\"r\",\"defaultConfiguration\":{\"level\":7}}]}},\"results\":[]}]}");
        assertThat(sarifError(report)).isNotNull().hasMessageContaining(
                "/runs/0/tool/driver/rules/0/defaultConfiguration/level: expected one of error, warning, note, none, found a number");
    }

    @Test
    void trailingGarbageAfterTheSarifLogIsUnreadable() throws Exception {
        Path garbage = write("garbage.sarif", sarifWithResult("{\"ruleId\":\"r\",\"level\":\"error\"}") + " trailing");
        assertThat(sarifError(garbage)).isNotNull().hasMessageStartingWith(garbage + ":1:");
        Path second = write("second.sarif", "{\"version\":\"2.1.0\",\"runs\":[]} {\"version\":\"2.1.0\",\"runs\":[]}");
        assertThat(sarifError(second)).isNotNull().hasMessageContaining("trailing content after the SARIF log");
    }

    @Test
    void cycloneDxVulnerabilitiesAsAnObjectIsUnreadable() throws Exception {
        Path report = write("obj.cdx.json", "{\"bomFormat\":\"CycloneDX\",\"vulnerabilities\":{\"id\":\"CVE-1\","
                + "\"ratings\":[{\"severity\":\"critical\"}]}}");
        assertThat(sbomError(report)).isNotNull().hasMessage(report + ": /vulnerabilities: expected an array, found an object");
    }

    @Test
    void cycloneDxComponentsAsAStringIsUnreadable() throws Exception {
        Path report = write("str.cdx.json", "{\"bomFormat\":\"CycloneDX\",\"components\":\"x\"}");
        assertThat(sbomError(report)).isNotNull().hasMessage(report + ": /components: expected an array, found a string");
        Path nested = write("nested.cdx.json", "{\"bomFormat\":\"CycloneDX\",\"components\":[{\"name\":\"a\",\"components\":7}]}");
        assertThat(sbomError(nested)).isNotNull().hasMessage(nested + ": /components/0/components: expected an array, found a number");
    }

    @Test
    void cycloneDxWithTrailingGarbageIsUnreadable() throws Exception {
        Path report = write("trail.cdx.json", "{\"bomFormat\":\"CycloneDX\",\"vulnerabilities\":[]} {\"x\":1}");
        assertThat(sbomError(report)).isNotNull().hasMessageStartingWith(report + ":1:").hasMessageContaining("malformed JSON");
    }

    @Test
    void aCycloneDxSeverityWeDoNotKnowCountsAsCritical() throws Exception {
        Path report = write("sev.cdx.json", "{\"bomFormat\":\"CycloneDX\",\"vulnerabilities\":[{\"id\":\"CVE-1\","
                + "\"ratings\":[{\"severity\":\"catastrophic\"}]}]}");
        EvidenceResult result = inputs().sbom(report).evaluate(sbomOnly("critical"));
        assertThat(result.passed()).isFalse();
        Path wrongType = write("sevtype.cdx.json", "{\"bomFormat\":\"CycloneDX\",\"vulnerabilities\":[{\"id\":\"CVE-1\","
                + "\"ratings\":[{\"severity\":[\"high\"]}]}]}");
        assertThat(sbomError(wrongType)).isNotNull().hasMessageContaining("/vulnerabilities/0/ratings/0/severity: expected one of");
    }
}
