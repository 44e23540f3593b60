package io.jenkins.plugins.aigovernance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigov.ledger.LedgerKey;
import dev.aigov.ledger.LedgerVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the build page's record adds for intent and reversibility: the kept prompt, linked, and the archived artifacts. */
class BuildIntentRecordTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void archivedArtifactsAreRecordedBeforeTheSealAndTheKeptPromptIsLinked() throws Exception {
        TestScope scope = new TestScope("intent-record", tmp);
        scope.workspace = Files.createDirectories(tmp.resolve("workspace"));
        Files.writeString(scope.workspace.resolve("prompt.md"), "Add a health endpoint.\n");
        WithAgentIdentityStep step = new WithAgentIdentityStep("agent");
        step.setAgent("claude-code");
        step.setPromptFile("prompt.md");
        TestStepContext context = new TestStepContext("intent-record-id");
        new WithAgentIdentityStep.Execution(step, context, scope.factory()).issueAndStartBody();
        ((WithAgentIdentityStep.Execution.Revoke) context.state().bodyCallback).finished(context);
        Path archive = Files.createDirectories(scope.buildDir.resolve("archive").resolve("target"));
        Files.writeString(archive.resolve("shop.jar"), "jar bytes");

        assertThat(BuildLedger.seal(scope.buildDir, scope.home)).isTrue();

        Path ledger = BuildLedger.file(scope.buildDir);
        LedgerKey key = LedgerKey.load(BuildLedger.keyFile(scope.home), SecretKeyProtection.INSTANCE);
        assertThat(LedgerVerifier.verify(ledger, key.publicKey()).state()).isEqualTo("INTACT_SEALED");
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(ledger)) {
            events.add(JSON.readTree(line));
        }
        JsonNode artifact = events.get(events.size() - 2);
        assertThat(artifact.get("type").asText()).isEqualTo("artifact.recorded");
        assertThat(artifact.get("data").get("name").asText()).isEqualTo("target/shop.jar");
        assertThat(artifact.get("data").get("sha256").asText()).isEqualTo(sha256("jar bytes"));

        String sha = sha256("Add a health endpoint.\n");
        String html = BuildLedger.reportHtml(scope.buildDir, scope.home);
        assertThat(html).contains("<a href=\"prompt?sha256=" + sha + "\">", "Reverting this change", "target/shop.jar");
        assertThat(BuildLedger.prompt(scope.buildDir, sha)).hasValueSatisfying(p -> assertThat(p).hasContent("Add a health endpoint.\n"));
        assertThat(BuildLedger.prompt(scope.buildDir, "../ledger")).isEmpty();
        assertThat(BuildLedger.prompt(scope.buildDir, "0".repeat(64))).isEmpty();
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
