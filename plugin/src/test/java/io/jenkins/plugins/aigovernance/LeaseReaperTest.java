package io.jenkins.plugins.aigovernance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigov.build.BuildRef;
import dev.aigov.credentials.CredentialProvider;
import dev.aigov.credentials.IdentityRequest;
import dev.aigov.credentials.Lease;
import dev.aigov.credentials.LeaseJournal;
import dev.aigov.policy.IdentityRole;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real tokens from the embedded issuer, journalled as the broker does, left behind by "dead" builds. */
class LeaseReaperTest {
    private static final IdentityRole AGENT = new IdentityRole("agent", "jwt", List.of(), "", "https://agent.example",
            Duration.ofMinutes(10), 0, false);

    @TempDir
    Path home;

    private TestProvider provider;
    private JournalRegistry registry;

    @BeforeEach
    void setUp() {
        provider = new TestProvider(home.resolve("jwt"));
        registry = new JournalRegistry(home.resolve("registry"));
    }

    private Map<String, CredentialProvider> providers() {
        return Map.of("jwt", provider);
    }

    private LeaseJournal buildWithOpenLeases(String run, int leases) throws Exception {
        LeaseJournal journal = new LeaseJournal(home.resolve("builds").resolve(run.replace('#', '_')).resolve("leases.jsonl"));
        registry.register(run, journal.file());
        for (int i = 0; i < leases; i++) {
            Lease lease = provider.issue(new IdentityRequest(new BuildRef("app", run, "", ""), "agent", null, "", "", "", ""), AGENT);
            journal.issued(new LeaseJournal.Entry(lease.handle(), "agent", run, lease.issuedAt(), lease.expiresAt()));
        }
        return journal;
    }

    @Test
    void revokesWhatDeadBuildsLeftAndSparesRunningOnes() throws Exception {
        LeaseJournal dead = buildWithOpenLeases("app#7", 2);
        LeaseJournal running = buildWithOpenLeases("app#8", 1);

        LeaseReaper.Result result = new LeaseReaper(registry, Set.of("app#8")::contains, this::providers).reap();

        assertThat(result).isEqualTo(new LeaseReaper.Result(2, 0, 1));
        assertThat(dead.outstanding()).isEmpty();
        assertThat(running.outstanding()).hasSize(1);
        assertThat(provider.live()).hasSize(1);
        assertThat(registry.entries()).extracting(JournalRegistry.Entry::run).containsExactly("app#8");
    }

    @Test
    void aFailedRevokeStaysForTheNextStartAndTheReaperCanRunTwice() throws Exception {
        LeaseJournal journal = buildWithOpenLeases("app#9", 1);
        provider.failRevoke = true;
        LeaseReaper reaper = new LeaseReaper(registry, run -> false, this::providers);
        assertThat(reaper.reap()).isEqualTo(new LeaseReaper.Result(0, 1, 0));
        assertThat(journal.outstanding()).hasSize(1);
        assertThat(registry.entries()).hasSize(1);

        provider.failRevoke = false;
        assertThat(reaper.reap()).isEqualTo(new LeaseReaper.Result(1, 0, 0));
        assertThat(reaper.reap()).isEqualTo(new LeaseReaper.Result(0, 0, 0));
        assertThat(provider.live()).isEmpty();
        assertThat(registry.entries()).isEmpty();
    }

    @Test
    void reapingOneFinishedRunLeavesOtherBuildsAlone() throws Exception {
        LeaseJournal finished = buildWithOpenLeases("app#11", 1);
        LeaseJournal other = buildWithOpenLeases("app#12", 1);
        new LeaseReaper(registry, run -> false, this::providers).reapRun("app#11");
        assertThat(finished.outstanding()).isEmpty();
        assertThat(other.outstanding()).hasSize(1);
    }
}
