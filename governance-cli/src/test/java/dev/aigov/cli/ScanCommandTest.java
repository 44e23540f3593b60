package dev.aigov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigov.gate.GateResultMaps;
import dev.aigov.policy.PolicyLoader;
import dev.aigov.provenance.ChangedPath;
import dev.aigov.provenance.Commit;
import dev.aigov.provenance.GitChangeSource;
import dev.aigov.provenance.ProvenanceDetector;
import dev.aigov.provenance.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScanCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** human commit, then a Claude Code commit, then a Copilot agent commit touching auth code. */
    private TestRepo repo() {
        TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        repo.commit().message("Initial import\n").file("README.md", "hello\n").create();
        repo.commit().message("Add cache\n\nCo-authored-by: Claude <noreply@anthropic.com>\n")
                .file("src/Cache.java", "class Cache {}\n").create();
        repo.commit().message("Harden login\n").author("copilot-swe-agent[bot]", "198982749+Copilot@users.noreply.github.com")
                .file("src/auth/Login.java", "class Login {}\n").create();
        return repo;
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }

    @Test
    void jsonListsCommitsNewestFirstWithTheContractsFieldNames() throws Exception {
        TestRepo repo = repo();

        CliRun run = CliRun.of("scan", "--repo", repo.dir().toString(), "--format", "json");

        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEmpty();
        JsonNode root = JSON.readTree(run.out());
        assertThat(fieldNames(root)).containsExactly("commits", "summary");
        JsonNode commits = root.get("commits");
        assertThat(commits).hasSize(3);
        JsonNode copilot = commits.get(0);
        assertThat(fieldNames(copilot))
                .containsExactly("commit", "aiAttributed", "confidence", "tools", "evidence", "paths");
        assertThat(copilot.get("commit").asText()).isEqualTo(repo.head()).matches("[0-9a-f]{40}");
        assertThat(copilot.get("aiAttributed").asBoolean()).isTrue();
        assertThat(copilot.get("confidence").asText()).isEqualTo("high");
        assertThat(texts(copilot.get("tools"))).containsExactly("github-copilot");
        JsonNode evidence = copilot.get("evidence").get(0);
        assertThat(evidence.get("source").asText()).isEqualTo("author");
        assertThat(evidence.get("marker").asText()).isEqualTo("copilot-swe-agent[bot] <198982749+Copilot@users.noreply.github.com>");
        assertThat(evidence.get("tool").asText()).isEqualTo("github-copilot");
        assertThat(texts(copilot.get("paths"))).containsExactly("src/auth/Login.java");

        JsonNode claude = commits.get(1);
        assertThat(texts(claude.get("tools"))).containsExactly("claude-code");
        assertThat(claude.get("evidence").get(0).get("source").asText()).isEqualTo("co-author");

        JsonNode human = commits.get(2);
        assertThat(human.get("aiAttributed").asBoolean()).isFalse();
        assertThat(human.get("confidence").asText()).isEqualTo("none");
        assertThat(human.get("tools")).isEmpty();
        assertThat(human.get("evidence")).isEmpty();
        assertThat(texts(human.get("paths"))).containsExactly("README.md");

        JsonNode summary = root.get("summary");
        assertThat(fieldNames(summary)).containsExactly("repository", "range", "commits", "aiAttributed", "confidence",
                "tools", "renameDetection", "limitations");
        assertThat(fieldNames(summary.get("confidence"))).containsExactly("high", "medium", "low", "none");
        assertThat(summary.get("commits").asInt()).isEqualTo(3);
        assertThat(summary.get("aiAttributed").asInt()).isEqualTo(2);
        assertThat(summary.get("range").asText()).isEqualTo("HEAD (all commits)");
        assertThat(summary.get("confidence").get("high").asInt()).isEqualTo(2);
        assertThat(summary.get("confidence").get("none").asInt()).isEqualTo(1);
        assertThat(summary.get("tools").get("claude-code").asInt()).isEqualTo(1);
    }

    @Test
    void mainRunWritesTheJsonToStandardOutput() throws Exception {
        TestRepo repo = repo();
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = Main.run("scan", "--repo", repo.dir().toString(), "--format", "json");
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }

        assertThat(exit).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        JsonNode root = JSON.readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(root.get("commits")).hasSize(3);
        assertThat(root.get("summary").get("aiAttributed").asInt()).isEqualTo(2);
    }

    @Test
    void rangeOptionLimitsTheCommits() throws Exception {
        TestRepo repo = repo();

        CliRun run = CliRun.of("scan", "--repo", repo.dir().toString(), "--range", "HEAD~1..HEAD", "--format", "json");

        assertThat(run.exit()).isZero();
        JsonNode commits = JSON.readTree(run.out()).get("commits");
        assertThat(commits).hasSize(1);
        assertThat(commits.get(0).get("commit").asText()).isEqualTo(repo.head());
    }

    @Test
    void textOutputIsAlignedAndUncolouredWhenNotATerminal() {
        TestRepo repo = repo();

        CliRun run = CliRun.of("scan", "--repo", repo.dir().toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out()).doesNotContain("\u001b[");
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("HEAD (all commits): 3 commits, 2 AI-attributed");
        assertThat(lines.get(2)).isEqualTo("COMMIT     AI  CONFIDENCE TOOLS          SUBJECT");
        assertThat(lines.get(3)).startsWith(repo.head().substring(0, 10) + " yes high       github-copilot Harden login");
        assertThat(lines.get(4)).isEqualTo("           author: copilot-swe-agent[bot] <198982749+Copilot@users.noreply.github.com>");
        assertThat(lines).anySatisfy(line -> assertThat(line).endsWith(" no  none       -              Initial import"));
        int subjectColumn = lines.get(2).indexOf("SUBJECT");
        assertThat(lines.get(3).indexOf("Harden login")).isEqualTo(subjectColumn);
        assertThat(run.err()).isEmpty();
    }

    @Test
    void policyAdditionsApply() throws Exception {
        TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        repo.commit().message("Change\n\nX-AI-Tool: in-house\n").file("a.txt", "a\n").create();
        Path policy = Files.writeString(tmp.resolve("policy.yaml"), "version: 1\nattribution:\n  trailers: [X-AI-Tool]\n");

        CliRun without = CliRun.of("scan", "--repo", repo.dir().toString(), "--format", "json");
        CliRun with = CliRun.of("scan", "--repo", repo.dir().toString(), "--policy", policy.toString(), "--format", "json");

        assertThat(JSON.readTree(without.out()).get("commits").get(0).get("aiAttributed").asBoolean()).isFalse();
        JsonNode found = JSON.readTree(with.out()).get("commits").get(0);
        assertThat(found.get("aiAttributed").asBoolean()).isTrue();
        assertThat(found.get("evidence").get(0).get("source").asText()).isEqualTo("policy");
    }

    @Test
    void anInvalidPolicyExitsTwoWithItsLocation() throws Exception {
        TestRepo repo = repo();
        Path policy = Files.writeString(tmp.resolve("policy.yaml"), "version: 1\nattribution:\n  trailerz: [X]\n");

        CliRun run = CliRun.of("scan", "--repo", repo.dir().toString(), "--policy", policy.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("aigov: " + policy + ":3:").contains("trailerz").endsWith("\n");
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aMissingRangeExitsTwoWithOneLine() {
        TestRepo repo = repo();

        CliRun run = CliRun.of("scan", "--repo", repo.dir().toString(), "--range", "nope..HEAD");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("aigov: range 'nope..HEAD' does not exist in ");
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aMissingRepositoryExitsTwoWithOneLine() {
        Path missing = tmp.resolve("nowhere");

        CliRun run = CliRun.of("scan", "--repo", missing.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("aigov: repository directory does not exist: " + missing.toAbsolutePath() + "\n");
    }

    @Test
    void aDirectoryThatIsNotARepositoryExitsTwo() throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("plain"));

        CliRun run = CliRun.of("scan", "--repo", plain.toString(), "--format", "json");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("aigov: not a git repository: " + plain.toAbsolutePath() + "\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anUnknownFormatIsAUsageError() {
        TestRepo repo = repo();

        CliRun run = CliRun.of("scan", "--repo", repo.dir().toString(), "--format", "xml");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--format").contains("xml");
    }

    @Test
    void helpDescribesEveryOption() {
        CliRun run = CliRun.of("scan", "--help");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("--repo=DIR", "--range=REVRANGE", "--policy=FILE", "--format=FORMAT",
                "CHANGE_TARGET", "GIT_PREVIOUS_SUCCESSFUL_COMMIT", "upstream branch", "json", "--help", "--version");
    }

    @Test
    void anEmptyRangeIsAnEmptyListNotAnError() throws Exception {
        TestRepo repo = repo();

        CliRun run = CliRun.of("scan", "--repo", repo.dir().toString(), "--range", "HEAD..HEAD", "--format", "json");

        assertThat(run.exit()).isZero();
        JsonNode root = JSON.readTree(run.out());
        assertThat(root.get("commits")).isEmpty();
        assertThat(root.get("summary").get("commits").asInt()).isZero();
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aBloblessPartialCloneIsScannedWithoutRenameDetectionAndSaysSoInTextAndJson() throws Exception {
        TestRepo origin = repo();
        origin.git("mv", "src/Cache.java", "src/Store.java");
        Files.writeString(origin.dir().resolve("src/Store.java"), "class Store {\n  int size;\n  int limit;\n}\n");
        origin.git("commit", "-qam", "Rename the cache");
        origin.git("config", "uploadpack.allowFilter", "true");
        Path clone = tmp.resolve("clone");
        origin.git("clone", "-q", "--filter=blob:none", "--no-checkout", "file://" + origin.dir(), clone.toString());

        CliRun json = CliRun.of("scan", "--repo", clone.toString(), "--range", "HEAD", "--format", "json");
        CliRun text = CliRun.of("scan", "--repo", clone.toString(), "--range", "HEAD");

        assertThat(json.exit()).as(json.err()).isZero();
        JsonNode summary = JSON.readTree(json.out()).get("summary");
        assertThat(summary.get("commits").asInt()).isEqualTo(4);
        assertThat(summary.get("renameDetection").asBoolean()).isFalse();
        assertThat(texts(summary.get("limitations"))).singleElement().asString().contains("renames are not detected");
        assertThat(text.exit()).isZero();
        assertThat(text.out()).contains("note: objects missing from this clone");
    }

    @Test
    void jsonCommitsAreWhatTheGateReportsAttributionMapsSerializeTo() throws Exception {
        TestRepo repo = repo();
        repo.commit().message("Fix \"quoted\" \u00e9l\u00e8ve path\n\nCo-authored-by: Claude <noreply@anthropic.com>\n"
                        + "Assisted-by: Cursor\n\n\ud83e\udd16 Generated with [Claude Code](https://claude.com/claude-code)\n")
                .author("Devin AI", "devin-ai-integration[bot]@users.noreply.github.com")
                .file("docs/caf\u00e9 \"notes\".md", "x\n").move("src/Cache.java", "src/Store.java").create();

        CliRun run = CliRun.of("scan", "--repo", repo.dir().toString(), "--format", "json");

        assertThat(run.exit()).as(run.err()).isZero();
        GitChangeSource source = GitChangeSource.open(repo.dir(), null);
        ProvenanceDetector detector = ProvenanceDetector.withAdditions(PolicyLoader.builtIn().attribution());
        List<String> expected = new ArrayList<>();
        for (Commit commit : source.commits()) {
            expected.add(JSON.valueToTree(GateResultMaps.attribution(detector.detect(commit),
                    commit.paths().stream().map(ChangedPath::path).toList())).toString());
        }
        List<String> streamed = new ArrayList<>();
        JSON.readTree(run.out()).get("commits").forEach(commit -> streamed.add(commit.toString()));
        assertThat(streamed).isEqualTo(expected);
        assertThat(expected.get(0)).contains("caf\u00e9 \\\"notes\\\".md", "footer", "declared-trailer");
    }

    @Test
    void jsonStreamedInBatchesHoldsEveryCommitInGitsOrder() throws Exception {
        TestRepo repo = longRepo(700);

        CliRun run = CliRun.of("scan", "--repo", repo.dir().toString(), "--range", "main", "--format", "json");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode root = JSON.readTree(run.out());
        List<String> ids = new ArrayList<>();
        root.get("commits").forEach(commit -> ids.add(commit.get("commit").asText()));
        assertThat(ids).isEqualTo(repo.git("rev-list", "main").lines().toList());
        assertThat(root.get("summary").get("commits").asInt()).isEqualTo(700);
        assertThat(root.get("summary").get("aiAttributed").asInt()).isEqualTo(100);
    }

    @Test
    void anInvalidPolicyStopsTheStreamedJsonWithItsLocationAndPrintsNothing() throws Exception {
        TestRepo repo = longRepo(700);
        Path policy = Files.writeString(tmp.resolve("policy.yaml"), "version: 1\nattribution:\n  trailerz: [X]\n");

        CliRun run = CliRun.of("scan", "--repo", repo.dir().toString(), "--range", "main", "--policy", policy.toString(),
                "--format", "json");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("aigov: " + policy + ":3:").contains("trailerz");
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.out()).isEmpty();
    }

    /** {@code commits} commits on main, every seventh co-authored by Claude, by fast-import. */
    private TestRepo longRepo(int commits) {
        TestRepo repo = TestRepo.init(tmp.resolve("long"));
        StringBuilder stream = new StringBuilder();
        for (int i = 1; i <= commits; i++) {
            String message = i % 7 == 0 ? "Change " + i + "\n\nCo-authored-by: Claude <noreply@anthropic.com>\n" : "Change " + i + "\n";
            stream.append("commit refs/heads/main\nmark :").append(i).append("\ncommitter Ada <ada@example.com> ")
                    .append(1_700_000_000L + i).append(" +0000\ndata ").append(message.getBytes(StandardCharsets.UTF_8).length)
                    .append('\n').append(message).append("M 100644 inline f").append(i % 13).append(".txt\ndata 2\n")
                    .append(i % 10).append("\n\n");
        }
        repo.fastImport(stream.toString().getBytes(StandardCharsets.UTF_8));
        return repo;
    }
}
