package io.jenkins.plugins.aigovernance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigov.ledger.LedgerKey;
import dev.aigov.ledger.LedgerVerifier;
import dev.aigov.provenance.TestRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One build as the plugin records it: the gate pauses, a reviewer is refused and another approves, the deploy
 * identity is issued and revoked, the build ends and the ledger is sealed; the build page renders that ledger.
 */
class BuildRecordTest {
    private static final String POLICY = """
            version: 1
            rules:
              - when: {aiAttributed: true}
                require: {approvals: 1}
            identities:
              deploy: {provider: jwt, audience: "https://deploy.example", ttl: 10m, requiresApproval: true}
            evidence: {}
            """;

    @TempDir
    Path tmp;

    @Test
    void theBuildPageRendersTheSealedLedgerOfAWholeBuild() throws Exception {
        TestScope scope = new TestScope("record", tmp);
        scope.policyYaml = POLICY;
        scope.repository = tmp.resolve("repo");
        TestRepo repo = TestRepo.init(scope.repository);
        repo.commit().file("README.md", "hi\n").message("initial").create();
        repo.git("tag", "base");
        scope.environment.put("GIT_PREVIOUS_SUCCESSFUL_COMMIT", repo.head());
        repo.commit().file("src/App.java", "class App {}\n")
                .message("Add app\n\nCo-authored-by: Claude <noreply@anthropic.com>\n").create();

        AiGovernanceGateStep gateStep = new AiGovernanceGateStep();
        gateStep.setRange("base..HEAD");
        TestStepContext gateContext = new TestStepContext("record-gate");
        new AiGovernanceGateStep.Execution(gateStep, gateContext, scope.factory()).evaluate();
        try {
            scope.action.approve("ada@example.com", Set.of(), false);
        } catch (PendingApproval.Refused expected) {
            // the author: refused, and on the record
        }
        scope.action.approve("sam", Set.of(), false);
        assertThat(gateContext.state().success).isNotNull();

        TestStepContext idContext = new TestStepContext("record-id");
        WithAgentIdentityStep step = new WithAgentIdentityStep("deploy");
        step.setAgent("claude-code");
        new WithAgentIdentityStep.Execution(step, idContext, scope.factory()).issueAndStartBody();
        ((WithAgentIdentityStep.Execution.Revoke) idContext.state().bodyCallback).finished(idContext);
        String token = scope.provider.onlyToken();

        assertThat(BuildLedger.seal(scope.buildDir, scope.home)).isTrue();
        assertThat(BuildLedger.seal(scope.buildDir, scope.home)).as("once").isFalse();
        Path ledger = BuildLedger.file(scope.buildDir);
        LedgerKey key = LedgerKey.load(BuildLedger.keyFile(scope.home), SecretKeyProtection.INSTANCE);
        assertThat(LedgerVerifier.verify(ledger, key.publicKey()).state()).isEqualTo("INTACT_SEALED");
        assertThat(Files.readString(ledger, StandardCharsets.UTF_8)).doesNotContain(token)
                .contains("gate.evaluated").contains("approval.refused").contains("approval.granted")
                .contains("credential.issued").contains("credential.revoked").contains("agent.declared");

        String html = BuildLedger.reportHtml(scope.buildDir, scope.home);
        assertThat(html).contains("INTACT_SEALED").contains("APPROVAL_REQUIRED").contains("sam").contains("deploy")
                .doesNotContain(token).doesNotContain("<script");
        String base = repo.git("rev-parse", "base").strip();
        assertThat(html).as("the way back: the range's base").contains("Reverting this change")
                .contains("git revert --no-edit " + base + ".." + repo.head());

        // Someone edits the record afterwards: the page says so.
        List<String> lines = Files.readAllLines(ledger);
        int granted = 0;
        while (!lines.get(granted).contains("approval.granted")) {
            granted++;
        }
        lines.set(granted, lines.get(granted).replace("\"sam\"", "\"mallory\""));
        assertThat(lines.get(granted)).contains("mallory");
        Files.write(ledger, lines);
        assertThat(BuildLedger.reportHtml(scope.buildDir, scope.home)).doesNotContain("INTACT_SEALED");
    }
}
