package dev.aigov.cli;

import dev.aigov.provenance.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gate's start-up budget (issue 13 §1) depends on how many git processes it spawns: a few whole-range reads, not
 * one process per revision, per question or per CI variable. The real gate runs as a process with a {@code git} first
 * on its PATH that logs each call and hands it to the real git.
 */
class GateGitProcessesTest {
    /** The one-commit gate: open, resolve every revision, the policy at the base, the commits, their patches. */
    private static final int ONE_COMMIT_BUDGET = 5;

    @TempDir
    Path tmp;

    private Path log;
    private Map<String, String> env;

    private TestRepo oneAiCommit() throws Exception {
        TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        repo.commit().message("Initial import\n").file("README.md", "service\n").create();
        repo.commit().message("Add login\n\nCo-authored-by: Claude <noreply@anthropic.com>\n")
                .file("src/auth/Login.java", "class Login {\n  String key = \"AKIAQ7K3ZP2M4XW4R6TB\";\n}\n").create();
        log = tmp.resolve("git-calls.log");
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path wrapper = bin.resolve("git");
        Files.writeString(wrapper, "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '" + log + "'\nexec '" + realGit() + "' \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        env = Map.of("PATH", bin + File.pathSeparator + System.getenv("PATH"));
        return repo;
    }

    private static Path realGit() {
        for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
            Path git = Path.of(dir, "git");
            if (Files.isExecutable(git)) {
                return git;
            }
        }
        throw new IllegalStateException("git is not on PATH");
    }

    private List<String> calls() throws Exception {
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    @Test
    void aOneCommitGateSpawnsAtMostFiveGitProcesses() throws Exception {
        TestRepo repo = oneAiCommit();

        Aigov gate = Aigov.run(tmp, env, "gate", "--repo", repo.dir().toString(), "--range", "HEAD~1..HEAD");

        assertThat(gate.exit()).as(gate.err()).isEqualTo(20);
        assertThat(gate.out()).contains("SECRET_IN_DIFF", "EVIDENCE_MISSING").as("the secret scan still read the patch");
        assertThat(calls()).as("git calls").hasSizeLessThanOrEqualTo(ONE_COMMIT_BUDGET)
                .anySatisfy(call -> assertThat(call).contains("cat-file --batch"))
                .noneSatisfy(call -> assertThat(call).contains("rev-parse --verify -q"));
    }

    @Test
    void ciVariablesNamingManyCandidateBasesCostNoMoreGitProcesses() throws Exception {
        TestRepo repo = oneAiCommit();
        String previous = repo.git("rev-parse", "HEAD~1");
        Map<String, String> ci = new java.util.HashMap<>(env);
        ci.putAll(Map.of("CHANGE_TARGET", "no-such-target", "GITHUB_BASE_REF", "no-such-base",
                "CI_MERGE_REQUEST_DIFF_BASE_SHA", "0123456789abcdef0123456789abcdef01234567",
                "GIT_PREVIOUS_SUCCESSFUL_COMMIT", previous));

        Aigov gate = Aigov.run(tmp, ci, "gate", "--repo", repo.dir().toString(), "--format", "json");

        assertThat(gate.exit()).as(gate.err()).isEqualTo(20);
        assertThat(gate.out()).contains("\"trustedBaseSource\" : \"GIT_PREVIOUS_SUCCESSFUL_COMMIT=" + previous + "\"",
                "\"coversTrustedRange\" : true");
        assertThat(calls()).as("git calls: seven candidate revisions are one batch").hasSizeLessThanOrEqualTo(ONE_COMMIT_BUDGET);
    }
}
