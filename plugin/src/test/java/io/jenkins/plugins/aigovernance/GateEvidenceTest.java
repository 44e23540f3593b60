package io.jenkins.plugins.aigovernance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigov.provenance.TestRepo;
import hudson.AbortException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate's coverage, SARIF and SBOM patterns and the secret scan, read from the workspace as the agent does. */
class GateEvidenceTest {
    private static final String POLICY = """
            version: 1
            rules:
              - when: {aiAttributed: true}
                require: {approvals: 1}
            evidence:
              coverage: {minLine: 0.80, scope: changed-files}
              secrets: {scanAddedLines: true}
            """;

    @TempDir
    Path tmp;

    private TestScope scope;
    private TestStepContext context;

    private AiGovernanceGateStep.Execution gate(String name, String coveragePattern, String addedLine) throws Exception {
        scope = new TestScope(name, tmp);
        scope.policyYaml = POLICY;
        scope.repository = tmp.resolve("repo-" + name);
        TestRepo repo = TestRepo.init(scope.repository);
        repo.commit().file("README.md", "hi\n").message("initial").create();
        repo.git("tag", "base");
        repo.commit().file("src/App.java", "class App {\n  int a;\n  int b;\n  " + addedLine + "\n}\n")
                .message("Add app\n\nCo-authored-by: Claude <noreply@anthropic.com>\n").create();
        Files.createDirectories(scope.repository.resolve("build"));
        Files.writeString(scope.repository.resolve("build/lcov.info"),
                "TN:\nSF:src/App.java\nDA:1,1\nDA:2,0\nDA:3,0\nDA:4,0\nend_of_record\n", StandardCharsets.UTF_8);
        context = new TestStepContext(name);
        AiGovernanceGateStep step = new AiGovernanceGateStep();
        step.setRange("base..HEAD");
        step.setCoverage(coveragePattern);
        return new AiGovernanceGateStep.Execution(step, context, scope.factory());
    }

    @Test
    void lowCoverageOfTheChangedFileFailsTheGateAndTheReportIsKeptWithTheBuild() throws Exception {
        gate("coverage", "build/*.info", "int c;").evaluate();
        assertThat(context.state().failure).isInstanceOf(AbortException.class)
                .hasMessageContaining("COVERAGE_BELOW_MIN");
        assertThat(scope.buildDir.resolve("ai-governance/evidence/coverage/0-lcov.info")).exists();
    }

    @Test
    void aSecretInAnAddedLineFailsTheGateWithoutPrintingIt() throws Exception {
        String key = "AKIA" + "QWERTYUIOPASDFGH";
        gate("secret", "build/*.info", "String k = \"" + key + "\";").evaluate();
        assertThat(context.state().failure).isInstanceOf(AbortException.class).hasMessageContaining("SECRET_IN_DIFF")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(key));
        assertThat(scope.console()).doesNotContain(key);
        assertThat(Files.readString(BuildLedger.file(scope.buildDir))).doesNotContain(key);
    }

    @Test
    void aSecretAddedInOneCommitAndRemovedInTheNextStillFailsTheGateNamingTheCommitWithoutPrintingIt() throws Exception {
        String key = "AKIA" + "ZXCVBNMLKJHGFDSA";
        scope = new TestScope("history", tmp);
        scope.policyYaml = POLICY;
        scope.repository = tmp.resolve("repo-history");
        TestRepo repo = TestRepo.init(scope.repository);
        repo.commit().file("README.md", "hi\n").message("initial").create();
        repo.git("tag", "base");
        String added = repo.commit().file("src/App.java", "class App {\n  String k = \"" + key + "\";\n}\n")
                .message("Add app\n\nCo-authored-by: Claude <noreply@anthropic.com>\n").create();
        repo.commit().file("src/App.java", "class App {\n}\n")
                .message("Drop the key\n\nCo-authored-by: Claude <noreply@anthropic.com>\n").create();
        Files.createDirectories(scope.repository.resolve("build"));
        Files.writeString(scope.repository.resolve("build/lcov.info"),
                "TN:\nSF:src/App.java\nDA:1,1\nend_of_record\n", StandardCharsets.UTF_8);
        context = new TestStepContext("history");
        AiGovernanceGateStep step = new AiGovernanceGateStep();
        step.setRange("base..HEAD");
        step.setCoverage("build/*.info");
        new AiGovernanceGateStep.Execution(step, context, scope.factory()).evaluate();

        assertThat(context.state().failure).as("the net diff holds no key; the first commit does")
                .isInstanceOf(AbortException.class).hasMessageContaining("SECRET_IN_DIFF")
                .hasMessageContaining(added.substring(0, 7))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(key));
        assertThat(scope.console()).doesNotContain(key);
        assertThat(Files.readString(BuildLedger.file(scope.buildDir))).doesNotContain(key);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theGatesLedgerEventCarriesEachReportsDigestAndTheStepReturnsTheClisDecisionDocument() throws Exception {
        gate("digest", "build/*.info", "int c;").evaluate();
        byte[] report = Files.readAllBytes(scope.buildDir.resolve("ai-governance/evidence/coverage/0-lcov.info"));
        String sha256 = java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(report));
        String gateEvent = Files.readAllLines(BuildLedger.file(scope.buildDir)).stream()
                .filter(line -> line.contains("gate.evaluated")).findFirst().orElseThrow();
        assertThat(gateEvent).contains("\"check\":\"coverage\"").contains(sha256);

        java.util.Map<String, Object> map = AiGovernanceGateStep.Execution.decisionMap(
                AiGovernanceGateStep.Execution.decide(dev.aigov.policy.PolicyLoader.parse(POLICY, "p.yaml"),
                        scope.changes("base..HEAD", "", java.util.Map.of("coverage", "build/*.info")), scope.buildDir));
        assertThat(map).containsOnlyKeys("decision", "categories", "aiAttributedCommits", "commitsReviewed", "reasons",
                "approval", "evidence", "categoryPaths");
        assertThat((java.util.Map<String, Object>) map.get("evidence")).containsKey("coverage");
        assertThat(Serialization.bytes(map)).as("Pipeline can persist it").isNotEmpty();
    }

    @Test
    void theGatesLedgerEventNamesThePolicyByDigestAndTheRepositoryByItsWebAddress() throws Exception {
        AiGovernanceGateStep.Execution execution = gate("context", "build/*.info", "int c;");
        scope.environment.put("GIT_URL", "git@github.com:shop/order-service.git");
        execution.evaluate();

        com.fasterxml.jackson.databind.JsonNode data = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                Files.readAllLines(BuildLedger.file(scope.buildDir)).stream()
                        .filter(line -> line.contains("gate.evaluated")).findFirst().orElseThrow()).findValue("data");
        String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(POLICY.getBytes(StandardCharsets.UTF_8)));
        assertThat(data.get("policy").get("digest").asText()).isEqualTo("sha256:" + sha256);
        assertThat(data.get("policy").get("source").asText()).isEqualTo("test-policy.yaml");
        assertThat(data.get("repositoryUrl").asText()).isEqualTo("https://github.com/shop/order-service");
    }

    @Test
    void theCommitsPatchesTravelOnlyWhenASecretScanNeedsThem() throws Exception {
        gate("patches", "build/*.info", "int c;");
        assertThat(scope.changes("base..HEAD", "", java.util.Map.of(), false).patches()).isNull();
        assertThat(scope.changes("base..HEAD", "", java.util.Map.of(), true).patches()).contains("+  int c;");
        assertThat(AiGovernanceGateStep.Execution.scansSecrets(dev.aigov.policy.PolicyLoader.parse(POLICY, "p.yaml")))
                .isTrue();
        assertThat(AiGovernanceGateStep.Execution.scansSecrets(dev.aigov.policy.PolicyLoader.parse(
                "version: 1\nevidence:\n  secrets: {scanAddedLines: false}\n", "p.yaml"))).isFalse();
    }

    @Test
    void aPatternThatMatchesNothingIsAnError() throws Exception {
        AiGovernanceGateStep.Execution gate = gate("nomatch", "target/jacoco.xml", "int c;");
        assertThatThrownBy(gate::evaluate).isInstanceOf(AbortException.class)
                .hasMessageContaining("coverage pattern 'target/jacoco.xml' matches no file");
    }

    @Test
    void withoutAPatternTheWorkspacesOwnReportsAreDiscoveredUsedAndNamedInTheConsole() throws Exception {
        gate("discovered", "", "int c;").evaluate();
        assertThat(context.state().failure).isInstanceOf(AbortException.class)
                .hasMessageContaining("COVERAGE_BELOW_MIN").hasMessageNotContaining("EVIDENCE_MISSING");
        assertThat(scope.console()).contains("[ai-governance] evidence coverage: build/lcov.info (discovered)",
                "[ai-governance] evidence sarif: none found (looked for *.sarif, *.sarif.json)");
        assertThat(scope.buildDir.resolve("ai-governance/evidence/coverage/0-lcov.info")).exists();
    }
}
