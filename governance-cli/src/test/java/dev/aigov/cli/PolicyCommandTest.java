package dev.aigov.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyCommandTest {

    @Test
    void validPolicyExitsZeroAndSummarises(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("p.yaml"), "version: 1\nlimits: {maxTtl: 1h}\n");
        CliRun run = CliRun.of("policy", "check", file.toString());
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo(file + ": valid (2 rules, 7 categories, 2 identities)\n");
    }

    @Test
    void invalidPolicyExitsTwoWithFileLineColumnAndMessage(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("p.yaml"), "version: 1\nrules:\n  - when: {aiAttributed: true}\n    require: {approval: 1}\n");
        CliRun run = CliRun.of("policy", "check", file.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo(file + ":4:15: rules[0].require.approval: unknown key; expected one of approvals, architecturalReview, groups\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void everyFileIsCheckedEvenAfterAnInvalidOne(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "version: 3\n");
        Path good = Files.writeString(dir.resolve("good.yaml"), "version: 1\n");
        CliRun run = CliRun.of("policy", "check", bad.toString(), good.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("bad.yaml:1:10: version: unsupported version");
        assertThat(run.out()).contains("good.yaml: valid");
    }

    @Test
    void missingArgumentIsAUsageError() {
        CliRun run = CliRun.of("policy", "check");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required parameter: 'FILE'");
    }

    @Test
    void defaultPrintsTheBuiltInPolicyWhichLoadsBack(@TempDir Path dir) throws Exception {
        CliRun run = CliRun.of("policy", "default");
        assertThat(run.exit()).isZero();
        Path file = Files.writeString(dir.resolve("default.yaml"), run.out());
        assertThat(CliRun.of("policy", "check", file.toString()).exit()).isZero();
    }

    @Test
    void aPolicyNamingAMissingAllowedSignersFileIsInvalid(@TempDir Path dir) throws Exception {
        Path policy = java.nio.file.Files.writeString(dir.resolve("policy.yaml"),
                "version: 1\napproval:\n  allowedSigners: allowed_signers\n");
        CliRun missing = CliRun.of("policy", "check", policy.toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("approval.allowedSigners: no such file");
        java.nio.file.Files.writeString(dir.resolve("allowed_signers"), "");
        assertThat(CliRun.of("policy", "check", policy.toString()).exit()).isZero();
    }
}
