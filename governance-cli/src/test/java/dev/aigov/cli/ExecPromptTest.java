package dev.aigov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigov.provenance.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code aigov exec --agent --model --prompt-file}: the prompt on the record, kept beside the ledger, never with a secret. */
class ExecPromptTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A GitHub token's shape, built at run time so that no scanner flags this source file. */
    private static final String PLANTED = "ghp_" + "A1b2C3d4E5f6G7h8I9j0" + "K1l2M3n4O5p6Q7r8";

    @TempDir
    Path tmp;

    @Test
    void declaredPromptIsRecordedByDigestAndSizeAndKeptBesideTheLedger() throws Exception {
        byte[] text = "Refactor the retry policy in src/Retry.java; keep the public API.\n".getBytes(StandardCharsets.UTF_8);
        Path prompt = Files.write(tmp.resolve("prompt.md"), text);
        Path ledger = tmp.resolve("out").resolve("build.ledger");
        Path ran = tmp.resolve("ran");

        CliRun exec = exec(ledger, prompt, "sh", "-c", "touch '" + ran + "'");

        assertThat(exec.exit()).as(exec.err()).isZero();
        assertThat(ran).exists();
        String sha = sha256(text);
        List<JsonNode> events = events(ledger);
        assertThat(events).extracting(e -> e.get("type").asText())
                .containsExactly("agent.declared", "credential.issued", "credential.revoked");
        JsonNode declared = events.get(0).get("data");
        assertThat(declared.get("agent").asText()).isEqualTo("claude-code");
        assertThat(declared.get("model").asText()).isEqualTo("claude-opus-4-5");
        assertThat(declared.get("promptDigest").asText()).isEqualTo("sha256:" + sha);
        assertThat(declared.get("promptSize").asLong()).isEqualTo(text.length);
        assertThat(declared.get("promptFile").asText()).isEqualTo("prompts/" + sha + ".txt");
        assertThat(ledger.resolveSibling("prompts").resolve(sha + ".txt")).hasBinaryContent(text);
        JsonNode issued = events.get(1).get("data");
        assertThat(issued.get("agent").asText()).isEqualTo("claude-code");
        assertThat(issued.get("model").asText()).isEqualTo("claude-opus-4-5");
        assertThat(issued.get("promptDigest").asText()).isEqualTo("sha256:" + sha);
        assertSealsAndVerifies(ledger);
        Path beside = ledger.resolveSibling("report.html");
        assertThat(CliRun.of("report", "--ledger", ledger.toString(), "--out", beside.toString(), "--public-key",
                pinned(tmp).toString()).exit()).isZero();
        assertThat(Files.readString(beside)).as("the page links the kept prompt")
                .contains("<a href=\"prompts/" + sha + ".txt\"><code>prompts/" + sha + ".txt</code></a> (" + text.length + " bytes)");
        Path elsewhere = tmp.resolve("site").resolve("report.html");
        assertThat(CliRun.of("report", "--ledger", ledger.toString(), "--out", elsewhere.toString(), "--public-key",
                pinned(tmp).toString()).exit()).isZero();
        assertThat(Files.readString(elsewhere)).contains("<a href=\"../out/prompts/" + sha + ".txt\">")
                .doesNotContain(tmp.toString());
    }

    @Test
    void promptHoldingASecretStopsTheCommandBeforeItStartsAndIsNeverKept() throws Exception {
        Path prompt = Files.writeString(tmp.resolve("prompt.md"),
                "Deploy the service.\nUse this token: " + PLANTED + "\n");
        Path ledger = tmp.resolve("out").resolve("build.ledger");
        Path ran = tmp.resolve("ran");

        CliRun exec = exec(ledger, prompt, "sh", "-c", "touch '" + ran + "'");

        assertThat(exec.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(exec.err()).contains("holds a secret", "github-token", "line 2").doesNotContain(PLANTED);
        assertThat(ran).as("the command never started").doesNotExist();
        assertThat(ledger.resolveSibling("prompts")).as("the prompt was not kept").doesNotExist();
        assertThat(tmp.resolve("leases")).as("no credential was issued").satisfiesAnyOf(
                p -> assertThat(p).doesNotExist(), p -> assertThat(Files.readString(p)).isEmpty());
        List<JsonNode> events = events(ledger);
        assertThat(events).extracting(e -> e.get("type").asText()).containsExactly("agent.prompt-refused");
        JsonNode refused = events.get(0).get("data");
        assertThat(refused.get("secretKinds").toString()).isEqualTo("[\"github-token\"]");
        assertThat(refused.get("lines").toString()).isEqualTo("[2]");
        assertThat(Files.readString(ledger)).doesNotContain(PLANTED).doesNotContain(PLANTED.substring(4))
                .doesNotContain(sha256(Files.readAllBytes(prompt)));
        assertSealsAndVerifies(ledger);
        Path html = tmp.resolve("report.html");
        assertThat(CliRun.of("report", "--ledger", ledger.toString(), "--out", html.toString(), "--public-key",
                pinned(tmp).toString()).exit()).isZero();
        assertThat(Files.readString(html)).contains("REFUSED", "github-token").doesNotContain(PLANTED);
    }

    @Test
    void agentWithoutPromptIsStillDeclared() throws Exception {
        Path ledger = tmp.resolve("build.ledger");

        CliRun exec = CliRun.of("exec", "--role", "agent", "--policy", policy().toString(), "--ledger", ledger.toString(),
                "--journal", tmp.resolve("leases").toString(), "--keys", tmp.resolve("keys").toString(),
                "--job", "shop", "--build", "7", "--agent", "aider", "--", "true");

        assertThat(exec.exit()).as(exec.err()).isZero();
        List<JsonNode> events = events(ledger);
        assertThat(events.get(0).get("type").asText()).isEqualTo("agent.declared");
        assertThat(events.get(0).get("data").get("agent").asText()).isEqualTo("aider");
        assertThat(events.get(0).get("data").has("promptSize")).isFalse();
        assertThat(events.get(1).get("data").get("agent").asText()).isEqualTo("aider");
    }

    @Test
    void credentialNamesTheApprovalRequestThatAuthorisedIt() throws Exception {
        TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        repo.commit().message("Initial import\n").file("README.md", "hi\n").create();
        repo.commit().message("Tune retry\n\nCo-authored-by: Claude <noreply@anthropic.com>\n")
                .author("Mallory", "mallory@example.com").file("src/Retry.java", "class Retry {}\n").create();
        Reviewers reviewers = Reviewers.create(tmp.resolve("trust"), "alice@example.org");
        Path policy = reviewers.policy(POLICY, java.util.Map.of());
        Path ledger = tmp.resolve("build.ledger");
        Path request = tmp.resolve("request.json");
        Path prompt = Files.writeString(tmp.resolve("prompt.md"), "Ship it.\n");
        assertThat(CliRun.of("gate", "--repo", repo.dir().toString(), "--policy", policy.toString(),
                "--ledger", ledger.toString(), "--request-out", request.toString(), "--job", "shop", "--build", "7").exit()).isEqualTo(10);
        CliRun approve = CliRun.of("approve", "--request", request.toString(), "--policy", policy.toString(), "--key",
                reviewers.key("alice@example.org").toString(), "--ledger", ledger.toString());
        assertThat(approve.exit()).as(approve.err()).isZero();
        String requestId = JSON.readTree(request.toFile()).get("id").asText();

        CliRun exec = CliRun.of("exec", "--role", "deploy", "--repo", repo.dir().toString(), "--policy", policy.toString(),
                "--request", request.toString(), "--ledger", ledger.toString(), "--journal", tmp.resolve("leases").toString(),
                "--keys", tmp.resolve("keys").toString(), "--job", "shop", "--build", "7", "--agent", "claude-code",
                "--prompt-file", prompt.toString(), "--", "true");

        assertThat(exec.exit()).as(exec.err()).isZero();
        JsonNode issued = events(ledger).stream().filter(e -> e.get("type").asText().equals("credential.issued"))
                .findFirst().orElseThrow().get("data");
        assertThat(requestId).isNotBlank();
        assertThat(issued.get("requestId").asText()).isEqualTo(requestId);
        assertThat(issued.get("promptDigest").asText()).isEqualTo("sha256:" + sha256("Ship it.\n".getBytes(StandardCharsets.UTF_8)));
        assertSealsAndVerifies(ledger);
    }

    private CliRun exec(Path ledger, Path prompt, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of("exec", "--role", "agent", "--policy", policy().toString(),
                "--ledger", ledger.toString(), "--journal", tmp.resolve("leases").toString(), "--keys", tmp.resolve("keys").toString(),
                "--job", "shop", "--build", "7", "--agent", "claude-code", "--model", "claude-opus-4-5",
                "--prompt-file", prompt.toString(), "--"));
        args.addAll(List.of(command));
        Files.createDirectories(ledger.getParent());
        return CliRun.of(args.toArray(String[]::new));
    }

    private static final String POLICY = """
            version: 1
            identities:
              agent:  {provider: jwt, audience: "https://agent.example", ttl: 5m}
              deploy: {provider: jwt, audience: "https://deploy.example", ttl: 5m, requiresApproval: true}
            evidence: {}
            """;

    private Path policy() throws Exception {
        Path policy = tmp.resolve("policy.yaml");
        if (!Files.exists(policy)) {
            Files.writeString(policy, POLICY);
        }
        return policy;
    }

    private void assertSealsAndVerifies(Path ledger) throws Exception {
        assertThat(CliRun.of("seal", "--ledger", ledger.toString(), "--key", tmp.resolve("ledger-key").toString()).exit()).isZero();
        CliRun verify = CliRun.of("verify", "--ledger", ledger.toString(), "--public-key", pinned(tmp).toString());
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
    }

    /** The public half of {@code dir/ledger-key}, exported as PEM: what a verifier pins. */
    static Path pinned(Path dir) throws Exception {
        CliRun exported = CliRun.of("key", "export", "--key", dir.resolve("ledger-key").toString());
        return Files.writeString(dir.resolve("ledger-key.pem"), exported.out().substring(exported.out().indexOf("-----BEGIN")));
    }

    static List<JsonNode> events(Path ledger) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(ledger)) {
            events.add(JSON.readTree(line));
        }
        return events;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
