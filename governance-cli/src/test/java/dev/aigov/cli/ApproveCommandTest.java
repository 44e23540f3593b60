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
import dev.aigov.ledger.Ledger;
import dev.aigov.ledger.LedgerKey;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code aigov approve}: signed with the reviewer's SSH key; who and which groups come from the trusted policy. */
class ApproveCommandTest {
    @TempDir
    Path dir;
    Path file;
    Path policy;
    Reviewers reviewers;
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
        reviewers = Reviewers.create(dir.resolve("trust"), "erin@example.org", "frank@example.org", "heidi@example.org",
                "dora@example.org", "alice@example.com", "ops-user", "claude[bot]");
        policy = reviewers.policy("version: 1\n", Map.of(
                "security-reviewers", List.of("erin@example.org", "frank@example.org", "alice@example.com", "ops-user",
                        "claude[bot]"),
                "architects", List.of("heidi@example.org"),
                "dev", List.of("dora@example.org")));
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

    /** approve --request F --policy P --key K(principal) plus extra arguments. */
    private int approve(String principal, String... extra) {
        String[] base = {"approve", "--request", file.toString(), "--policy", policy.toString(), "--key",
                reviewers.key(principal).toString()};
        String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return run(all);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void recordedApprovalsExitZeroAndPrintTheState() throws Exception {
        assertThat(approve("erin@example.org")).isEqualTo(ExitCodes.OK);
        assertThat(stdout()).contains("approval recorded for erin@example.org, signed with SHA256:")
                .contains("pending, approvals 1 of 2 (erin@example.org)")
                .contains("still needed: 1 approval(s), an architectural review by architects");
        assertThat(approve("heidi@example.org", "--architectural")).isEqualTo(ExitCodes.OK);
        assertThat(stdout()).contains("approved, approvals 2 of 2 (erin@example.org, heidi@example.org (architectural))");
        ApprovalRequest stored = ApprovalRequests.read(file);
        assertThat(stored.status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(stored.approvals()).allSatisfy(a -> {
            assertThat(a.signed().signature()).contains("BEGIN SSH SIGNATURE");
            assertThat(a.signed().fingerprint()).startsWith("SHA256:");
            assertThat(a.signed().payloadDigest()).hasSize(64);
        });
    }

    @Test
    void refusedApprovalExits30NamingTheRuleAndIsRecordedAsAnEvent() throws Exception {
        assertThat(approve("alice@example.com")).isEqualTo(ExitCodes.APPROVAL_REFUSED);
        assertThat(stderr()).contains("refused by rule commit-participant").contains("author");
        assertThat(stdout()).contains("pending, approvals 0 of 2");
        assertThat(ApprovalRequests.read(file).events()).singleElement()
                .satisfies(e -> assertThat(e.rule()).isEqualTo("commit-participant"));
    }

    @Test
    void eachRefusalRuleIsReportedByName() {
        assertThat(approve("claude[bot]")).isEqualTo(30);
        assertThat(stderr()).contains("agent-identity");
        assertThat(approve("ops-user")).isEqualTo(30);
        assertThat(stderr()).contains("build-trigger");
        assertThat(approve("dora@example.org")).isEqualTo(30);
        assertThat(stderr()).contains("allowed-group");
        assertThat(approve("erin@example.org")).isEqualTo(0);
        assertThat(approve("erin@example.org")).isEqualTo(30);
        assertThat(stderr()).contains("duplicate-approval");
    }

    @Test
    void groupsOnTheCommandLineAreRefusedAndNothingIsWritten() throws Exception {
        String before = Files.readString(file);
        assertThat(approve("dora@example.org", "--groups", "security-reviewers,architects", "--architectural"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(stderr()).contains("--groups is not accepted").contains("approval.groups");
        assertThat(Files.readString(file)).isEqualTo(before);
    }

    @Test
    void anApproverNameThatIsNotTheKeysPrincipalIsRefused() throws Exception {
        String before = Files.readString(file);
        assertThat(approve("dora@example.org", "--approver", "erin@example.org")).isEqualTo(ExitCodes.USAGE);
        assertThat(stderr()).contains("does not match the key's principal dora@example.org");
        assertThat(Files.readString(file)).isEqualTo(before);
        assertThat(approve("erin@example.org", "--approver", "Erin@Example.org")).as("the same person").isZero();
    }

    @Test
    void aKeyThatIsNotAnAllowedSignerIsRefusedSayingWhyAndNothingIsWritten() throws Exception {
        String before = Files.readString(file);
        Path stranger = reviewers.stranger("mallory");
        assertThat(run("approve", "--request", file.toString(), "--policy", policy.toString(), "--key",
                stranger.toString(), "--approver", "erin@example.org")).isEqualTo(ExitCodes.APPROVAL_REFUSED);
        assertThat(stderr()).contains("not in the allowed signers file").contains("nothing was recorded");
        assertThat(Files.readString(file)).isEqualTo(before);
    }

    @Test
    void aPolicyWithoutAllowedSignersCountsNoApproval() throws Exception {
        Path bare = Files.writeString(dir.resolve("bare.yaml"), "version: 1\n");
        assertThat(run("approve", "--request", file.toString(), "--policy", bare.toString(), "--key",
                reviewers.key("erin@example.org").toString())).isEqualTo(ExitCodes.APPROVAL_REFUSED);
        assertThat(stderr()).contains("names no allowed signers");
    }

    @Test
    void approvingAfterTheSealIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path ledger = dir.resolve("build.ledger");
        Ledger.open(ledger, new BuildRef("shop", "7", "", "")).append("test", dev.aigov.ledger.Events.approvalRequested(
                ApprovalRequests.read(file).id(), new ApprovalRequirement(2, List.of("security-reviewers"), true)));
        Ledger.seal(ledger, LedgerKey.loadOrCreate(dir.resolve("ledger-key")), "test");
        String before = Files.readString(file);
        String ledgerBefore = Files.readString(ledger);
        assertThat(approve("erin@example.org", "--ledger", ledger.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(stderr()).contains("is sealed").contains("nothing was written");
        assertThat(Files.readString(file)).as("the request file is untouched").isEqualTo(before);
        assertThat(Files.readString(ledger)).isEqualTo(ledgerBefore);
    }

    @Test
    void rejectionWithReasonEndsTheRequest() throws Exception {
        assertThat(approve("erin@example.org", "--reject", "--reason", "token refresh has no tests")).isEqualTo(0);
        assertThat(stdout()).contains("rejected by erin@example.org").contains("rejected, approvals 0 of 2")
                .contains("token refresh has no tests");
        assertThat(ApprovalRequests.read(file).status()).isEqualTo(ApprovalStatus.REJECTED);
        assertThat(approve("frank@example.org")).isEqualTo(30);
        assertThat(stderr()).contains("request-closed");
    }

    @Test
    void rejectionWithoutReasonIsAUsageError() throws Exception {
        String before = Files.readString(file);
        assertThat(approve("erin@example.org", "--reject")).isEqualTo(2);
        assertThat(stderr()).contains("--reason");
        assertThat(Files.readString(file)).isEqualTo(before);
    }

    @Test
    void missingOptionsAndBadFilesAreUsageErrors() throws Exception {
        assertThat(run("approve", "--request", file.toString())).isEqualTo(2);
        assertThat(stderr()).contains("--key");
        Path bad = Files.writeString(dir.resolve("bad.json"), "{ \"id\": ");
        String key = reviewers.key("erin@example.org").toString();
        assertThat(run("approve", "--request", bad.toString(), "--key", key)).isEqualTo(2);
        assertThat(stderr()).contains(bad.toString()).contains("not a valid approval request");
        assertThat(run("approve", "--request", dir.resolve("none.json").toString(), "--key", key)).isEqualTo(2);
        assertThat(stderr()).contains("not found");
    }
}
