package dev.aigov.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigov.gate.Decision;
import dev.aigov.ledger.Events;
import dev.aigov.ledger.Ledger;
import dev.aigov.ledger.LedgerKey;
import dev.aigov.ledger.TestEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The last build governed at a change's base commit, found in earlier builds' real ledgers. */
class BaseBuildTest {
    private static final String A = "a".repeat(40);
    private static final String B = "b".repeat(40);
    private static final String C = "c".repeat(40);

    @TempDir
    Path tmp;

    private Path ledger(String name, String base, String head) {
        Path file = tmp.resolve(name).resolve("ledger.jsonl");
        Ledger ledger = Ledger.open(file, TestEvents.BUILD);
        ledger.append("aigov-cli", Events.gateEvaluated(head, new Decision.Pass(List.of()), List.of(), List.of(), List.of(),
                new Events.GateContext(base + ".." + head, base, "policy.yaml", "", "", "")));
        Ledger.seal(file, LedgerKey.loadOrCreate(tmp.resolve("key")), "aigov-cli", List.of());
        return file;
    }

    @Test
    void theNewestBuildWhoseGovernedHeadIsTheBaseIsPicked() {
        List<BaseBuild.Candidate> newestFirst = List.of(
                new BaseBuild.Candidate("#5", "../../5/", ledger("5", B, C)),
                new BaseBuild.Candidate("#4", "../../4/", ledger("4", A, B)),
                new BaseBuild.Candidate("#3", "../../3/", ledger("3", A, B)),
                new BaseBuild.Candidate("#2", "../../2/", ledger("2", "", A)));

        assertThat(BaseBuild.lastGovernedAt(B, newestFirst, null)).contains(new BaseBuild("#4", "../../4/"));
        assertThat(BaseBuild.lastGovernedAt(A, newestFirst, null)).contains(new BaseBuild("#2", "../../2/"));
    }

    @Test
    void noBuildIsNamedWhenNoneGovernedTheBaseOrThereIsNoBase() throws Exception {
        Path damaged = tmp.resolve("damaged.jsonl");
        Files.writeString(damaged, "not a ledger\n");
        List<BaseBuild.Candidate> newestFirst = List.of(
                new BaseBuild.Candidate("#3", "../../3/", ledger("3", B, C)),
                new BaseBuild.Candidate("#2", "../../2/", damaged),
                new BaseBuild.Candidate("#1", "../../1/", tmp.resolve("none/ledger.jsonl")));

        assertThat(BaseBuild.lastGovernedAt(A, newestFirst, null)).isEmpty();
        assertThat(BaseBuild.lastGovernedAt("", newestFirst, null)).isEmpty();
    }

    @Test
    void theBaseIsReadFromTheChangesOwnLedger() {
        assertThat(BaseBuild.baseCommit(ledger("6", B, C), null)).isEqualTo(B);
        assertThat(BaseBuild.governedHead(ledger("7", B, C), null)).isEqualTo(C);
    }
}
