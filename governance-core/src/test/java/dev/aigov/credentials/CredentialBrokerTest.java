package dev.aigov.credentials;

import dev.aigov.build.BuildRef;
import dev.aigov.credentials.jwt.JwtIssuer;
import dev.aigov.credentials.jwt.JwtVerificationException;
import dev.aigov.policy.IdentityRole;
import dev.aigov.policy.Limits;
import dev.aigov.policy.Policy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialBrokerTest {
    private static final Revoker.Backoff FAST = new Revoker.Backoff(3, Duration.ofMillis(1));
    private static final BuildRef RUN = new BuildRef("team/app", "12", "", "");

    @TempDir
    Path dir;
    JwtIssuer issuer;
    LeaseJournal journal;

    static Policy policy(Duration maxTtl, IdentityRole... roles) {
        Map<String, IdentityRole> identities = new java.util.HashMap<>();
        for (IdentityRole role : roles) {
            identities.put(role.name(), role);
        }
        return new Policy(1, "test-policy.yaml", null, Map.of(), List.of(), null, identities, new Limits(maxTtl), null);
    }

    static IdentityRole jwtRole(String name, Duration ttl, boolean approval) {
        return new IdentityRole(name, "jwt", List.of(), "", "", ttl, 0, approval);
    }

    static final Policy POLICY = policy(Duration.ofHours(1), jwtRole("agent", Duration.ofMinutes(15), false),
            jwtRole("deploy", Duration.ofMinutes(10), true), jwtRole("long", Duration.ofHours(2), false),
            new IdentityRole("db", "vault", List.of(), "database/creds/app", "", Duration.ofMinutes(15), 0, false));

    @BeforeEach
    void setUp() throws IOException {
        issuer = JwtIssuer.open(dir.resolve("keys"), JwtIssuer.Settings.defaults(Duration.ofHours(1)));
        journal = new LeaseJournal(dir.resolve("leases.journal"));
    }

    CredentialBroker broker(CredentialProvider provider) {
        return new CredentialBroker(POLICY, Map.of("jwt", provider), journal, ApprovalGuard.DENY_ALL, FAST);
    }

    static IdentityRequest request(String role, Duration ttl) {
        return new IdentityRequest(RUN, role, ttl, "claude-code", "", "abc", "");
    }

    @Test
    void issuesTheRoleAndJournalsItsHandleButNeverTheSecret() throws Exception {
        Lease lease = broker(issuer.provider()).issue(request("agent", null));
        String token = lease.secrets().get("AIGOV_ID_TOKEN").reveal();
        assertThat(lease.expiresAt()).isEqualTo(lease.issuedAt().plus(Duration.ofMinutes(15)));
        assertThat(journal.outstanding()).singleElement().satisfies(e -> {
            assertThat(e.handle()).isEqualTo(lease.handle());
            assertThat(e.role()).isEqualTo("agent");
            assertThat(e.run()).isEqualTo("team/app#12");
        });
        assertThat(Files.readString(journal.file())).doesNotContain(token);
        assertThat(lease.toString()).doesNotContain(token);
    }

    @Test
    void refusesATtlAboveMaxTtlInsteadOfLoweringIt() throws Exception {
        CredentialBroker broker = broker(issuer.provider());
        assertThatThrownBy(() -> broker.issue(request("agent", Duration.ofMinutes(61))))
                .isInstanceOf(CredentialException.class)
                .hasMessageContaining("TTL 1h1m requested exceeds limits.maxTtl 1h in test-policy.yaml");
        assertThatThrownBy(() -> broker.issue(request("long", null)))
                .hasMessageContaining("TTL 2h of the role exceeds limits.maxTtl 1h");
        assertThat(broker.issue(request("agent", Duration.ofHours(1))).expiresAt()).isNotNull();
        assertThat(journal.outstanding()).hasSize(1);
    }

    @Test
    void refusesAnApprovalGatedRoleUnlessTheGuardApproves() throws Exception {
        assertThatThrownBy(() -> broker(issuer.provider()).issue(request("deploy", null)))
                .hasMessageContaining("requires approval");
        assertThat(journal.outstanding()).isEmpty();
        CredentialBroker approved = new CredentialBroker(POLICY, Map.of("jwt", issuer.provider()), journal,
                (req, role) -> req.build().equals(RUN) && role.name().equals("deploy"));
        assertThat(approved.issue(request("deploy", null)).role()).isEqualTo("deploy");
    }

    @Test
    void failsClosedOnAnUnknownRoleOrAMissingProvider() {
        CredentialBroker broker = broker(issuer.provider());
        assertThatThrownBy(() -> broker.issue(request("nope", null))).hasMessageContaining("no identity role 'nope'");
        assertThatThrownBy(() -> broker.issue(request("db", null))).hasMessageContaining("provider 'vault' is not available");
    }

    @Test
    void failsClosedWhenTheProviderCannotIssue() throws Exception {
        Files.writeString(dir.resolve("not-a-dir"), "x");
        assertThatThrownBy(() -> JwtIssuer.open(dir.resolve("not-a-dir"), issuer.settings()))
                .isInstanceOf(IOException.class);
        CredentialProvider broken = new Faulty(issuer.provider(), Integer.MAX_VALUE, 0);
        assertThatThrownBy(() -> broker(broken).issue(request("agent", null))).isInstanceOf(CredentialException.class);
        assertThat(journal.outstanding()).isEmpty();
    }

    @Test
    void noSecretLeavesWhenTheJournalCannotRecordTheHandleAndTheIssuedTokenIsTakenBack() throws Exception {
        Files.createDirectories(dir.resolve("journal-is-a-dir"));
        LeaseJournal unwritable = new LeaseJournal(dir.resolve("journal-is-a-dir"));
        Faulty spy = new Faulty(issuer.provider(), 0, 0);
        CredentialBroker broker = new CredentialBroker(POLICY, Map.of("jwt", spy), unwritable);
        assertThatThrownBy(() -> broker.issue(request("agent", null)))
                .isInstanceOf(CredentialException.class)
                .hasMessageContaining("cannot record lease").hasMessageContaining("the lease was revoked");
        assertThat(spy.issued).hasSize(1);
        assertThat(issuer.denied(spy.issued.getFirst().handle().id())).isTrue();
    }

    @Test
    void revokeRetriesThenRemovesTheHandleFromTheJournal() throws Exception {
        Faulty flaky = new Faulty(issuer.provider(), 0, 2);
        CredentialBroker broker = broker(flaky);
        Lease lease = broker.issue(request("agent", null));
        broker.revoke(lease);
        assertThat(flaky.revokeAttempts.get()).isEqualTo(3);
        assertThat(journal.outstanding()).isEmpty();
        assertThat(issuer.denied(lease.handle().id())).isTrue();
    }

    @Test
    void revokeThatKeepsFailingThrowsAndLeavesTheHandleInTheJournal() throws Exception {
        Faulty down = new Faulty(issuer.provider(), 0, Integer.MAX_VALUE);
        CredentialBroker broker = broker(down);
        Lease lease = broker.issue(request("agent", null));
        String token = lease.secrets().get("AIGOV_ID_TOKEN").reveal();
        assertThatThrownBy(() -> broker.revoke(lease)).isInstanceOf(CredentialException.class)
                .hasMessageContaining("failed after 3 attempts").hasMessageContaining("stays in journal")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token));
        assertThat(down.revokeAttempts.get()).isEqualTo(3);
        assertThat(journal.outstanding()).extracting(LeaseJournal.Entry::handle).containsExactly(lease.handle());
    }

    @Test
    void reaperRevokesEverythingOutstandingAndReportsEachHandle() throws Exception {
        CredentialBroker broker = broker(issuer.provider());
        Lease crashed1 = broker.issue(request("agent", null));
        Lease crashed2 = broker.issue(request("agent", Duration.ofMinutes(1)));
        Lease done = broker.issue(request("agent", null));
        broker.revoke(done);

        List<Reaper.Outcome> outcomes = new Reaper(Map.of("jwt", issuer.provider()), journal, FAST).reap();
        assertThat(outcomes).extracting(o -> o.entry().handle()).containsExactly(crashed1.handle(), crashed2.handle());
        assertThat(outcomes).allMatch(Reaper.Outcome::revoked);
        assertThat(journal.outstanding()).isEmpty();
        for (Lease lease : List.of(crashed1, crashed2)) {
            assertThatThrownBy(() -> issuer.verify(lease.secrets().get("AIGOV_ID_TOKEN").reveal(), null))
                    .isInstanceOfSatisfying(JwtVerificationException.class,
                            e -> assertThat(e.reason()).isEqualTo(JwtVerificationException.Reason.REVOKED));
        }
        assertThat(new Reaper(Map.of("jwt", issuer.provider()), journal, FAST).reap()).isEmpty();
    }

    @Test
    void reaperReportsFailuresAndKeepsThoseHandles() throws Exception {
        CredentialBroker broker = broker(issuer.provider());
        Lease lease = broker.issue(request("agent", null));
        journal.issued(new LeaseJournal.Entry(new LeaseHandle("vault", "accessor-1", Map.of()), "db", "team/app#12",
                lease.issuedAt(), lease.expiresAt()));
        List<Reaper.Outcome> outcomes = new Reaper(Map.of("jwt", new Faulty(issuer.provider(), 0, Integer.MAX_VALUE)),
                journal, FAST).reap();
        assertThat(outcomes).hasSize(2).noneMatch(Reaper.Outcome::revoked);
        assertThat(outcomes.get(1).failure()).contains("provider 'vault' is not available");
        assertThat(journal.outstanding()).hasSize(2);
        try (Stream<String> lines = Files.lines(journal.file())) {
            assertThat(lines).noneMatch(l -> l.contains(lease.secrets().get("AIGOV_ID_TOKEN").reveal()));
        }
    }

    @Test
    void oneUnreadableJournalLineNeverStopsTheReaperAndIsReportedByNumber() throws Exception {
        CredentialBroker broker = broker(issuer.provider());
        Lease first = broker.issue(request("agent", null));
        Files.writeString(journal.file(), "{\"event\":\"issued\",\"provider\":\"jwt\",\"id\":\"x\",\"issuedAt\":"
                + "\"not-a-time\",\"expiresAt\":\"2030-01-01T00:00:00Z\"}\nnot json at all\n", java.nio.file.StandardOpenOption.APPEND);
        Lease second = broker.issue(request("agent", null));

        Reaper.Result result = new Reaper(Map.of("jwt", issuer.provider()), journal, FAST).reapAll();
        assertThat(result.outcomes()).extracting(o -> o.entry().handle()).containsExactly(first.handle(), second.handle());
        assertThat(result.outcomes()).allMatch(Reaper.Outcome::revoked);
        assertThat(result.unreadable()).containsExactly(
                new LeaseJournal.Unreadable(2, "issuedAt: not a time: 'not-a-time'"),
                new LeaseJournal.Unreadable(3, "not JSON (torn by a crash mid-write, or altered)"));
        assertThat(result.complete()).isFalse();
        for (Lease lease : List.of(first, second)) {
            assertThatThrownBy(() -> issuer.verify(lease.secrets().get("AIGOV_ID_TOKEN").reveal(), null))
                    .isInstanceOf(JwtVerificationException.class);
        }
    }

    @Test
    void theReaperEndsTheRecordedProcessGroupRemovesTheTokenFilesAndLeavesAReusedPidAlone() throws Exception {
        CredentialBroker broker = broker(issuer.provider());
        Lease orphaned = broker.issue(request("agent", null));
        Lease reused = broker.issue(request("agent", null));
        Process group = new ProcessBuilder("setsid", "sleep", "300").start();
        Process other = new ProcessBuilder("setsid", "sleep", "300").start();
        try {
            Path tokenDir = Files.createDirectory(dir.resolve("private"));
            Path tokenFile = Files.writeString(tokenDir.resolve("id-token"), "secret");
            journal.files(orphaned.handle(), List.of(tokenFile, tokenDir));
            journal.process(orphaned.handle(), group.pid(), Reaper.startTime(group.toHandle()));
            // A process with the recorded id but another start time: the id was reused, so it is not ours to end.
            journal.process(reused.handle(), other.pid(), "2001-01-01T00:00:00Z");

            Reaper.Result result = new Reaper(Map.of("jwt", issuer.provider()), journal, FAST).reapAll();
            assertThat(result.complete()).isTrue();
            assertThat(result.outcomes().get(0).cleanup()).containsExactly("ended process group " + group.pid(),
                    "removed " + tokenFile, "removed " + tokenDir);
            assertThat(result.outcomes().get(1).cleanup()).singleElement().asString().contains("reused the id; left alone");
            assertThat(group.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(other.isAlive()).isTrue();
            assertThat(tokenDir).doesNotExist();
        } finally {
            group.destroyForcibly();
            other.destroyForcibly();
        }
    }

    /** A real provider with injected faults: fails the first N issues or revocations, records what it issued. */
    static final class Faulty implements CredentialProvider {
        final CredentialProvider real;
        final int issueFailures;
        final int revokeFailures;
        final AtomicInteger revokeAttempts = new AtomicInteger();
        final List<Lease> issued = new java.util.concurrent.CopyOnWriteArrayList<>();
        int issueAttempts;

        Faulty(CredentialProvider real, int issueFailures, int revokeFailures) {
            this.real = real;
            this.issueFailures = issueFailures;
            this.revokeFailures = revokeFailures;
        }

        @Override
        public String id() {
            return real.id();
        }

        @Override
        public Lease issue(IdentityRequest request, IdentityRole role) throws CredentialException {
            if (issueAttempts++ < issueFailures) {
                throw new CredentialException("issuer unavailable");
            }
            Lease lease = real.issue(request, role);
            issued.add(lease);
            return lease;
        }

        @Override
        public void revoke(LeaseHandle handle) throws CredentialException {
            if (revokeAttempts.incrementAndGet() <= revokeFailures) {
                throw new CredentialException("issuer unavailable");
            }
            real.revoke(handle);
        }
    }
}
