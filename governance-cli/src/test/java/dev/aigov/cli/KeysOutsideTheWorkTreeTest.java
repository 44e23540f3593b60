package dev.aigov.cli;

import dev.aigov.provenance.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Private keys never land in a work tree: per-user state directories by default, and a refusal inside a repository. */
class KeysOutsideTheWorkTreeTest {
    @TempDir
    Path tmp;

    @Test
    void aKeyFileInsideTheRepositoryIsRefusedUnlessExplicitlyAllowed() throws Exception {
        TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        repo.commit("Initial import\n");
        Path keys = repo.dir().resolve(".aigov/jwt-keys");
        String[] exec = {"exec", "--role", "agent", "--keys", keys.toString(), "--journal",
                tmp.resolve("leases.journal").toString(), "--", "true"};
        CliRun refused = CliRun.of(exec);
        assertThat(refused.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.err()).contains("refusing to create JWT signing keys").contains("inside the git work tree")
                .contains("--allow-key-in-worktree");
        assertThat(keys).doesNotExist();

        CliRun seal = CliRun.of("seal", "--ledger", tmp.resolve("l.jsonl").toString(), "--key",
                repo.dir().resolve("ledger-key").toString());
        assertThat(seal.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(seal.err()).contains("refusing to create the ledger sealing key");
        assertThat(repo.dir().resolve("ledger-key")).doesNotExist();

        String[] allowed = java.util.Arrays.copyOf(exec, exec.length + 1);
        System.arraycopy(exec, 0, allowed, 1, exec.length);
        allowed[0] = exec[0];
        allowed[1] = Locations.ALLOW_OPTION;
        assertThat(CliRun.of(allowed).exit()).as("explicitly told").isZero();
        assertThat(keys).isDirectory();
    }

    @Test
    void defaultKeysAndJournalLiveInTheXdgStateDirectoryPrivateToTheUser() throws Exception {
        TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        repo.commit("Initial import\n");
        Path work = Files.createDirectories(repo.dir().resolve("build"));
        Path state = tmp.resolve("state");
        Aigov run = Aigov.run(work, Map.of("AIGOV_HOME", "", "XDG_STATE_HOME", state.toString()),
                "exec", "--role", "agent", "--", "true");
        assertThat(run.exit()).as(run.err()).isZero();

        Path home = state.resolve("aigov");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home))).isEqualTo("rwx------");
        assertThat(home.resolve("jwt-keys")).isDirectory();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("jwt-keys")))).isEqualTo("rwx------");
        try (Stream<Path> files = Files.walk(home.resolve("jwt-keys"))) {
            List<Path> keyFiles = files.filter(Files::isRegularFile).toList();
            assertThat(keyFiles).isNotEmpty().allSatisfy(f ->
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------"));
        }
        assertThat(home.resolve("leases.journal")).exists();
        try (Stream<Path> inRepo = Files.walk(repo.dir())) {
            assertThat(inRepo.filter(p -> !p.startsWith(repo.dir().resolve(".git")) && !p.startsWith(work.resolve("logs")))
                    .filter(Files::isRegularFile).map(p -> repo.dir().relativize(p).toString()))
                    .as("nothing but the repository's own files").allMatch(p -> p.startsWith("file-"));
        }
    }
}
