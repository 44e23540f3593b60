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

/** One build end to end through the CLI: gate, approvals, a deploy credential, seal, verify and report, all in one ledger. */
class AuditTrailTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void everyActionOfTheBuildLandsInOneSealedVerifiableLedgerWithoutSecrets() throws Exception {
        TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        repo.commit().message("Initial import\n").file("README.md", "hi\n").create();
        String base = repo.head();
        repo.commit().message("Tune retry policy\n\nCo-authored-by: Claude <noreply@anthropic.com>\n")
                .author("Mallory", "mallory@example.com").file("src/Retry.java", "class Retry {}\n").create();
        Reviewers reviewers = Reviewers.create(tmp.resolve("trust"), "mallory@example.com", "alice@example.org");
        Path policy = reviewers.policy("version: 1\nevidence: {}\n", java.util.Map.of());
        Path ledger = tmp.resolve("build.ledger");
        Path request = tmp.resolve("request.json");
        Path tokenSeen = tmp.resolve("token-seen");
        String[] run = {"--job", "shop", "--build", "12"};

        assertThat(CliRun.of(cat(new String[] {"gate", "--repo", repo.dir().toString(), "--policy",
                policy.toString(), "--ledger", ledger.toString(), "--request-out", request.toString()}, run)).exit()).isEqualTo(10);
        assertThat(CliRun.of("approve", "--request", request.toString(), "--policy", policy.toString(), "--key",
                reviewers.key("mallory@example.com").toString(), "--ledger", ledger.toString()).exit()).isEqualTo(30);
        assertThat(CliRun.of("approve", "--request", request.toString(), "--policy", policy.toString(), "--key",
                reviewers.key("alice@example.org").toString(), "--ledger", ledger.toString()).exit()).isZero();
        assertThat(CliRun.of(cat(new String[] {"exec", "--role", "deploy", "--repo", repo.dir().toString(), "--policy",
                policy.toString(), "--request", request.toString(),
                "--ledger", ledger.toString(), "--journal", tmp.resolve("leases").toString(), "--keys", tmp.resolve("keys").toString()},
                cat(run, "--", "sh", "-c", "printf %s \"$AIGOV_ID_TOKEN\" > '" + tokenSeen + "'"))).exit()).isZero();
        String token = Files.readString(tokenSeen);
        assertThat(token).as("the command received its token").hasSizeGreaterThan(100);

        assertThat(CliRun.of("seal", "--ledger", ledger.toString(), "--key", tmp.resolve("ledger-key").toString()).exit()).isZero();
        assertThat(CliRun.of("verify", "--ledger", ledger.toString()).exit()).as("not pinned")
                .isEqualTo(ExitCodes.LEDGER_UNPINNED);
        CliRun exported = CliRun.of("key", "export", "--key", tmp.resolve("ledger-key").toString());
        Path pinned = Files.writeString(tmp.resolve("ledger-key.pem"), exported.out().substring(exported.out().indexOf("-----BEGIN")));
        CliRun verify = CliRun.of("verify", "--ledger", ledger.toString(), "--public-key", pinned.toString());
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();

        List<String> types = new ArrayList<>();
        for (String line : Files.readAllLines(ledger)) {
            types.add(JSON.readTree(line).get("type").asText());
        }
        assertThat(types).containsExactly("gate.evaluated", "approval.requested", "approval.refused", "approval.granted",
                "credential.issued", "credential.revoked", "ledger.sealed");
        String ledgerText = Files.readString(ledger);
        assertThat(ledgerText).doesNotContain(token).doesNotContain(token.substring(token.length() - 40));

        Path html = tmp.resolve("report.html");
        assertThat(CliRun.of("report", "--ledger", ledger.toString(), "--out", html.toString(), "--public-key",
                pinned.toString()).exit()).isZero();
        String page = Files.readString(html);
        assertThat(page).contains("APPROVAL_REQUIRED", "alice@example.org", "mallory@example.com", "deploy").doesNotContain(token);

        Path json = tmp.resolve("report.json");
        assertThat(CliRun.of("report", "--ledger", ledger.toString(), "--out", json.toString(), "--format", "json",
                "--public-key", pinned.toString()).exit()).isZero();
        JsonNode record = JSON.readTree(json.toFile());
        assertThat(record.toString()).doesNotContain(token);
    }

    private static String[] cat(String[] head, String... tail) {
        String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
