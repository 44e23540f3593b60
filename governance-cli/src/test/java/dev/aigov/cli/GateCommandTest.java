package dev.aigov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigov.provenance.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GateCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NO_EVIDENCE = "version: 1\nevidence: {}\n";

    @TempDir
    Path tmp;

    private Path policy(String yaml) throws Exception {
        return Files.writeString(tmp.resolve("policy-" + System.nanoTime() + ".yaml"), yaml);
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }

    @Test
    void humanOnlyRepositoryPassesWithExitZero() throws Exception {
        TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        repo.commit().message("Initial import\n").file("src/auth/Login.java", "class Login {}\n").create();

        CliRun run = CliRun.of("gate", "--repo", repo.dir().toString(), "--format", "json");

        assertThat(run.exit()).isZero();
        JsonNode root = JSON.readTree(run.out());
        assertThat(root.get("decision").asText()).isEqualTo("PASS");
        assertThat(root.get("aiAttributedCommits")).isEmpty();
        assertThat(root.get("approval").get("required").asInt()).isZero();
    }

    @Test
    void aiCommitTouchingAuthNeedsTwoSecurityApprovalsWithExitTen() throws Exception {
        TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        repo.commit().message("Initial import\n").file("README.md", "hi\n").create();
        String base = repo.head();
        String ai = repo.commit().message("Harden token checks\n\nCo-authored-by: Claude <noreply@anthropic.com>\n")
                .file("src/auth/TokenCheck.java", "class TokenCheck {}\n").file("docs/notes.md", "n\n").create();

        CliRun run = CliRun.of("gate", "--repo", repo.dir().toString(), "--range", base + "..HEAD",
                "--policy", policy(NO_EVIDENCE).toString(), "--format", "json");

        assertThat(run.exit()).isEqualTo(10);
        JsonNode root = JSON.readTree(run.out());
        assertThat(root.get("decision").asText()).isEqualTo("APPROVAL_REQUIRED");
        assertThat(texts(root.get("categories"))).containsExactly("authentication");
        assertThat(texts(root.get("aiAttributedCommits"))).containsExactly(ai);
        JsonNode reason = root.get("reasons").get(0);
        assertThat(reason.get("code").asText()).isEqualTo("AI_CHANGE_TOUCHES_SENSITIVE_CATEGORY");
        assertThat(texts(reason.get("paths"))).containsExactly("src/auth/TokenCheck.java");
        assertThat(texts(reason.get("commits"))).containsExactly(ai);
        assertThat(texts(reason.get("controls"))).contains("NIST-AI-RMF-GOVERN-3.2", "OWASP-ASI03");
        assertThat(root.get("approval").get("required").asInt()).isEqualTo(2);
        assertThat(texts(root.get("approval").get("groups"))).containsExactly("security-reviewers");
        assertThat(root.get("approval").get("architecturalReview").asBoolean()).isTrue();
    }

    @Test
    void denyRuleFailsWithExitTwenty() throws Exception {
        TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        repo.commit().message("Initial import\n").file("README.md", "hi\n").create();
        repo.commit().message("ci: speed up\n").author("claude[bot]", "209825114+claude[bot]@users.noreply.github.com")
                .file("Jenkinsfile", "pipeline {}\n").create();
        Path denyPipeline = policy("""
                version: 1
                evidence: {}
                rules:
                  - when: {aiAttributed: true, categories: [ci-config]}
                    deny: AI agents may not edit the pipeline
                """);

        CliRun run = CliRun.of("gate", "--repo", repo.dir().toString(), "--policy", denyPipeline.toString());

        assertThat(run.exit()).isEqualTo(20);
        assertThat(run.out()).startsWith("Decision   FAIL\n").contains("AI_CHANGE_DENIED", "AI agents may not edit the pipeline");
    }

    @Test
    void textOutputIsAlignedForPeople() throws Exception {
        TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        repo.commit().message("Add cache\n\nAssisted-by: GitHub Copilot\n").file("src/Cache.java", "class Cache {}\n").create();

        CliRun run = CliRun.of("gate", "--repo", repo.dir().toString(), "--policy", policy(NO_EVIDENCE).toString());

        assertThat(run.exit()).isEqualTo(10);
        assertThat(run.out()).contains("Decision   APPROVAL_REQUIRED\n", "Range      HEAD (all commits) (1 commits, 1 AI-attributed)\n",
                "Approval   1\n", "AI_CHANGE_REQUIRES_APPROVAL\n");
        assertThat(run.out()).doesNotContain("\u001b[");
    }

    @Test
    void missingRangeIsBadInputWithExitTwo() throws Exception {
        TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        repo.commit().message("one\n").file("a.txt", "a\n").create();

        CliRun run = CliRun.of("gate", "--repo", repo.dir().toString(), "--range", "no-such-branch..HEAD");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("aigov: ").contains("no-such-branch");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void notARepositoryIsBadInputWithExitTwo() throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        CliRun run = CliRun.of("gate", "--repo", plain.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("aigov: ");
    }

    @Test
    void invalidPolicyIsBadInputNamingFileLineAndColumn() throws Exception {
        TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        repo.commit().message("one\n").file("a.txt", "a\n").create();
        Path bad = policy("version: 1\nlimits: {maxTtl: forever}\n");

        CliRun run = CliRun.of("gate", "--repo", repo.dir().toString(), "--policy", bad.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("aigov: " + bad + ":2:18: limits.maxTtl: expected a duration like 90s, 15m or 1h30m, got 'forever'\n");
    }

    @Test
    void unknownFormatIsAUsageError() throws Exception {
        CliRun run = CliRun.of("gate", "--format", "xml");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--format");
    }

    @Test
    void builtInPolicyFailsAnAiChangeThatBringsNoEvidence() throws Exception {
        TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        repo.commit().message("Add cache\n\nCo-authored-by: Claude <noreply@anthropic.com>\n").file("src/Cache.java", "class Cache {}\n").create();

        CliRun run = CliRun.of("gate", "--repo", repo.dir().toString(), "--format", "json");

        assertThat(run.exit()).isEqualTo(20);
        JsonNode root = JSON.readTree(run.out());
        assertThat(root.get("decision").asText()).isEqualTo("FAIL");
        List<String> codes = new ArrayList<>();
        root.get("reasons").forEach(r -> codes.add(r.get("code").asText()));
        assertThat(codes).contains("AI_CHANGE_REQUIRES_APPROVAL", "EVIDENCE_MISSING");
        assertThat(root.get("evidence").isObject()).isTrue();
        assertThat(root.get("evidence").size()).isPositive();
    }

    @Test
    void secretAddedByAnAiCommitFailsTheGateWithoutPrintingTheSecret() throws Exception {
        String token = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";
        TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        repo.commit().message("Initial import\n").file("README.md", "hi\n").create();
        String base = repo.head();
        repo.commit().message("Wire the API client\n\nAssisted-by: Claude Code\n")
                .file("src/Client.java", "class Client { String token = \"" + token + "\"; }\n").create();
        Path policy = policy("version: 1\nevidence:\n  secrets: {scanAddedLines: true}\n");

        CliRun run = CliRun.of("gate", "--repo", repo.dir().toString(), "--range", base + "..HEAD", "--policy", policy.toString(), "--format", "json");

        assertThat(run.exit()).isEqualTo(20);
        assertThat(run.out()).contains("SECRET_IN_DIFF", "src/Client.java");
        assertThat(run.out() + run.err()).doesNotContain(token).doesNotContain(token.substring(8));
    }

    @Test
    void secretAddedThenRemovedInsideTheRangeFailsTheGateNamingBothCommitsAndNoOutputHoldsIt() throws Exception {
        String token = "ghp_" + "Q9w8E7r6T5y4U3i2O1p0A9s8D7f6G5h4J3k2";
        TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        repo.commit().message("Initial import\n").file("README.md", "hi\n").create();
        String base = repo.head();
        String added = repo.commit().message("Wire the API client\n\nAssisted-by: Claude Code\n")
                .file("src/Client.java", "class Client { String token = \"" + token + "\"; }\n").create();
        String removed = repo.commit().message("Read the token from the environment\n\nAssisted-by: Claude Code\n")
                .file("src/Client.java", "class Client { String token = System.getenv(\"GH\"); }\n").create();
        Path policy = policy("version: 1\nevidence:\n  secrets: {scanAddedLines: true}\n");
        Path ledger = tmp.resolve("build.ledger");
        Path request = tmp.resolve("request.json");
        String[] gate = {"gate", "--repo", repo.dir().toString(), "--range", base + "..HEAD", "--policy", policy.toString(),
                "--ledger", ledger.toString(), "--request-out", request.toString()};

        CliRun json = CliRun.of(concat(gate, "--format", "json"));
        CliRun text = CliRun.of(concat(gate, "--format", "text"));

        assertThat(json.exit()).isEqualTo(20);
        assertThat(json.out()).contains("SECRET_IN_DIFF", "src/Client.java:1", "in commit " + added.substring(0, 12),
                "removed in " + removed.substring(0, 12));
        assertThat(text.out()).contains("in commit " + added.substring(0, 12));
        StringBuilder everything = new StringBuilder(json.out() + json.err() + text.out() + text.err());
        for (Path file : List.of(ledger, request)) {
            if (Files.exists(file)) {
                everything.append(Files.readString(file));
            }
        }
        String secretPart = token.substring(4);
        for (int i = 0; i + 6 <= secretPart.length(); i++) {
            assertThat(everything.toString()).doesNotContain(secretPart.substring(i, i + 6));
        }
    }

    @Test
    void aBloblessPartialCloneIsGatedNotRefusedAndSaysTheAddedLinesCannotBeRead() throws Exception {
        TestRepo origin = TestRepo.init(tmp.resolve("origin"));
        origin.commit().message("Initial import\n").file("README.md", "hi\n").create();
        String base = origin.head();
        origin.commit().message("Wire the API client\n\nAssisted-by: Claude Code\n")
                .file("src/Client.java", "class Client {}\n").create();
        origin.git("config", "uploadpack.allowFilter", "true");
        Path clone = tmp.resolve("clone");
        origin.git("clone", "-q", "--filter=blob:none", "--no-checkout", "file://" + origin.dir(), clone.toString());
        Path policy = policy("version: 1\nevidence:\n  secrets: {scanAddedLines: true}\n");

        CliRun run = CliRun.of("gate", "--repo", clone.toString(), "--range", base + "..HEAD", "--policy", policy.toString(),
                "--format", "json");

        assertThat(run.exit()).as(run.err()).isEqualTo(20);
        JsonNode root = JSON.readTree(run.out());
        List<String> messages = new ArrayList<>();
        root.get("reasons").forEach(r -> messages.add(r.get("code").asText() + " " + r.get("message").asText()));
        assertThat(messages).anySatisfy(m -> assertThat(m).startsWith("EVIDENCE_MISSING").contains("cannot be read",
                "this clone does not have", "nothing was fetched"));
    }

    @Test
    void approvalFlowProceedsOnceTwoDistinctReviewersApprove() throws Exception {
        TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        repo.commit().message("Initial import\n").file("README.md", "hi\n").create();
        String base = repo.head();
        repo.commit().message("Rotate signing keys\n\nCo-authored-by: Claude <noreply@anthropic.com>\n")
                .author("Mallory", "mallory@example.com").file("src/auth/Keys.java", "class Keys {}\n").create();
        Reviewers reviewers = Reviewers.create(tmp.resolve("trust"), "mallory@example.com", "trent", "alice@example.org",
                "bob@example.org");
        Path policy = reviewers.policy(NO_EVIDENCE, java.util.Map.of(
                "security-reviewers", List.of("mallory@example.com", "trent", "alice@example.org", "bob@example.org"),
                "architects", List.of("bob@example.org")));
        Path request = tmp.resolve("request.json");
        String[] gate = {"gate", "--repo", repo.dir().toString(), "--range", base + "..HEAD", "--policy", policy.toString(),
                "--job", "payments", "--build", "42", "--triggered-by", "trent", "--format", "json"};

        CliRun first = CliRun.of(concat(gate, "--request-out", request.toString()));
        assertThat(first.exit()).isEqualTo(10);
        assertThat(Files.exists(request)).isTrue();

        String[] approve = {"approve", "--request", request.toString(), "--policy", policy.toString(), "--key"};
        assertThat(CliRun.of(concat(approve, reviewers.key("mallory@example.com").toString())).exit())
                .as("the author may not approve").isEqualTo(30);
        assertThat(CliRun.of(concat(approve, reviewers.key("trent").toString())).exit())
                .as("who triggered the build may not approve").isEqualTo(30);
        assertThat(CliRun.of(concat(approve, reviewers.key("alice@example.org").toString())).exit()).isZero();

        assertThat(CliRun.of(concat(gate, "--request-out", request.toString())).exit())
                .as("re-running the same build keeps the approvals given so far").isEqualTo(10);
        assertThat(Files.readString(request)).contains("alice@example.org");

        CliRun pending = CliRun.of(concat(gate, "--request", request.toString()));
        assertThat(pending.exit()).isEqualTo(10);
        assertThat(JSON.readTree(pending.out()).get("approval").get("status").asText()).isEqualTo("PENDING");

        assertThat(CliRun.of(concat(approve, reviewers.key("bob@example.org").toString(), "--architectural")).exit()).isZero();

        CliRun approved = CliRun.of(concat(gate, "--request", request.toString()));
        assertThat(approved.exit()).as(approved.err()).isZero();
        JsonNode root = JSON.readTree(approved.out());
        assertThat(root.get("decision").asText()).isEqualTo("PASS");
        assertThat(root.get("approval").get("status").asText()).isEqualTo("APPROVED");
        assertThat(root.get("approval").get("approvals")).hasSize(2);
        assertThat(approved.out()).contains("APPROVALS_GRANTED");
    }

    @Test
    void rejectedRequestFailsTheGateAndApprovalsDoNotCarryOverToANewCommit() throws Exception {
        TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        repo.commit().message("Initial import\n").file("README.md", "hi\n").create();
        String base = repo.head();
        repo.commit().message("Add cache\n\nAssisted-by: Claude Code\n").file("src/Cache.java", "class Cache {}\n").create();
        Reviewers reviewers = Reviewers.create(tmp.resolve("trust"), "carol@example.org");
        Path policy = reviewers.policy(NO_EVIDENCE, java.util.Map.of());
        Path request = tmp.resolve("request.json");
        String[] gate = {"gate", "--repo", repo.dir().toString(), "--range", base + "..HEAD", "--policy", policy.toString(),
                "--job", "shop", "--build", "7"};
        assertThat(CliRun.of(concat(gate, "--request-out", request.toString())).exit()).isEqualTo(10);
        assertThat(CliRun.of("approve", "--request", request.toString(), "--policy", policy.toString(), "--key",
                reviewers.key("carol@example.org").toString()).exit()).isZero();
        assertThat(CliRun.of(concat(gate, "--request", request.toString())).exit()).isZero();

        repo.commit().message("More cache\n\nAssisted-by: Claude Code\n").file("src/Cache2.java", "class Cache2 {}\n").create();
        CliRun moved = CliRun.of(concat(gate, "--request", request.toString()));
        assertThat(moved.exit()).as("a new commit makes the approval stale").isEqualTo(10);
        assertThat(moved.err()).contains("is stale: it was signed for head").contains("a new commit needs a new review");

        assertThat(CliRun.of("approve", "--request", request.toString(), "--policy", policy.toString(), "--key",
                reviewers.key("carol@example.org").toString(), "--reject", "--reason", "needs tests").exit())
                .as("the request is already approved").isEqualTo(30);
        Path second = tmp.resolve("request2.json");
        assertThat(CliRun.of(concat(gate, "--request-out", second.toString())).exit()).isEqualTo(10);
        assertThat(CliRun.of("approve", "--request", second.toString(), "--policy", policy.toString(), "--key",
                reviewers.key("carol@example.org").toString(), "--reject", "--reason", "needs tests").exit()).isZero();
        CliRun rejected = CliRun.of(concat(gate, "--request", second.toString()));
        assertThat(rejected.exit()).isEqualTo(20);
        assertThat(rejected.out()).contains("APPROVAL_REJECTED", "Rejected by carol@example.org: needs tests");
    }

    private static String[] concat(String[] head, String... tail) {
        String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    private static final String LCOV = "SF:src/Cache.java\nDA:1,1\nLF:1\nLH:1\nend_of_record\n";
    private static final String SARIF = "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"lint\"}},\"results\":[]}]}";
    private static final String BOM = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":[],\"vulnerabilities\":[]}";

    private TestRepo aiChangeWithReportsInTheWorkTree() throws Exception {
        TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        repo.commit().message("Add cache\n\nAssisted-by: GitHub Copilot\n").file("src/Cache.java", "class Cache {}\n").create();
        Files.createDirectories(repo.dir().resolve("coverage"));
        Files.writeString(repo.dir().resolve("coverage/lcov.info"), LCOV);
        Files.createDirectories(repo.dir().resolve("build"));
        Files.writeString(repo.dir().resolve("build/lint.sarif"), SARIF);
        Files.createDirectories(repo.dir().resolve("target"));
        Files.writeString(repo.dir().resolve("target/bom.json"), BOM);
        // Decoys discovery must not take: a dependency's coverage and a test fixture.
        Files.createDirectories(repo.dir().resolve("node_modules/dep"));
        Files.writeString(repo.dir().resolve("node_modules/dep/lcov.info"), "SF:src/Cache.java\nDA:1,0\nend_of_record\n");
        return repo;
    }

    @Test
    void withoutEvidenceOptionsTheRepositorysOwnReportsAreFoundUsedAndNamed() throws Exception {
        TestRepo repo = aiChangeWithReportsInTheWorkTree();

        CliRun run = CliRun.of("gate", "--repo", repo.dir().toString());

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(10);
        assertThat(run.out()).contains("Evidence   coverage: coverage/lcov.info (discovered)\n",
                "           sarif:    build/lint.sarif (discovered)\n", "           sbom:     target/bom.json (discovered)\n")
                .doesNotContain("EVIDENCE_MISSING").doesNotContain("node_modules");

        JsonNode json = JSON.readTree(CliRun.of("gate", "--repo", repo.dir().toString(), "--format", "json").out());
        assertThat(json.get("evidenceFiles").get("coverage").get("from").asText()).isEqualTo("discovered");
        assertThat(texts(json.get("evidenceFiles").get("sbom").get("files"))).containsExactly("target/bom.json");
        List<String> keys = new java.util.ArrayList<>();
        json.get("evidenceFiles").get("sbom").fieldNames().forEachRemaining(keys::add);
        assertThat(keys).as("the same key order every run").containsExactly("from", "files");
    }

    @Test
    void aKindWithNoReportSaysWhatWasLookedForAndAnOptionWinsOverDiscovery() throws Exception {
        TestRepo repo = aiChangeWithReportsInTheWorkTree();
        Files.delete(repo.dir().resolve("build/lint.sarif"));
        Path elsewhere = Files.writeString(tmp.resolve("given.sarif"), SARIF);

        CliRun missing = CliRun.of("gate", "--repo", repo.dir().toString());
        assertThat(missing.exit()).isEqualTo(20);
        assertThat(missing.out()).contains("           sarif:    none found (looked for *.sarif, *.sarif.json)\n", "EVIDENCE_MISSING");

        CliRun given = CliRun.of("gate", "--repo", repo.dir().toString(), "--sarif", elsewhere.toString());
        assertThat(given.exit()).as(given.out()).isEqualTo(10);
        assertThat(given.out()).contains("           sarif:    " + elsewhere + "\n");

        CliRun off = CliRun.of("gate", "--repo", repo.dir().toString(), "--no-discovery");
        assertThat(off.exit()).isEqualTo(20);
        assertThat(off.out()).contains("Evidence   coverage: none given\n");
    }
}
