package dev.aigov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigov.provenance.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static dev.aigov.cli.ExecPromptTest.events;
import static dev.aigov.cli.ExecPromptTest.sha256;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A build's record from a real repository with session trailers and a git-ai note: the sessions as data, the
 * declared prompt, the policy and the measured evidence, the way back, and the report an auditor reads.
 */
class IntentRecordTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GIT_AI_NOTE = """
            src/Cart.java
              d4a7828bfdafe456 1-1
            ---
            {
              "schema_version": "authorship/3.0.0",
              "prompts": {
                "d4a7828bfdafe456": {
                  "agent_id": {"tool": "cursor", "id": "conv-1", "model": "gpt-5"},
                  "messages_url": "https://usegitai.com/prompts/d4a7828bfdafe456",
                  "messages": [{"type": "user", "text": "Add a cart total"}]
                }
              }
            }
            """;

    @TempDir
    Path tmp;

    @Test
    void theRecordLinksEveryAiCommitToItsSessionAndPromptAndNamesTheWayBack() throws Exception {
        TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        repo.git("remote", "add", "origin", "git@github.com:acme/shop.git");
        repo.commit().message("Initial import\n").file("README.md", "hi\n").create();
        String base = repo.head();
        String claude = repo.commit().message("Tune retry\n\nClaude-Session: https://claude.ai/code/session_01AbCdEf\n"
                        + "Co-authored-by: Claude <noreply@anthropic.com>\n")
                .author("Mallory", "mallory@example.com").file("src/Retry.java", "class Retry {}\n").create();
        String amp = repo.commit().message("Add limiter\n\nAmp-Thread-ID: T-5a1b2c3d-0000-4111-8222-333344445555\n")
                .file("src/Limiter.java", "class Limiter {}\n").create();
        String cursor = repo.commit().message("Cart total\n").file("src/Cart.java", "class Cart {}\n").create();
        repo.note("ai", cursor, GIT_AI_NOTE);
        Reviewers reviewers = Reviewers.create(tmp.resolve("trust"), "alice@example.org");
        Path policy = reviewers.policy("""
                version: 1
                identities:
                  agent: {provider: jwt, audience: "https://agent.example", ttl: 5m}
                evidence:
                  secrets: {scanAddedLines: true}
                """, java.util.Map.of("architects", List.of("alice@example.org")));
        Path ledger = tmp.resolve("build.ledger");
        Path request = tmp.resolve("request.json");
        byte[] promptText = "Tune the retry policy\n".getBytes(StandardCharsets.UTF_8);
        Path prompt = Files.write(tmp.resolve("prompt.md"), promptText);
        Path artifact = Files.writeString(tmp.resolve("shop.jar"), "jar bytes");
        String[] run = {"--job", "shop", "--build", "12"};

        assertThat(CliRun.of(cat(new String[] {"exec", "--role", "agent", "--policy", policy.toString(), "--ledger", ledger.toString(),
                "--journal", tmp.resolve("leases").toString(), "--keys", tmp.resolve("keys").toString(), "--agent", "claude",
                "--model", "claude-opus-4-5", "--prompt-file", prompt.toString()}, cat(run, "--", "true"))).exit()).isZero();
        CliRun gate = CliRun.of(cat(new String[] {"gate", "--repo", repo.dir().toString(), "--range", base + "..HEAD", "--policy",
                policy.toString(), "--ledger", ledger.toString(), "--request-out", request.toString()}, run));
        assertThat(gate.exit()).as(gate.out() + gate.err()).isEqualTo(10);
        CliRun approve = CliRun.of("approve", "--request", request.toString(), "--policy", policy.toString(), "--key",
                reviewers.key("alice@example.org").toString(), "--architectural", "--ledger", ledger.toString());
        assertThat(approve.exit()).as(approve.err()).isZero();
        CliRun seal = CliRun.of("seal", "--ledger", ledger.toString(), "--key", tmp.resolve("ledger-key").toString(),
                "--artifact", artifact.toString());
        assertThat(seal.exit()).as(seal.err()).isZero();
        Path pinned = ExecPromptTest.pinned(tmp);
        assertThat(CliRun.of("verify", "--ledger", ledger.toString(), "--public-key", pinned.toString()).exit()).isZero();

        List<JsonNode> events = events(ledger);
        JsonNode evaluated = events.stream().filter(e -> e.get("type").asText().equals("gate.evaluated")).findFirst()
                .orElseThrow().get("data");
        assertThat(evaluated.get("baseCommit").asText()).isEqualTo(base);
        assertThat(evaluated.get("headCommit").asText()).isEqualTo(cursor);
        assertThat(evaluated.get("policy").get("digest").asText()).isEqualTo("sha256:" + sha256(Files.readAllBytes(policy)));
        assertThat(evaluated.get("repositoryUrl").asText()).isEqualTo("https://github.com/acme/shop");
        assertThat(session(evaluated, claude)).isEqualTo(JSON.readTree(
                "{\"tool\":\"claude-code\",\"kind\":\"claude-session\",\"id\":\"\",\"url\":\"https://claude.ai/code/session_01AbCdEf\",\"model\":\"\"}"));
        assertThat(session(evaluated, amp).get("url").asText())
                .isEqualTo("https://ampcode.com/threads/T-5a1b2c3d-0000-4111-8222-333344445555");
        JsonNode gitAi = session(evaluated, cursor);
        assertThat(gitAi.get("kind").asText()).isEqualTo("git-ai-prompt");
        assertThat(gitAi.get("id").asText()).isEqualTo("d4a7828bfdafe456");
        assertThat(gitAi.get("model").asText()).isEqualTo("gpt-5");
        assertThat(gitAi.get("promptText").asText()).isEqualTo("Add a cart total");
        JsonNode secrets = null;
        for (JsonNode check : evaluated.get("evidence")) {
            secrets = check.get("check").asText().equals("secrets") ? check : secrets;
        }
        assertThat(secrets).isNotNull();
        assertThat(secrets.get("values").get("findings").asInt()).as("the measured value is on the record").isZero();
        JsonNode granted = events.stream().filter(e -> e.get("type").asText().equals("approval.granted")).findFirst()
                .orElseThrow().get("data");
        assertThat(granted.get("architectural").asBoolean()).isTrue();
        JsonNode recorded = events.stream().filter(e -> e.get("type").asText().equals("artifact.recorded")).findFirst()
                .orElseThrow().get("data");
        assertThat(recorded.get("name").asText()).isEqualTo("shop.jar");
        assertThat(recorded.get("sha256").asText()).isEqualTo(sha256(Files.readAllBytes(artifact)));

        Path html = tmp.resolve("report.html");
        assertThat(CliRun.of("report", "--ledger", ledger.toString(), "--out", html.toString(), "--public-key",
                pinned.toString()).exit()).isZero();
        String page = Files.readString(html);
        assertThat(page)
                .contains("Reverting this change", "git revert --no-edit " + base + ".." + cursor)
                .contains("href=\"https://github.com/acme/shop/commit/" + claude + "\"")
                .contains("href=\"https://claude.ai/code/session_01AbCdEf\"")
                .contains("href=\"https://ampcode.com/threads/T-5a1b2c3d-0000-4111-8222-333344445555\"")
                .contains("Add a cart total", "gpt-5")
                .contains("declared <code>sha256:" + sha256(promptText) + "</code>")
                .contains("sha256:" + sha256(Files.readAllBytes(policy)))
                .contains("findings: <code>0</code>")
                .contains(sha256(Files.readAllBytes(artifact)), "shop.jar")
                .doesNotContain(tmp.toString());
        assertThat(Pattern.compile("\\d{2}:\\d{2}:\\d{2}\\.\\d{4,}").matcher(page).find())
                .as("timestamps to the millisecond").isFalse();
        String requestId = JSON.readTree(request.toFile()).get("id").asText();
        assertThat(page.split(Pattern.quote(requestId), -1)).as("the request id shown once").hasSize(2);
    }

    @Test
    void theAgentGivenToTheGateIsOnTheRecord() throws Exception {
        TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        repo.commit().message("Initial import\n").file("README.md", "hi\n").create();
        String base = repo.head();
        repo.commit().message("Fix\n\nCo-authored-by: Claude <noreply@anthropic.com>\n").file("a.txt", "x\n").create();
        Path ledger = tmp.resolve("build.ledger");
        Path policy = Files.writeString(tmp.resolve("policy.yaml"), "version: 1\nevidence: {}\n");

        assertThat(CliRun.of("gate", "--repo", repo.dir().toString(), "--range", base + "..HEAD", "--policy", policy.toString(),
                "--ledger", ledger.toString(), "--agent", "claude[bot]", "--job", "shop", "--build", "1").exit()).isEqualTo(10);
        assertThat(CliRun.of("seal", "--ledger", ledger.toString(), "--key", tmp.resolve("ledger-key").toString()).exit()).isZero();
        Path json = tmp.resolve("report.json");
        assertThat(CliRun.of("report", "--ledger", ledger.toString(), "--out", json.toString(), "--format", "json",
                "--public-key", ExecPromptTest.pinned(tmp).toString()).exit()).isZero();

        JsonNode agents = JSON.readTree(json.toFile()).get("agents");
        assertThat(agents).hasSize(1);
        assertThat(agents.get(0).get("agent").asText()).isEqualTo("claude[bot]");
        assertThat(agents.get(0).get("status").asText()).isEqualTo("NAMED_BY_GATE");
    }

    /** The first session reference of a commit in the gate event. */
    private static JsonNode session(JsonNode evaluated, String commit) {
        for (JsonNode a : evaluated.get("attributions")) {
            if (a.get("commit").asText().equals(commit)) {
                return a.get("sessions").get(0);
            }
        }
        throw new AssertionError("no attribution for " + commit);
    }

    private static String[] cat(String[] head, String... tail) {
        String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
