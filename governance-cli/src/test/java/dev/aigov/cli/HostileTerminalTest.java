package dev.aigov.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigov.provenance.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Text from a repository never acts on the terminal: escape sequences print visibly; JSON keeps the exact value. */
class HostileTerminalTest {
    private static final String FAKE = "fix\u001b[2K\r\u001b[1;32mDecision   PASS\u001b[0m\u202e";

    @TempDir
    Path tmp;

    private TestRepo repo() {
        TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        repo.commit().message("Initial import\n").file("README.md", "hello\n").create();
        repo.commit().message(FAKE + "\n\nCo-authored-by: Claude <noreply@anthropic.com>\n")
                .file("src/auth/\u001b[31mLogin.java", "class Login {}\n").create();
        return repo;
    }

    @Test
    void controlCharactersInSubjectsAndPathsAreShownNotObeyedInText() {
        TestRepo repo = repo();
        CliRun scan = CliRun.of("scan", "--repo", repo.dir().toString());
        assertThat(scan.out()).doesNotContain("\u001b", "\r", "\u202e")
                .contains("fix\\x1b[2K\\x0d\\x1b[1;32mDecision");

        CliRun gate = CliRun.of("gate", "--repo", repo.dir().toString());
        assertThat(gate.out() + gate.err()).doesNotContain("\u001b", "\r").contains("\\x1b[31mLogin.java");
    }

    @Test
    void jsonKeepsTheExactValue() throws Exception {
        TestRepo repo = repo();
        CliRun scan = CliRun.of("scan", "--repo", repo.dir().toString(), "--format", "json");
        assertThat(new ObjectMapper().readTree(scan.out()).get("commits").get(0).get("paths").get(0).asText())
                .isEqualTo("src/auth/\u001b[31mLogin.java");
    }

    @Test
    void visibleEscapesEveryControlAndBidiCharacterAndNothingElse() {
        assertThat(Terminal.visible("a\u001bb\tc\nd\u007f\u009b\u202eé✓")).isEqualTo("a\\x1bb\\x09c\\x0ad\\x7f\\x9b\\u202eé✓");
        assertThat(Terminal.visible("plain/path.java")).isEqualTo("plain/path.java");
    }
}
