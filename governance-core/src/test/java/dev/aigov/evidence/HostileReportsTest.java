package dev.aigov.evidence;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.aigov.evidence.Fixtures.check;
import static dev.aigov.evidence.Fixtures.coverageOnly;
import static dev.aigov.evidence.Fixtures.inputs;
import static dev.aigov.evidence.Fixtures.sarifOnly;
import static dev.aigov.evidence.Fixtures.sbomOnly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class HostileReportsTest {
    static final String SENTINEL = "SENTINEL-7f3a9c-do-not-leak";

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    private EvidenceException coverageError(Path file) {
        return catchThrowableOfType(EvidenceException.class,
                () -> inputs().coverage(file).changed("src/A.java").evaluate(coverageOnly(0.8, "changed-files")));
    }

    // ---- XXE ----

    @Test
    void externalEntityInJacocoIsRefusedAndTheFileIsNeverRead() throws Exception {
        Path sentinel = write("sentinel.txt", SENTINEL);
        Path report = write("xxe-jacoco.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE report [<!ENTITY xxe SYSTEM "%s">]>
                <report name="x"><package name="&xxe;"><sourcefile name="A.java">
                <counter type="LINE" missed="0" covered="10"/></sourcefile></package></report>
                """.formatted(sentinel.toUri()));
        EvidenceException e = coverageError(report);
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).startsWith(report + ":3:").contains("xxe").doesNotContain(SENTINEL);
    }

    @Test
    void externalEntityInCoberturaTextIsRefused() throws Exception {
        Path sentinel = write("sentinel.txt", SENTINEL);
        Path report = write("xxe-cobertura.xml", """
                <?xml version="1.0"?>
                <!DOCTYPE coverage [<!ENTITY xxe SYSTEM "%s">]>
                <coverage><sources><source>&xxe;</source></sources><packages/></coverage>
                """.formatted(sentinel.toUri()));
        EvidenceException e = coverageError(report);
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).startsWith(report + ":3:").contains("xxe").doesNotContain(SENTINEL);
    }

    @Test
    void parameterEntityAndExternalDtdAreIgnoredNotLoaded() throws Exception {
        Path sentinel = write("sentinel.txt", SENTINEL);
        Path report = write("xxe-param.xml", """
                <?xml version="1.0"?>
                <!DOCTYPE report SYSTEM "%1$s" [<!ENTITY %% p SYSTEM "%1$s"> %%p;]>
                <report name="x"><package name="src"><sourcefile name="A.java">
                <counter type="LINE" missed="5" covered="5"/></sourcefile></package></report>
                """.formatted(sentinel.toUri()));
        EvidenceResult result = inputs().coverage(report).changed("src/A.java").evaluate(coverageOnly(0.8, "changed-files"));
        assertThat(check(result, "coverage").metrics().get("changedFilesLineCoverage")).isEqualTo(0.5);
        assertThat(new ObjectMapper().writeValueAsString(result)).doesNotContain(SENTINEL);
    }

    // ---- malformed ----

    @Test
    void malformedXmlNamesFileLineAndColumn() throws Exception {
        Path report = write("broken.xml", "<?xml version=\"1.0\"?>\n<report name=\"x\">\n  <package name=\"a\">\n"
                + "    <sourcefile name=\"A.java\"></package>\n</report>\n");
        EvidenceException e = coverageError(report);
        assertThat(e.file()).isEqualTo(report.toString());
        assertThat(e.line()).isEqualTo(4);
        assertThat(e.column()).isPositive();
        assertThat(e.getMessage()).startsWith(report + ":4:").contains("malformed XML");
    }

    @Test
    void nonNumericCounterNamesItsPosition() throws Exception {
        Path report = write("nan.xml", "<report name=\"x\"><package name=\"a\"><sourcefile name=\"A.java\">\n"
                + "<counter type=\"LINE\" missed=\"lots\" covered=\"1\"/></sourcefile></package></report>");
        assertThat(coverageError(report).getMessage()).startsWith(report + ":2:").contains("missed").contains("lots");
    }

    @Test
    void malformedLcovNamesTheLine() throws Exception {
        Path report = write("bad.info", "TN:\nSF:/ws/src/A.java\nDA:1,1\nDA:2,many\nend_of_record\n");
        assertThat(coverageError(report).getMessage()).startsWith(report + ":4:1:").contains("many");
    }

    @Test
    void unknownCoverageFormatIsRefused() throws Exception {
        Path report = write("notes.txt", "coverage was great\n");
        assertThat(coverageError(report).getMessage()).contains("not a coverage report");
        Path html = write("index.xml", "<html><body/></html>");
        assertThat(coverageError(html).getMessage()).contains("<html>");
    }

    @Test
    void missingReportFileIsAnError() {
        assertThat(coverageError(dir.resolve("nope.xml")).getMessage()).contains("nope.xml").contains("not found");
    }

    @Test
    void malformedSarifNamesFileLineAndColumn() throws Exception {
        Path report = write("bad.sarif", "{\n  \"version\": \"2.1.0\",\n  \"runs\": [ { \"results\": [ {\"ruleId\": } ] } ]\n}");
        EvidenceException e = catchThrowableOfType(EvidenceException.class,
                () -> inputs().sarif(report).evaluate(sarifOnly(Map.of("error", 0))));
        assertThat(e.getMessage()).startsWith(report + ":3:").contains("malformed JSON");
    }

    @Test
    void sarifOfAnotherVersionIsRefused() throws Exception {
        Path report = write("old.sarif", "{\"version\": \"1.0.0\", \"runs\": []}");
        EvidenceException e = catchThrowableOfType(EvidenceException.class,
                () -> inputs().sarif(report).evaluate(sarifOnly(Map.of("error", 0))));
        assertThat(e.getMessage()).startsWith(report + ":1:").contains("2.1.0");
    }

    @Test
    void malformedCycloneDxNamesPosition() throws Exception {
        Path report = write("bad.cdx.json", "{\"bomFormat\": \"CycloneDX\",\n\"vulnerabilities\": [ {\"id\": \"x\" ]}");
        EvidenceException e = catchThrowableOfType(EvidenceException.class,
                () -> inputs().sbom(report).evaluate(sbomOnly("critical")));
        assertThat(e.getMessage()).startsWith(report + ":2:");
    }

    // ---- huge ----

    @Test
    void hugeJacocoReportIsStreamed() throws Exception {
        Path report = dir.resolve("huge-jacoco.xml");
        int packages = 2_000;
        int filesPerPackage = 100;
        try (BufferedWriter w = Files.newBufferedWriter(report)) {
            w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<report name=\"huge\">\n");
            for (int p = 0; p < packages; p++) {
                w.write("<package name=\"org/huge/p" + p + "\">\n");
                for (int f = 0; f < filesPerPackage; f++) {
                    w.write("<sourcefile name=\"F" + f + ".java\"><line nr=\"1\" mi=\"0\" ci=\"3\" mb=\"0\" cb=\"0\"/>"
                            + "<counter type=\"INSTRUCTION\" missed=\"1\" covered=\"3\"/>"
                            + "<counter type=\"LINE\" missed=\"1\" covered=\"3\"/></sourcefile>\n");
                }
                w.write("<counter type=\"LINE\" missed=\"" + filesPerPackage + "\" covered=\"" + 3 * filesPerPackage
                        + "\"/></package>\n");
            }
            w.write("</report>\n");
        }
        assertThat(Files.size(report)).isGreaterThan(32L * 1024 * 1024);
        EvidenceResult result = inputs().coverage(report).changed("core/src/main/java/org/huge/p1999/F99.java")
                .evaluate(coverageOnly(0.8, "changed-files"));
        CheckSummary summary = check(result, "coverage");
        assertThat(summary.metrics().get("overallLines")).isEqualTo(4L * packages * filesPerPackage);
        assertThat(summary.metrics().get("changedFilesLineCoverage")).isEqualTo(0.75);
        assertThat(result.reasons()).extracting(r -> r.code()).containsExactly("COVERAGE_BELOW_MIN");
    }

    @Test
    void hugeSarifIsStreamed() throws Exception {
        Path report = dir.resolve("huge.sarif");
        int results = 150_000;
        try (BufferedWriter w = Files.newBufferedWriter(report)) {
            w.write("{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"x\",\"rules\":[{\"id\":\"r\","
                    + "\"defaultConfiguration\":{\"level\":\"note\"}}]}},\"results\":[");
            for (int i = 0; i < results; i++) {
                w.write((i == 0 ? "" : ",") + "{\"ruleId\":\"r\",\"message\":{\"text\":\"" + "m".repeat(200) + "\"},"
                        + "\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"src/F" + (i % 1000)
                        + ".java\"},\"region\":{\"startLine\":" + i + "}}}]}");
            }
            w.write("]}]}");
        }
        EvidenceResult result = inputs().sarif(report).changed("src/F7.java").evaluate(sarifOnly(Map.of("note", 100)));
        CheckSummary summary = check(result, "staticAnalysis");
        assertThat(summary.metrics().get("results")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("note", results);
        assertThat(summary.metrics().get("newResults")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("note", results / 1000);
        assertThat(result.reasons()).singleElement().satisfies(r -> assertThat(r.message()).contains("and 145 more"));
    }

    @Test
    void cycloneDxOverTheSizeCapIsRefusedUnread() throws Exception {
        Path report = dir.resolve("huge.cdx.json");
        try (RandomAccessFile f = new RandomAccessFile(report.toFile(), "rw")) {
            f.setLength(Reports.MAX_TREE_JSON_BYTES + 1); // sparse: costs no disk
        }
        EvidenceException e = catchThrowableOfType(EvidenceException.class,
                () -> inputs().sbom(report).evaluate(sbomOnly("critical")));
        assertThat(e.getMessage()).contains(report.toString()).contains("exceeds the cap");
    }
}
