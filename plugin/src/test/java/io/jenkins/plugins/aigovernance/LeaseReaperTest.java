package io.jenkins.plugins.aigovernance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigov.credentials.CredentialException;
import dev.aigov.credentials.LeaseHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaseReaperTest {
    @TempDir
    Path home;

    private LeaseJournal journalFor(JournalRegistry registry, String run, String... ids) throws Exception {
        LeaseJournal journal = LeaseJournal.inBuild(home.resolve("builds").resolve(run.replace('#', '_')));
        registry.register(run, journal.file());
        for (String id : ids) {
            journal.issued(new LeaseHandle("vault", id, Map.of("parent", "acc-parent")), "agent", Instant.now());
        }
        return journal;
    }

    @Test
    void revokesWhatDeadBuildsLeftAndSparesRunningOnes() throws Exception {
        JournalRegistry registry = new JournalRegistry(home.resolve("registry"));
        LeaseJournal dead = journalFor(registry, "app#7", "acc-1", "acc-2");
        dead.revoked(new LeaseHandle("vault", "acc-2", Map.of()));
        LeaseJournal running = journalFor(registry, "app#8", "acc-3");

        List<String> revoked = new ArrayList<>();
        LeaseReaper.Result result = new LeaseReaper(registry, Set.of("app#8")::contains,
                handle -> revoked.add(handle.id() + "/" + handle.attributes().get("parent"))).reap();

        assertThat(revoked).containsExactly("acc-1/acc-parent");
        assertThat(result).isEqualTo(new LeaseReaper.Result(1, 0, 1));
        assertThat(dead.open()).isEmpty();
        assertThat(running.open()).hasSize(1);
        assertThat(registry.entries()).extracting(JournalRegistry.Entry::run).containsExactly("app#8");
    }

    @Test
    void aFailedRevokeStaysForTheNextStartAndTheReaperCanRunTwice() throws Exception {
        JournalRegistry registry = new JournalRegistry(home.resolve("registry"));
        LeaseJournal journal = journalFor(registry, "app#9", "acc-9");
        LeaseReaper down = new LeaseReaper(registry, run -> false, handle -> {
            throw new CredentialException("vault sealed");
        });
        assertThat(down.reap()).isEqualTo(new LeaseReaper.Result(0, 1, 0));
        assertThat(journal.open()).hasSize(1);
        assertThat(registry.entries()).hasSize(1);

        List<String> revoked = new ArrayList<>();
        LeaseReaper up = new LeaseReaper(registry, run -> false, handle -> revoked.add(handle.id()));
        up.reap();
        up.reap();
        assertThat(revoked).containsExactly("acc-9");
    }

    @Test
    void reapingOneFinishedRunLeavesOtherBuildsAlone() throws Exception {
        JournalRegistry registry = new JournalRegistry(home.resolve("registry"));
        LeaseJournal finished = journalFor(registry, "app#11", "acc-11");
        LeaseJournal other = journalFor(registry, "app#12", "acc-12");
        List<String> revoked = new ArrayList<>();
        new LeaseReaper(registry, run -> false, handle -> revoked.add(handle.id())).reapRun("app#11");
        assertThat(revoked).containsExactly("acc-11");
        assertThat(finished.open()).isEmpty();
        assertThat(other.open()).hasSize(1);
    }

    @Test
    void aDamagedJournalLineIsReportedWithItsPosition() throws Exception {
        JournalRegistry registry = new JournalRegistry(home.resolve("registry"));
        LeaseJournal journal = journalFor(registry, "app#10", "acc-10");
        Files.writeString(journal.file(), "{not json\n", java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(journal::open).hasMessageContaining(journal.file() + ":2:");
    }
}
