package io.jenkins.plugins.aigovernance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigov.build.BuildRef;
import dev.aigov.credentials.CredentialProvider;
import dev.aigov.credentials.IdentityRequest;
import dev.aigov.credentials.Lease;
import dev.aigov.credentials.LeaseJournal;
import dev.aigov.policy.IdentityRole;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigov.credentials.LeaseHandle;
import hudson.init.InitMilestone;
import hudson.init.Initializer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
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

    private CredentialProvider providers(String id, String run) {
        assertThat(id).isEqualTo("jwt");
        return provider;
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
    void aRenamedJobsBuildIsStillReapedFromItsNewDirectory() throws Exception {
        JournalRegistry homed = new JournalRegistry(home.resolve("ai-governance/journals"), home);
        Path oldBuild = home.resolve("jobs/app/builds/7");
        LeaseJournal journal = new LeaseJournal(oldBuild.resolve("ai-governance/leases.jsonl"));
        homed.register("app#7", journal.file(), oldBuild);
        Lease lease = provider.issue(new IdentityRequest(new BuildRef("app", "app#7", "", ""), "agent", null, "", "", "", ""), AGENT);
        journal.issued(new LeaseJournal.Entry(lease.handle(), "agent", "app#7", lease.issuedAt(), lease.expiresAt()));
        assertThat(Files.readString(Files.list(home.resolve("ai-governance/journals")).findFirst().orElseThrow()))
                .as("kept relative to JENKINS_HOME").contains("\"jobs/app/builds/7/ai-governance/leases.jsonl\"")
                .doesNotContain(home.toString());

        // Jenkins renames the job: its build directories move with it, then ItemListener.onLocationChanged fires.
        Path newBuild = home.resolve("jobs/renamed/builds/7");
        Files.createDirectories(newBuild.getParent());
        Files.move(oldBuild, newBuild);
        homed.moved("app", "renamed", run -> run.equals("renamed#7") ? newBuild : null);

        assertThat(homed.entries()).extracting(JournalRegistry.Entry::run, JournalRegistry.Entry::journal)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("renamed#7",
                        newBuild.resolve("ai-governance/leases.jsonl")));
        assertThat(new LeaseReaper(homed, run -> false, this::providers).reap()).isEqualTo(new LeaseReaper.Result(1, 0, 0));
        assertThat(provider.live()).isEmpty();
        assertThat(homed.entries()).isEmpty();
    }

    @Test
    void aMovedJenkinsHomeStrandsNoJournal() throws Exception {
        Path first = home.resolve("first");
        LeaseJournal journal = new LeaseJournal(first.resolve("jobs/app/builds/3/ai-governance/leases.jsonl"));
        new JournalRegistry(first.resolve("ai-governance/journals"), first).register("app#3", journal.file(),
                first.resolve("jobs/app/builds/3"));
        Files.createDirectories(journal.file().getParent());
        Files.writeString(journal.file(), "");
        Path second = home.resolve("second");
        Files.move(first, second);
        assertThat(new JournalRegistry(second.resolve("ai-governance/journals"), second).entries())
                .extracting(JournalRegistry.Entry::journal)
                .containsExactly(second.resolve("jobs/app/builds/3/ai-governance/leases.jsonl"));
    }

    @Test
    void reapingOneFinishedRunLeavesOtherBuildsAlone() throws Exception {
        LeaseJournal finished = buildWithOpenLeases("app#11", 1);
        LeaseJournal other = buildWithOpenLeases("app#12", 1);
        new LeaseReaper(registry, run -> false, this::providers).reapRun("app#11");
        assertThat(finished.outstanding()).isEmpty();
        assertThat(other.outstanding()).hasSize(1);
    }

    @Test
    void theStartUpReaperIsNotFatalToJenkins() throws Exception {
        Initializer initializer = LeaseReaping.class.getMethod("reapAfterStart").getAnnotation(Initializer.class);
        assertThat(initializer.after()).isEqualTo(InitMilestone.JOB_LOADED);
        assertThat(initializer.fatal()).as("core's default, true, turns any failure into a failed start").isFalse();
        assertThat(LeaseReaping.class.getMethod("reapAfterStart").getExceptionTypes()).isEmpty();
    }

    @Test
    void aJournalWithAnUnreadableLineIsReapedAndStaysRegistered() throws Exception {
        LeaseJournal journal = buildWithOpenLeases("app#30", 1);
        Files.writeString(journal.file(), "{\"cut off by a crash\n", java.nio.file.StandardOpenOption.APPEND);

        LeaseJournal.Contents before = journal.read();
        LeaseReaper.Result result = new LeaseReaper(registry, run -> false, this::providers).reap();

        assertThat(before.unreadable()).hasSize(1);
        assertThat(result.revoked()).as("every readable lease is still revoked").isEqualTo(1);
        assertThat(result.failed()).as("the unreadable line").isEqualTo(1);
        assertThat(provider.live()).isEmpty();
        assertThat(registry.entries()).as("a line we cannot read may hold a live lease")
                .extracting(JournalRegistry.Entry::run).containsExactly("app#30");
    }

    @Test
    void anUnreadableJournalAProviderThatCannotBeBuiltAndABrokenMarkerStopNoOtherBuild() throws Exception {
        LeaseJournal good = buildWithOpenLeases("app#20", 2);
        // A journal whose file is a directory (cannot be read) ...
        Path broken = home.resolve("builds").resolve("app_21").resolve("leases.jsonl");
        Files.createDirectories(broken);
        registry.register("app#21", broken);
        // ... a marker that is not JSON, and a build whose vault handle needs a provider that cannot be built.
        Files.writeString(home.resolve("registry").resolve("0000.json"), "{not json");
        LeaseJournal vault = new LeaseJournal(home.resolve("builds").resolve("app_22").resolve("leases.jsonl"));
        registry.register("app#22", vault.file());
        vault.issued(new LeaseJournal.Entry(new LeaseHandle("vault", "accessor-1", Map.of()), "builder", "app#22",
                Instant.now(), Instant.now().plusSeconds(600)));
        List<String> asked = new ArrayList<>();

        LeaseReaper.Result result = new LeaseReaper(registry, run -> false, (id, run) -> {
            asked.add(id + "@" + run);
            if (id.equals("vault")) {
                throw new NoClassDefFoundError("io/github/jopenlibs/vault/rest/Rest");
            }
            return provider;
        }).reap();

        assertThat(result.revoked()).isEqualTo(2);
        assertThat(result.failed()).as("the unreadable journal and the vault handle").isEqualTo(2);
        assertThat(good.outstanding()).isEmpty();
        assertThat(vault.outstanding()).as("left for the next try").hasSize(1);
        assertThat(registry.entries()).extracting(JournalRegistry.Entry::run).containsExactlyInAnyOrder("app#21", "app#22");
        assertThat(asked).as("each provider built once per journal, for the run that journalled it")
                .containsExactlyInAnyOrder("jwt@app#20", "vault@app#22");
    }

    @Test
    void aProviderIsBuiltOnlyWhenAHandleNeedsIt() throws Exception {
        LeaseJournal empty = buildWithOpenLeases("app#30", 0);
        List<String> asked = new ArrayList<>();
        LeaseReaper.Result result = new LeaseReaper(registry, run -> false, (id, run) -> {
            asked.add(id);
            return provider;
        }).reap();
        assertThat(result).isEqualTo(new LeaseReaper.Result(0, 0, 0));
        assertThat(asked).isEmpty();
        assertThat(empty.outstanding()).isEmpty();
        assertThat(registry.entries()).isEmpty();
    }

    @Test
    void startUpReapingRevokesJwtHandlesEvenWhenTheGlobalPolicyDoesNotLoad() throws Exception {
        // The controller's real issuer (as the configuration opens it) issued the token the dead build left.
        AiGovernanceConfiguration config = new AiGovernanceConfiguration(false);
        config.setPolicyYaml("version: 1\nidentities: [not, a, map]\n");
        provider = new TestProvider(home.resolve("ai-governance").resolve("jwt"));
        registry = LeaseReaping.registry(home);
        LeaseJournal journal = buildWithOpenLeases("app#40", 1);
        assertThatThrownBy(() -> config.providers(home, "http://127.0.0.1:8080/"))
                .hasMessageContaining("global policy does not load");

        LeaseReaper.Result result = LeaseReaping.reapAfterStart(home, "http://127.0.0.1:8080/", config, run -> false, run -> null);

        assertThat(result).isEqualTo(new LeaseReaper.Result(1, 0, 0));
        assertThat(journal.outstanding()).isEmpty();
        assertThat(provider.live()).isEmpty();
    }

    @Test
    void aVaultHandleWithNothingConfiguredToRevokeItIsLeftAndLogged() throws Exception {
        AiGovernanceConfiguration config = new AiGovernanceConfiguration(false);
        registry = LeaseReaping.registry(home);
        LeaseJournal journal = new LeaseJournal(home.resolve("builds").resolve("app_41").resolve("leases.jsonl"));
        registry.register("app#41", journal.file());
        journal.issued(new LeaseJournal.Entry(new LeaseHandle("vault", "accessor-2", Map.of()), "builder", "app#41",
                Instant.now(), Instant.now().plusSeconds(600)));

        LeaseReaper.Result result = LeaseReaping.reapAfterStart(home, "http://127.0.0.1:8080/", config, run -> false, run -> null);

        assertThat(result).isEqualTo(new LeaseReaper.Result(0, 1, 0));
        assertThat(journal.outstanding()).hasSize(1);
    }
}
