package dev.aigov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigov.approval.ApprovalBinding;
import dev.aigov.approval.ApprovalEvent;
import dev.aigov.approval.ApprovalRequest;
import dev.aigov.approval.ApprovalRequests;
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

/** A rejection recorded in the build's ledger sticks to the head it rejected; the ledger says who signed what. */
class RejectionSticksTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private TestRepo repo;
    private Reviewers reviewers;
    private Path policy;
    private Path request;
    private Path ledger;

    @BeforeEach
    void setUp() throws Exception {
        repo = TestRepo.init(tmp.resolve("repo"));
        repo.commit().message("Initial import\n").file("README.md", "hi\n").create();
        repo.commit().message("Add cache\n\nAssisted-by: Claude Code\n").file("src/Cache.java", "class Cache {}\n").create();
        reviewers = Reviewers.create(tmp.resolve("trust"), "carol@example.org", "alice@example.org");
        policy = reviewers.policy("version: 1\nevidence: {}\n", Map.of());
        request = tmp.resolve("request.json");
        ledger = tmp.resolve("build.ledger");
    }

    private CliRun gate(String... extra) {
        List<String> args = new ArrayList<>(List.of("gate", "--repo", repo.dir().toString(), "--policy", policy.toString(),
                "--job", "shop", "--build", "5", "--ledger", ledger.toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    private CliRun approve(String principal, String... extra) {
        List<String> args = new ArrayList<>(List.of("approve", "--request", request.toString(), "--policy",
                policy.toString(), "--key", reviewers.key(principal).toString(), "--ledger", ledger.toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void deletingTheRequestFileDoesNotEraseARejectionOnlyANewHeadGetsAFreshRequest() throws Exception {
        assertThat(gate("--request-out", request.toString()).exit()).isEqualTo(10);
        assertThat(approve("carol@example.org", "--reject", "--reason", "no tests").exit()).isZero();
        Files.delete(request);

        CliRun again = gate("--request-out", request.toString());
        assertThat(again.exit()).as("the rejection in the ledger still holds").isEqualTo(20);
        assertThat(again.out()).contains("APPROVAL_REJECTED", "Rejected by carol@example.org: no tests");
        assertThat(again.err()).contains("holds a rejection of this change");
        assertThat(approve("alice@example.org").exit()).as("the fresh file is still pending").isZero();
        assertThat(gate("--request", request.toString()).exit()).as("an approval cannot outvote the rejection").isEqualTo(20);

        repo.commit().message("Add the tests\n").file("src/CacheTest.java", "class CacheTest {}\n").create();
        Files.delete(request);
        assertThat(gate("--request-out", request.toString()).exit()).as("a new head: a fresh request").isEqualTo(10);
    }

    @Test
    void theLedgerRecordsTheSignersKeyFingerprintAndThePayloadDigest() throws Exception {
        assertThat(gate("--request-out", request.toString()).exit()).isEqualTo(10);
        CliRun approved = approve("alice@example.org");
        assertThat(approved.exit()).isZero();
        ApprovalRequest r = ApprovalRequests.read(request);
        JsonNode granted = null;
        for (String line : Files.readAllLines(ledger)) {
            JsonNode event = JSON.readTree(line);
            if (event.get("type").asText().equals("approval.granted")) {
                granted = event.get("data");
            }
        }
        assertThat(granted).isNotNull();
        String fingerprint = approved.out().replaceAll("(?s).*signed with (SHA256:\\S+).*", "$1");
        assertThat(granted.get("signature").get("keyFingerprint").asText()).startsWith("SHA256:").isEqualTo(fingerprint);
        assertThat(granted.get("signature").get("payloadSha256").asText())
                .isEqualTo(ApprovalBinding.sha256(r.binding().payload(ApprovalEvent.APPROVED, false, "")));
        assertThat(granted.get("head").asText()).isEqualTo(repo.head());
        assertThat(granted.get("base").asText()).isEmpty();
        assertThat(granted.get("policyDigest").asText()).startsWith("sha256:").isEqualTo(r.policyDigest());
        assertThat(granted.get("approver").asText()).isEqualTo("alice@example.org");
    }

    @Test
    void execRefusesADeployRoleWhenTheLedgerHoldsAFailOrARejectionOfThisHead() throws Exception {
        Path marker = tmp.resolve("deployed");
        String[] exec = {"exec", "--role", "deploy", "--repo", repo.dir().toString(), "--policy", policy.toString(),
                "--job", "shop", "--build", "5", "--request", request.toString(), "--ledger", ledger.toString(),
                "--journal", tmp.resolve("leases.journal").toString(), "--keys", tmp.resolve("keys").toString(),
                "--", "sh", "-c", "touch '" + marker + "'"};
        assertThat(gate("--request-out", request.toString()).exit()).isEqualTo(10);
        assertThat(approve("alice@example.org").exit()).isZero();
        // the gate fails this head for missing evidence (exec recomputes approvals, not evidence)
        Path strict = Files.writeString(tmp.resolve("trust/strict.yaml"), "version: 1\nevidence:\n  coverage: {minLine: 0.8}\n"
                + Reviewers.approvalSection(Map.of()));
        assertThat(CliRun.of("gate", "--repo", repo.dir().toString(), "--policy", strict.toString(), "--job", "shop",
                "--build", "5", "--ledger", ledger.toString()).exit()).isEqualTo(20);
        CliRun refused = ForgedApprovalTest.withStderr(exec);
        assertThat(refused.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(refused.err()).contains("last decision on this head").contains("is FAIL");
        assertThat(marker).doesNotExist();

        assertThat(gate("--request", request.toString()).exit()).as("approved under the policy that governs").isZero();
        assertThat(ForgedApprovalTest.withStderr(exec).exit()).isZero();
        assertThat(marker).exists();
    }

    @Test
    void aRejectionCutFromTheRequestFileStillStopsGateAndExec() throws Exception {
        Path marker = tmp.resolve("deployed");
        assertThat(gate("--request-out", request.toString()).exit()).isEqualTo(10);
        assertThat(approve("carol@example.org", "--reject", "--reason", "found a bug").exit()).isZero();
        ApprovalRequest rejected = ApprovalRequests.read(request);
        ApprovalRequests.write(request, new ApprovalRequest(rejected.id(), rejected.build(), rejected.decision(),
                rejected.reasons(), rejected.commits(), rejected.required(), rejected.groups(), rejected.architecturalReview(),
                rejected.architectsGroup(), rejected.excluded(), rejected.aliases(), rejected.createdAt(), List.of(),
                rejected.base(), rejected.head(), rejected.policyDigest()));
        assertThat(approve("alice@example.org").exit()).as("a genuine signature on the doctored file").isZero();

        assertThat(gate("--request", request.toString()).exit()).isEqualTo(20);
        CliRun exec = ForgedApprovalTest.withStderr("exec", "--role", "deploy", "--repo", repo.dir().toString(), "--policy",
                policy.toString(), "--job", "shop", "--build", "5", "--request", request.toString(), "--ledger",
                ledger.toString(), "--journal", tmp.resolve("leases.journal").toString(), "--keys",
                tmp.resolve("keys").toString(), "--", "sh", "-c", "touch '" + marker + "'");
        assertThat(exec.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(exec.err()).contains("holds a rejection of this change by carol@example.org");
        assertThat(marker).doesNotExist();
    }
}
