package dev.aigov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigov.provenance.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** A deploy-scoped role (requiresApproval) is issued only to the run whose gate request is approved. */
class ExecApprovalTest {
    @TempDir
    Path tmp;

    private Path request;
    private Path marker;
    private Path repoDir;
    private Path policy;

    private String[] exec(String build, boolean withRequest) {
        String[] base = {"exec", "--role", "deploy", "--job", "shop", "--build", build, "--repo", repoDir.toString(),
                "--policy", policy.toString(),
                "--journal", tmp.resolve("leases.journal").toString(), "--keys", tmp.resolve("keys").toString()};
        String[] command = {"--", "sh", "-c", "printf %s \"$AIGOV_ID_TOKEN\" > '" + marker + "'"};
        String[] middle = withRequest ? new String[] {"--request", request.toString()} : new String[0];
        String[] all = new String[base.length + middle.length + command.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(middle, 0, all, base.length, middle.length);
        System.arraycopy(command, 0, all, base.length + middle.length, command.length);
        return all;
    }

    @Test
    void deployRoleNeedsTheApprovedRequestOfTheSameRun() throws Exception {
        TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        repo.commit().message("Add cache\n\nAssisted-by: Claude Code\n").file("src/Cache.java", "class Cache {}\n").create();
        repoDir = repo.dir();
        Reviewers reviewers = Reviewers.create(tmp.resolve("trust"), "alice@example.org");
        policy = reviewers.policy("version: 1\nevidence: {}\n", java.util.Map.of());
        request = tmp.resolve("request.json");
        marker = tmp.resolve("deployed");
        assertThat(CliRun.of("gate", "--repo", repo.dir().toString(), "--policy", policy.toString(), "--job", "shop",
                "--build", "9", "--request-out", request.toString()).exit()).isEqualTo(10);

        assertThat(CliRun.of(exec("9", false)).exit()).as("no request: refused").isEqualTo(ExitCodes.ERROR);
        assertThat(CliRun.of(exec("9", true)).exit()).as("pending request: refused").isEqualTo(ExitCodes.ERROR);
        assertThat(marker).doesNotExist();

        assertThat(CliRun.of("approve", "--request", request.toString(), "--policy", policy.toString(), "--key",
                reviewers.key("alice@example.org").toString()).exit()).isZero();
        assertThat(CliRun.of(exec("10", true)).exit()).as("approved, but for build 9").isEqualTo(ExitCodes.ERROR);
        assertThat(marker).doesNotExist();

        assertThat(CliRun.of(exec("9", true)).exit()).isZero();
        assertThat(marker).exists();
        String[] jwt = Files.readString(marker).split("\\.");
        JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt[1]));
        assertThat(claims.get("gate").asText()).as("the identity says what the gate decided").isEqualTo("APPROVED");
        assertThat(claims.get("role").asText()).isEqualTo("deploy");
        assertThat(claims.get("sub").asText()).isEqualTo("shop#9");
    }
}
