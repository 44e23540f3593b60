package dev.aigov.cli;

import dev.aigov.approval.ApprovalEvent;
import dev.aigov.approval.ApprovalRequest;
import dev.aigov.approval.ApprovalRequests;
import dev.aigov.approval.SshSignatures;
import dev.aigov.provenance.TestRepo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way of forging or replaying an approval through a request file fails: the gate and exec recompute the decision
 * from the repository and the trusted policy and count only signatures over the recomputed payload.
 */
class ForgedApprovalTest {
    @TempDir
    Path tmp;

    private TestRepo repo;
    private Reviewers reviewers;
    private Path policy;
    private Path request;
    private Path marker;

    @BeforeEach
    void setUp() throws Exception {
        repo = TestRepo.init(tmp.resolve("repo"));
        repo.commit().message("Initial import\n").file("README.md", "hi\n").create();
        repo.commit().message("Add cache\n\nCo-authored-by: Claude <noreply@anthropic.com>\n")
                .author("Dana", "dana@example.com").file("src/Cache.java", "class Cache {}\n").create();
        reviewers = Reviewers.create(tmp.resolve("trust"), "alice@example.org", "dana@example.com");
        policy = reviewers.policy("version: 1\nevidence: {}\n", Map.of());
        request = tmp.resolve("request.json");
        marker = tmp.resolve("deployed");
        assertThat(gate("--request-out", request.toString()).exit()).isEqualTo(10);
    }

    private CliRun gate(String... extra) {
        List<String> args = new ArrayList<>(List.of("gate", "--repo", repo.dir().toString(), "--policy", policy.toString(),
                "--job", "shop", "--build", "9"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    private CliRun exec(String build, String... extra) {
        List<String> args = new ArrayList<>(List.of("exec", "--role", "deploy", "--repo", repo.dir().toString(), "--policy",
                policy.toString(), "--job", "shop", "--build", build, "--request", request.toString(),
                "--journal", tmp.resolve("leases.journal").toString(), "--keys", tmp.resolve("keys").toString()));
        args.addAll(List.of(extra));
        args.addAll(List.of("--", "sh", "-c", "touch '" + marker + "'"));
        return withStderr(args.toArray(String[]::new));
    }

    /** Runs the CLI in this JVM, also capturing what exec prints to System.err. */
    static CliRun withStderr(String... args) {
        java.io.PrintStream old = System.err;
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            CliRun r = CliRun.of(args);
            return new CliRun(r.exit(), r.out(), r.err() + buf.toString(java.nio.charset.StandardCharsets.UTF_8));
        } finally {
            System.setErr(old);
        }
    }

    private CliRun approve(String principal, String... extra) {
        List<String> args = new ArrayList<>(List.of("approve", "--request", request.toString(), "--policy",
                policy.toString(), "--key", reviewers.key(principal).toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** Rewrites the request file the way an attacker would: any content, its id recomputed (a plain SHA-256). */
    private static ApprovalRequest forge(ApprovalRequest r, int required, String decision, List<ApprovalEvent> events) {
        ApprovalRequest draft = new ApprovalRequest("x", r.build(), decision, r.reasons(), r.commits(), required,
                r.groups(), r.architecturalReview(), r.architectsGroup(), List.of(), r.aliases(), r.createdAt(), events,
                r.base(), r.head(), r.policyDigest());
        return new ApprovalRequest(draft.computedId(), draft.build(), decision, draft.reasons(), draft.commits(), required,
                draft.groups(), draft.architecturalReview(), draft.architectsGroup(), List.of(), draft.aliases(),
                draft.createdAt(), events, draft.base(), draft.head(), draft.policyDigest());
    }

    private static ApprovalEvent unsigned(String actor) {
        return new ApprovalEvent(ApprovalEvent.APPROVED, actor, Instant.now(), "", "", true, List.of("architects"), List.of());
    }

    @Test
    void approvalsAddedToTheFileByHandNeverCount() throws Exception {
        ApprovalRequest r = ApprovalRequests.read(request);
        ApprovalRequests.write(request, forge(r, r.required(), r.decision(),
                List.of(unsigned("dana@example.com"), unsigned("claude[bot]"), unsigned("alice@example.org"))));

        CliRun gate = gate("--request", request.toString());
        assertThat(gate.exit()).isEqualTo(10);
        assertThat(gate.err()).contains("approval claimed by alice@example.org does not count: it is not signed");
        assertThat(exec("9").exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(marker).doesNotExist();
    }

    @Test
    void aLoweredRequirementOrAChangedDecisionIsIgnoredEvenWhenAReviewerSignedIt() throws Exception {
        ApprovalRequest r = ApprovalRequests.read(request);
        ApprovalRequests.write(request, forge(r, 0, "PASS", List.of()));
        CliRun gate = gate("--request", request.toString());
        assertThat(gate.exit()).as("the requirement is recomputed: 1 approval, none given").isEqualTo(10);
        assertThat(exec("9").exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(marker).doesNotExist();

        // Two approvals required; the file says one, and a reviewer signs that: the signature binds the lowered one.
        policy = reviewers.policy("version: 1\nevidence: {}\nrules:\n  - when: {aiAttributed: true}\n    require: {approvals: 2}\n",
                Map.of());
        Files.delete(request);
        assertThat(gate("--request-out", request.toString()).exit()).isEqualTo(10);
        ApprovalRequest strict = ApprovalRequests.read(request);
        assertThat(strict.required()).isEqualTo(2);
        ApprovalRequests.write(request, forge(strict, 1, strict.decision(), List.of()));
        assertThat(approve("alice@example.org").exit()).isZero();
        CliRun after = gate("--request", request.toString());
        assertThat(after.exit()).isEqualTo(10);
        assertThat(after.err()).contains("does not verify over this request's payload");
        assertThat(exec("9").exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(marker).doesNotExist();
    }

    @Test
    void aRequestWrittenFromNothingNeverUnlocksADeployRole() throws Exception {
        ApprovalRequest r = ApprovalRequests.read(request);
        Files.delete(request);
        ApprovalRequests.write(request, forge(r, 0, "APPROVAL_REQUIRED", List.of()));
        assertThat(ApprovalRequests.read(request).status()).as("the file itself claims APPROVED").hasToString("APPROVED");

        CliRun exec = exec("9");
        assertThat(exec.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(exec.err()).contains("requires approval").contains("pending");
        assertThat(marker).doesNotExist();
    }

    @Test
    void aSignatureByAKeyOutsideTheAllowedSignersNeverCounts() throws Exception {
        ApprovalRequest r = ApprovalRequests.read(request);
        Path stranger = reviewers.stranger("mallory");
        byte[] payload = r.binding().payload(ApprovalEvent.APPROVED, false, "");
        ApprovalEvent forged = new ApprovalEvent(ApprovalEvent.APPROVED, "alice@example.org", Instant.now(), "", "", false,
                List.of(), List.of(), new ApprovalEvent.Signed(SshSignatures.sign(stranger, payload), "SHA256:x", "",
                r.base(), r.head(), r.policyDigest()));
        ApprovalRequests.write(request, forge(r, r.required(), r.decision(), List.of(forged)));

        CliRun gate = gate("--request", request.toString());
        assertThat(gate.exit()).isEqualTo(10);
        assertThat(gate.err()).contains("its key is not in the allowed signers file");
        assertThat(exec("9").exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(marker).doesNotExist();
    }

    @Test
    void aValidSignatureOverAnotherRequestOrAnOlderHeadNeverCounts() throws Exception {
        assertThat(approve("alice@example.org").exit()).isZero();
        assertThat(exec("10").exit()).as("signed for build 9's request, not 10's").isEqualTo(ExitCodes.ERROR);
        assertThat(marker).doesNotExist();
        assertThat(exec("9").exit()).as("the genuine approval").isZero();
        assertThat(marker).exists();
        Files.delete(marker);

        repo.commit().message("Disable JWT signature checks\n").author("Hank", "hank@example.com")
                .file("src/Jwt.java", "class Jwt { boolean verify() { return true; } }\n").create();
        CliRun gate = gate("--request", request.toString());
        assertThat(gate.exit()).as("a new commit makes the approval stale").isEqualTo(10);
        assertThat(gate.err()).contains("is stale");
        CliRun exec = exec("9");
        assertThat(exec.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(exec.err()).contains("is stale");
        assertThat(marker).doesNotExist();
    }

    @Test
    void theAuthorsOwnSignedApprovalIsRefusedEvenWhenTheFileDropsTheExclusions() throws Exception {
        ApprovalRequest r = ApprovalRequests.read(request);
        ApprovalRequests.write(request, forge(r, r.required(), r.decision(), List.of()));
        assertThat(approve("dana@example.com").exit()).as("the edited file no longer excludes the author").isZero();
        CliRun gate = gate("--request", request.toString());
        assertThat(gate.exit()).isEqualTo(10);
        assertThat(gate.err()).contains("refused by rule commit-participant");
        assertThat(exec("9").exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(marker).doesNotExist();
    }
}
