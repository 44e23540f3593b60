package dev.aigov.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code aigov demo} from the built jar, offline: every step shows what it should and the report is written. */
class DemoIT {
    @TempDir
    Path work;

    @Test
    void theDemoWalksTheWholeFlowAndEndsWithTheReportPath() throws Exception {
        BuiltCli demo = BuiltCli.jar(work, "demo", "sample");

        assertThat(demo.exit()).as(demo.toString()).isZero();
        assertThat(demo.out())
                .contains("5 commits, 4 AI-attributed")
                .contains("claude-code", "cursor", "devin", "github-copilot")
                .contains("Decision   FAIL", "SECRET_IN_DIFF", "AKIA****")
                .contains("Evidence   coverage: target/site/jacoco/jacoco.xml (discovered)")
                .contains("Decision   APPROVAL_REQUIRED", "authentication, ci-config, dependencies")
                .contains("refused by rule commit-participant")
                .contains("approvals 2 of 2", "Decision   PASS")
                .contains("deploying order-service with token ****")
                .contains("is revoked")
                .contains("INTACT_SEALED")
                .contains("What each step showed:")
                .doesNotContain("UNEXPECTED")
                .doesNotContain("AKIA" + "J7QW2ZC4XK5RT3VB");
        Path report = work.resolve("sample/governance/audit.html");
        assertThat(demo.out().replace("The audit report: " + report, "")).as("paths shown as the user named them")
                .doesNotContain(work.toString());
        assertThat(demo.out()).endsWith("--format json\n").contains("The audit report: " + report);
        assertThat(Files.readString(report)).contains("<html", "alice@shop.example", "bob@shop.example");
        String token = Files.readString(work.resolve("sample/governance/deploy-token")).strip();
        assertThat(token).isNotEmpty();
        assertThat(demo.out()).doesNotContain(token);
        assertThat(Files.readString(work.resolve("sample/governance/build.ledger"))).doesNotContain(token);
    }

    @Test
    void aDirectoryThatIsNotEmptyIsRefusedWithExitTwo() throws Exception {
        Files.writeString(Files.createDirectories(work.resolve("taken")).resolve("file"), "x");
        BuiltCli demo = BuiltCli.jar(work, "demo", "taken");
        assertThat(demo.exit()).isEqualTo(2);
        assertThat(demo.err()).contains("taken exists and is not an empty directory");
    }
}
