package io.jenkins.plugins.aigovernance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigov.ledger.LedgerVerifier;
import dev.aigov.ledger.VerificationResult;
import hudson.AbortException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code withAgentIdentity(agent:, model:, promptFile:)}: the prompt on the build's record, never with a secret. */
class WithAgentIdentityPromptTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A GitHub token's shape, built at run time so that no scanner flags this source file. */
    private static final String PLANTED = "ghp_" + "A1b2C3d4E5f6G7h8I9j0" + "K1l2M3n4O5p6Q7r8";

    @TempDir
    Path tmp;

    private TestScope scope;
    private TestStepContext context;

    private WithAgentIdentityStep.Execution execution(String name, String prompt) throws Exception {
        scope = new TestScope(name, tmp);
        scope.workspace = Files.createDirectories(tmp.resolve("workspace"));
        Files.writeString(scope.workspace.resolve("prompt.md"), prompt);
        context = new TestStepContext(name);
        WithAgentIdentityStep step = new WithAgentIdentityStep("agent");
        step.setAgent("claude-code");
        step.setModel("claude-opus-4-5");
        step.setPromptFile(" prompt.md ");
        assertThat(step.getPromptFile()).isEqualTo("prompt.md");
        return new WithAgentIdentityStep.Execution(step, context, scope.factory());
    }

    @Test
    void promptIsRecordedByDigestKeptWithTheBuildAndNamedByTheCredential() throws Exception {
        String text = "Add a health endpoint to the service.\n";
        WithAgentIdentityStep.Execution execution = execution("prompt-ok", text);
        // As Pipeline keeps it in program.dat: the execution, with the prompt's file name, survives a restart.
        execution = (WithAgentIdentityStep.Execution) Serialization.read(Serialization.bytes(execution))[0];

        execution.issueAndStartBody();
        ((WithAgentIdentityStep.Execution.Revoke) context.state().bodyCallback).finished(context);

        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        List<JsonNode> events = events();
        assertThat(events).extracting(e -> e.get("type").asText())
                .containsExactly("agent.declared", "credential.issued", "credential.revoked");
        JsonNode declared = events.get(0).get("data");
        assertThat(declared.get("promptDigest").asText()).isEqualTo("sha256:" + sha);
        assertThat(declared.get("promptSize").asLong()).isEqualTo(text.length());
        assertThat(declared.get("promptFile").asText()).isEqualTo("prompts/" + sha + ".txt");
        assertThat(BuildLedger.file(scope.buildDir).resolveSibling("prompts").resolve(sha + ".txt")).hasContent(text);
        JsonNode issued = events.get(1).get("data");
        assertThat(issued.get("agent").asText()).isEqualTo("claude-code");
        assertThat(issued.get("model").asText()).isEqualTo("claude-opus-4-5");
        assertThat(issued.get("promptDigest").asText()).isEqualTo("sha256:" + sha);
        assertThat(LedgerVerifier.verify(BuildLedger.file(scope.buildDir), null))
                .isInstanceOf(VerificationResult.Unsealed.class);
    }

    @Test
    void promptHoldingASecretFailsTheStepBeforeAnythingIsIssued() throws Exception {
        WithAgentIdentityStep.Execution execution = execution("prompt-secret", "Deploy.\ntoken " + PLANTED + "\n");

        assertThatThrownBy(execution::issueAndStartBody).isInstanceOf(AbortException.class)
                .hasMessageContaining("holds a secret").hasMessageContaining("github-token")
                .hasMessageNotContaining(PLANTED);

        assertThat(context.state().bodyStarted).as("the body never ran").isFalse();
        assertThat(scope.provider.live()).as("nothing was issued").isEmpty();
        assertThat(BuildLedger.file(scope.buildDir).resolveSibling("prompts")).doesNotExist();
        List<JsonNode> events = events();
        assertThat(events).extracting(e -> e.get("type").asText()).containsExactly("agent.prompt-refused");
        assertThat(events.get(0).get("data").get("secretKinds").toString()).isEqualTo("[\"github-token\"]");
        assertThat(Files.readString(BuildLedger.file(scope.buildDir))).doesNotContain(PLANTED);
        assertThat(LedgerVerifier.verify(BuildLedger.file(scope.buildDir), null))
                .isInstanceOf(VerificationResult.Unsealed.class);
    }

    private List<JsonNode> events() throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(BuildLedger.file(scope.buildDir))) {
            events.add(JSON.readTree(line));
        }
        return events;
    }
}
