package dev.aigov.cli;

import dev.aigov.approval.ApprovalRequest;
import dev.aigov.approval.ApprovalRequests;
import dev.aigov.approval.ApprovalStatus;
import dev.aigov.build.BuildRef;
import dev.aigov.gate.ApprovalRequirement;
import dev.aigov.gate.Decision;
import dev.aigov.gate.Reason;
import dev.aigov.policy.ApprovalSettings;
import dev.aigov.provenance.Commit;
import dev.aigov.provenance.Person;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ApproveCommandTest {
    @TempDir
    Path dir;
    Path file;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeEach
    void setUp() throws Exception {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        Commit commit = new Commit("1111111111111111111111111111111111111111", new Person("Alice", "alice@example.com"),
                new Person("Alice", "alice@example.com"), "Add auth\n\nCo-authored-by: Claude <noreply@anthropic.com>\n",
                List.of(), List.of(), Commit.SignatureStatus.UNKNOWN, "");
        var decision = new Decision.ApprovalRequired(List.of(new Reason("AI_CHANGE", "AI change", List.of(),
                List.of(commit.id()), List.of())), new ApprovalRequirement(2, List.of("security-reviewers"), true));
        ApprovalRequest request = ApprovalRequest.create(new BuildRef("shop", "7", "", "ops-user"), decision,
                List.of(commit), "claude[bot]", new ApprovalSettings("architects", Map.of(), List.of()), Instant.now());
        file = dir.resolve("request.json");
        ApprovalRequests.write(file, request);
    }

    @AfterEach
    void tearDown() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(args);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void recordedApprovalsExitZeroAndPrintTheState() throws Exception {
        assertThat(run("approve", "--request", file.toString(), "--approver", "erin", "--groups", "security-reviewers"))
                .isEqualTo(ExitCodes.OK);
        assertThat(stdout()).contains("approval recorded for erin").contains("pending, approvals 1 of 2 (erin)")
                .contains("still needed: 1 approval(s), an architectural review by architects");
        assertThat(run("approve", "--request", file.toString(), "--approver", "heidi", "--groups", "architects",
                "--architectural")).isEqualTo(ExitCodes.OK);
        assertThat(stdout()).contains("approved, approvals 2 of 2 (erin, heidi (architectural))");
        assertThat(ApprovalRequests.read(file).status()).isEqualTo(ApprovalStatus.APPROVED);
    }

    @Test
    void refusedApprovalExits30NamingTheRuleAndIsRecordedAsAnEvent() throws Exception {
        assertThat(run("approve", "--request", file.toString(), "--approver", "ALICE@example.com", "--groups",
                "security-reviewers")).isEqualTo(ExitCodes.APPROVAL_REFUSED);
        assertThat(stderr()).contains("refused by rule commit-participant").contains("author");
        assertThat(stdout()).contains("pending, approvals 0 of 2");
        assertThat(ApprovalRequests.read(file).events()).singleElement()
                .satisfies(e -> assertThat(e.rule()).isEqualTo("commit-participant"));
    }

    @Test
    void eachRefusalRuleIsReportedByName() {
        assertThat(run("approve", "--request", file.toString(), "--approver", "claude[bot]")).isEqualTo(30);
        assertThat(stderr()).contains("agent-identity");
        assertThat(run("approve", "--request", file.toString(), "--approver", "ops-user", "--groups",
                "security-reviewers")).isEqualTo(30);
        assertThat(stderr()).contains("build-trigger");
        assertThat(run("approve", "--request", file.toString(), "--approver", "erin", "--groups", "dev")).isEqualTo(30);
        assertThat(stderr()).contains("allowed-group");
        assertThat(run("approve", "--request", file.toString(), "--approver", "erin", "--groups", "security-reviewers"))
                .isEqualTo(0);
        assertThat(run("approve", "--request", file.toString(), "--approver", "Erin", "--groups", "security-reviewers"))
                .isEqualTo(30);
        assertThat(stderr()).contains("duplicate-approval");
    }

    @Test
    void rejectionWithReasonEndsTheRequest() throws Exception {
        assertThat(run("approve", "--request", file.toString(), "--approver", "erin", "--groups", "security-reviewers",
                "--reject", "--reason", "token refresh has no tests")).isEqualTo(0);
        assertThat(stdout()).contains("rejected by erin").contains("rejected, approvals 0 of 2")
                .contains("token refresh has no tests");
        assertThat(ApprovalRequests.read(file).status()).isEqualTo(ApprovalStatus.REJECTED);
        assertThat(run("approve", "--request", file.toString(), "--approver", "frank", "--groups", "security-reviewers"))
                .isEqualTo(30);
        assertThat(stderr()).contains("request-closed");
    }

    @Test
    void rejectionWithoutReasonIsAUsageError() throws Exception {
        String before = Files.readString(file);
        assertThat(run("approve", "--request", file.toString(), "--approver", "erin", "--reject")).isEqualTo(2);
        assertThat(stderr()).contains("--reason");
        assertThat(Files.readString(file)).isEqualTo(before);
    }

    @Test
    void missingOptionsAndBadFilesAreUsageErrors() throws Exception {
        assertThat(run("approve", "--request", file.toString())).isEqualTo(2);
        assertThat(stderr()).contains("--approver");
        Path bad = Files.writeString(dir.resolve("bad.json"), "{ \"id\": ");
        assertThat(run("approve", "--request", bad.toString(), "--approver", "erin")).isEqualTo(2);
        assertThat(stderr()).contains(bad.toString()).contains("not a valid approval request");
        assertThat(run("approve", "--request", dir.resolve("none.json").toString(), "--approver", "erin")).isEqualTo(2);
        assertThat(stderr()).contains("not found");
    }
}
