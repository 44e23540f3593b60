package dev.aigov.evidence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EvidenceDiscoveryTest {
    @TempDir
    Path repo;

    private Path touch(String path) throws Exception {
        Path file = repo.resolve(path);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "{}\n");
    }

    private List<String> relative(List<Path> files) {
        return files.stream().map(f -> repo.relativize(f).toString()).toList();
    }

    @Test
    void findsTheStandardReportLocationsOfMavenGradlePythonAndJavaScriptBuilds() throws Exception {
        touch("target/site/jacoco/jacoco.xml");
        touch("service/target/site/jacoco-aggregate/jacoco.xml");
        touch("app/build/reports/jacoco/test/jacocoTestReport.xml");
        touch("coverage.xml");
        touch("web/coverage/lcov.info");
        touch("build/reports/spotbugs.sarif");
        touch("semgrep.sarif.json");
        touch("target/bom.json");
        touch("web/sbom.cdx.json");
        touch("target/site/jacoco/index.html");
        touch("target/classes/application.xml");

        Map<String, List<Path>> found = EvidenceDiscovery.discover(repo);

        assertThat(found).containsOnlyKeys("coverage", "sarif", "sbom");
        assertThat(relative(found.get("coverage"))).containsExactly("app/build/reports/jacoco/test/jacocoTestReport.xml",
                "coverage.xml", "service/target/site/jacoco-aggregate/jacoco.xml", "target/site/jacoco/jacoco.xml",
                "web/coverage/lcov.info");
        assertThat(relative(found.get("sarif"))).containsExactly("build/reports/spotbugs.sarif", "semgrep.sarif.json");
        assertThat(relative(found.get("sbom"))).containsExactly("target/bom.json", "web/sbom.cdx.json");
    }

    @Test
    void neverLooksInGitVendoredTreesOrTestFixturesNorBelowTheDepthBound() throws Exception {
        touch(".git/lcov.info");
        touch("node_modules/left-pad/coverage/lcov.info");
        touch("vendor/github.com/x/y/scan.sarif");
        touch("third_party/lib/bom.json");
        touch("src/test/resources/evidence/hostile.sarif");
        touch("core/src/test/resources/bom.json");
        touch("pkg/testdata/coverage.xml");
        touch("a/b/c/d/e/f/g/h/i/j/deep.sarif");
        touch("a/b/c/d/e/f/g/shallow.sarif");

        Map<String, List<Path>> found = EvidenceDiscovery.discover(repo);

        assertThat(found.get("coverage")).isEmpty();
        assertThat(found.get("sbom")).isEmpty();
        assertThat(relative(found.get("sarif"))).containsExactly("a/b/c/d/e/f/g/shallow.sarif");
    }

    @Test
    void aDirectoryWithoutReportsYieldsEveryKindEmpty() {
        assertThat(EvidenceDiscovery.discover(repo)).containsOnlyKeys("coverage", "sarif", "sbom")
                .allSatisfy((kind, files) -> assertThat(files).isEmpty());
        assertThat(EvidenceDiscovery.discover(repo.resolve("missing")).get("sarif")).isEmpty();
    }

    @Test
    void kindOfClassifiesWorkspacePaths() {
        assertThat(EvidenceDiscovery.kindOf("target/site/jacoco/jacoco.xml")).isEqualTo("coverage");
        assertThat(EvidenceDiscovery.kindOf("lcov.info")).isEqualTo("coverage");
        assertThat(EvidenceDiscovery.kindOf("pom.xml")).isNull();
        assertThat(EvidenceDiscovery.kindOf("out/x.SARIF")).isEqualTo("sarif");
        assertThat(EvidenceDiscovery.kindOf("bom.json")).isEqualTo("sbom");
        assertThat(EvidenceDiscovery.skipped("node_modules/a/lcov.info")).isTrue();
        assertThat(EvidenceDiscovery.skipped("target/bom.json")).isFalse();
    }
}
