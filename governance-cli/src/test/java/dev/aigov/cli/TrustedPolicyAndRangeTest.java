package dev.aigov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigov.provenance.TestRepo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The policy and the range come from outside the change: {@code .aigov/policy.yaml} (and the allowed signers it
 * names) as they are at the trusted base, the range from the trusted base to HEAD. The change under review can
 * neither loosen its own policy nor choose a range that unlocks a deploy role.
 */
class TrustedPolicyAndRangeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private TestRepo repo;
    private Reviewers reviewers;
    private String base;
    private Path request;
    private Path marker;

    @BeforeEach
    void setUp() throws Exception {
        reviewers = Reviewers.create(tmp.resolve("trust"), "alice@example.org");
        repo = TestRepo.init(tmp.resolve("repo"));
        base = repo.commit().message("Governance\n")
                .file(".aigov/policy.yaml", "version: 1\nevidence: {}\n" + Reviewers.approvalSection(Map.of()))
                .file(".aigov/allowed_signers", Files.readString(reviewers.allowedSigners))
                .file("README.md", "hi\n").create();
        repo.git("checkout", "-q", "-b", "feature");
        repo.git("branch", "-q", "--set-upstream-to=main");
        request = tmp.resolve("request.json");
        marker = tmp.resolve("deployed");
    }

    private CliRun gate(String... extra) {
        List<String> args = new ArrayList<>(List.of("gate", "--repo", repo.dir().toString(), "--job", "shop", "--build", "3"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    private CliRun exec(String... extra) {
        List<String> args = new ArrayList<>(List.of("exec", "--role", "deploy", "--repo", repo.dir().toString(),
                "--job", "shop", "--build", "3", "--request", request.toString(),
                "--journal", tmp.resolve("leases.journal").toString(), "--keys", tmp.resolve("keys").toString()));
        args.addAll(List.of(extra));
        args.addAll(List.of("--", "sh", "-c", "touch '" + marker + "'"));
        return ForgedApprovalTest.withStderr(args.toArray(String[]::new));
    }

    @Test
    void thePolicyAndAllowedSignersAreReadAtTheBaseCommitAndTheSignedFlowUnlocksDeploy() throws Exception {
        repo.commit().message("Add cache\n\nAssisted-by: Claude Code\n").file("src/Cache.java", "class Cache {}\n").create();
        // the working tree's policy is not the one that counts
        Files.writeString(repo.dir().resolve(".aigov/policy.yaml"), "version: 1\nnot: valid\n");

        CliRun gate = gate("--request-out", request.toString());
        assertThat(gate.exit()).as(gate.err()).isEqualTo(10);
        assertThat(gate.out()).contains(".aigov/policy.yaml at " + base.substring(0, 12));
        assertThat(CliRun.of("approve", "--request", request.toString(), "--repo", repo.dir().toString(), "--key",
                reviewers.key("alice@example.org").toString()).exit()).isZero();
        assertThat(gate("--request", request.toString()).exit()).isZero();
        CliRun exec = exec();
        assertThat(exec.exit()).as(exec.err()).isZero();
        assertThat(marker).exists();
    }

    @Test
    void aRangeThatRewritesThePolicyAndTheAllowedSignersNeverLoosensItsOwnDecision() throws Exception {
        Reviewers attacker = Reviewers.create(tmp.resolve("attacker"), "alice@example.org");
        repo.commit().message("Relax governance\n\nAssisted-by: Claude Code\n")
                .file(".aigov/policy.yaml", "version: 1\nevidence: {}\nrules:\n  - when: {aiAttributed: true}\n"
                        + "    require: {approvals: 0}\n" + Reviewers.approvalSection(Map.of()))
                .file(".aigov/allowed_signers", Files.readString(attacker.allowedSigners))
                .file("src/Deploy.java", "class Deploy {}\n").create();

        CliRun gate = gate("--request-out", request.toString());
        assertThat(gate.exit()).as("the base's policy still requires an approval").isEqualTo(10);
        CliRun approve = CliRun.of("approve", "--request", request.toString(), "--repo", repo.dir().toString(), "--key",
                attacker.key("alice@example.org").toString());
        assertThat(approve.exit()).as("a key the change itself added to allowed signers").isEqualTo(ExitCodes.APPROVAL_REFUSED);
        assertThat(approve.err()).contains("not in the allowed signers file");
        assertThat(gate("--request", request.toString()).exit()).isEqualTo(10);
        assertThat(exec().exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(marker).doesNotExist();
    }

    @Test
    void anEmptyOrCallerChosenRangeIsReportedButNeverUnlocksADeployRole() throws Exception {
        repo.commit().message("Add cache\n\nAssisted-by: Claude Code\n").file("src/Cache.java", "class Cache {}\n").create();
        repo.commit().message("More cache\n\nAssisted-by: Claude Code\n").file("src/Cache2.java", "class Cache2 {}\n").create();

        CliRun empty = gate("--range", "HEAD..HEAD", "--request-out", request.toString());
        assertThat(empty.exit()).as("reported on: nothing in it").isZero();
        assertThat(empty.err()).contains("cannot unlock a requiresApproval role").contains("is empty");
        CliRun exec = exec("--range", "HEAD..HEAD");
        assertThat(exec.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(exec.err()).contains("is empty");
        assertThat(marker).doesNotExist();

        CliRun partial = gate("--range", "HEAD~1..HEAD", "--request-out", request.toString());
        assertThat(partial.exit()).isEqualTo(10);
        assertThat(partial.err()).contains("starts after the trusted base " + base.substring(0, 12));
        assertThat(CliRun.of("approve", "--request", request.toString(), "--repo", repo.dir().toString(), "--key",
                reviewers.key("alice@example.org").toString()).exit()).isZero();
        assertThat(gate("--range", "HEAD~1..HEAD", "--request", request.toString()).exit())
                .as("the caller's range, reported on").isZero();
        assertThat(exec("--range", "HEAD~1..HEAD").exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(exec().exit()).as("approved for another range than the trusted one").isEqualTo(ExitCodes.ERROR);
        assertThat(marker).doesNotExist();
    }

    @Test
    void theDefaultRangeStartsAtTheCiSystemsTrustedBase() throws Exception {
        String first = repo.commit().message("Add cache\n\nAssisted-by: Claude Code\n").file("src/Cache.java", "class Cache {}\n").create();
        repo.commit().message("Tidy\n").file("src/Tidy.java", "class Tidy {}\n").create();
        Aigov previous = Aigov.run(tmp, Map.of("GIT_PREVIOUS_SUCCESSFUL_COMMIT", first), "gate", "--repo",
                repo.dir().toString(), "--format", "json");
        assertThat(previous.exit()).as(previous.err()).isZero();
        JsonNode doc = JSON.readTree(previous.out());
        assertThat(doc.get("aiAttributedCommits")).as("only the commit after the last governed one").isEmpty();
        assertThat(doc.get("trust").get("trustedBase").asText()).isEqualTo(first);
        assertThat(doc.get("trust").get("trustedBaseSource").asText()).startsWith("GIT_PREVIOUS_SUCCESSFUL_COMMIT=");
        assertThat(doc.get("trust").get("coversTrustedRange").asBoolean()).isTrue();

        Aigov target = Aigov.run(tmp, Map.of("CHANGE_TARGET", "main"), "gate", "--repo", repo.dir().toString(),
                "--format", "json");
        assertThat(target.exit()).as(target.err()).isEqualTo(10);
        assertThat(JSON.readTree(target.out()).get("aiAttributedCommits")).hasSize(1);
    }
}
