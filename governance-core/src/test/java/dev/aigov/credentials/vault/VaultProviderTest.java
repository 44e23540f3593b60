package dev.aigov.credentials.vault;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigov.build.BuildRef;
import dev.aigov.credentials.CredentialException;
import dev.aigov.credentials.CredentialProvider;
import dev.aigov.credentials.IdentityRequest;
import dev.aigov.credentials.Lease;
import dev.aigov.credentials.Secret;
import dev.aigov.policy.IdentityRole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The vault provider with token authentication. Runs against a real Vault when VAULT_ADDR/VAULT_TOKEN are set
 * (see docs/vault.md), else against the {@link VaultDouble}; tests needing the double's clock, fault injection
 * or database engine are skipped against a real Vault.
 */
class VaultProviderTest {

    static final IdentityRole AGENT = new IdentityRole("agent", "vault", List.of("agent-readonly"), "", "",
            Duration.ofMinutes(15), 0, false);
    static final IdentityRole DB = new IdentityRole("db", "vault", List.of("db-app"), "database/creds/app", "",
            Duration.ofMinutes(15), 0, false);
    static final IdentityRequest REQUEST = new IdentityRequest(new BuildRef("team/app", "42", "", "alice"),
            "agent", null, "claude-code", "node-1", "abc123", "");

    VaultFixture vault;
    String brokerToken;
    CredentialProvider provider;
    final List<String> secretsSeen = new ArrayList<>();

    @BeforeEach
    void setUp() throws CredentialException {
        vault = VaultFixture.start();
        vault.writeBrokerPolicies();
        vault.theDouble().ifPresent(d -> d.addDatabaseRole("database", "app", Duration.ofHours(1)));
        brokerToken = vault.brokerToken(List.of("aigov-broker", "agent-readonly", "db-app"));
        secretsSeen.add(brokerToken);
        provider = VaultProviders.fromEnvironment(Map.of("VAULT_ADDR", vault.address(), "VAULT_TOKEN", brokerToken),
                null);
    }

    @AfterEach
    void tearDown() {
        vault.close();
    }

    Lease issue(IdentityRole role) throws CredentialException {
        Lease lease = provider.issue(REQUEST, role);
        lease.secrets().values().forEach(s -> secretsSeen.add(s.reveal()));
        return lease;
    }

    @Test
    void issueCreatesAPerBuildParentAndAChildWithTheRolesPoliciesTtlAndMetadata() throws Exception {
        Lease lease = issue(AGENT);

        String parent = lease.handle().id();
        String child = lease.handle().attributes().get(VaultCredentialProvider.CHILD_ACCESSOR);
        JsonNode childInfo = vault.write("auth/token/lookup-accessor", Map.of("accessor", child)).path("data");
        JsonNode parentInfo = vault.write("auth/token/lookup-accessor", Map.of("accessor", parent)).path("data");
        assertThat(childInfo.path("type").asText()).isEqualTo("service");
        assertThat(parentInfo.path("type").asText()).isEqualTo("service");
        assertThat(childInfo.path("policies").toString()).contains("agent-readonly").contains("default")
                .doesNotContain("aigov-broker").doesNotContain("db-app");
        assertThat(childInfo.path("creation_ttl").asLong()).isEqualTo(900);
        assertThat(childInfo.path("explicit_max_ttl").asLong()).isEqualTo(900);
        assertThat(childInfo.path("orphan").asBoolean()).isFalse();
        assertThat(childInfo.path("meta").path("job").asText()).isEqualTo("team/app");
        assertThat(childInfo.path("meta").path("build").asText()).isEqualTo("42");
        assertThat(childInfo.path("meta").path("role").asText()).isEqualTo("agent");
        assertThat(childInfo.path("meta").path("agent").asText()).isEqualTo("claude-code");
        assertThat(childInfo.path("display_name").asText()).isEqualTo("token-aigov-agent");
        vault.theDouble().ifPresent(d -> assertThat(d.token(child).orElseThrow().parentAccessor()).isEqualTo(parent));

        assertThat(lease.policies()).contains("agent-readonly");
        assertThat(lease.secrets()).containsOnlyKeys("VAULT_TOKEN");
        assertThat(lease.environment()).containsEntry("VAULT_ADDR", vault.address());
        assertThat(lease.expiresAt()).isEqualTo(lease.issuedAt().plusSeconds(900));
        // The issued token works and is the child.
        JsonNode self = vault.call("GET", "auth/token/lookup-self", lease.secrets().get("VAULT_TOKEN").reveal(),
                null, true).path("data");
        assertThat(self.path("accessor").asText()).isEqualTo(child);
        provider.revoke(lease.handle());
    }

    @Test
    void theHandleHoldsOnlyAccessorsAndMetadataNeverASecret() throws Exception {
        Lease lease = issue(AGENT);
        String handleText = lease.handle().toString();
        for (String secret : secretsSeen) {
            assertThat(handleText).doesNotContain(secret);
        }
        assertThat(lease.toString()).doesNotContain(lease.secrets().get("VAULT_TOKEN").reveal());
        provider.revoke(lease.handle());
    }

    @Test
    void revokeRemovesParentAndChildInTheServersOwnState() throws Exception {
        Lease lease = issue(AGENT);
        String parent = lease.handle().id();
        String child = lease.handle().attributes().get(VaultCredentialProvider.CHILD_ACCESSOR);
        assertThat(vault.tokenAlive(parent)).isTrue();
        assertThat(vault.tokenAlive(child)).isTrue();

        provider.revoke(lease.handle());

        assertThat(vault.tokenAlive(parent)).isFalse();
        assertThat(vault.tokenAlive(child)).isFalse();
        assertThat(vault.call("GET", "auth/token/lookup-self", lease.secrets().get("VAULT_TOKEN").reveal(), null,
                false)).isNull();
        vault.theDouble().ifPresent(d -> assertThat(d.liveAccessors()).containsExactly(
                d.liveTokens().stream().filter(t -> t.displayName().equals("token-broker")).findFirst()
                        .orElseThrow().accessor()));
    }

    @Test
    void aRoleWithoutPoliciesGetsOnlyTheDefaultPolicyNeverTheBrokers() throws Exception {
        IdentityRole bare = new IdentityRole("bare", "vault", List.of(), "", "", Duration.ofMinutes(5), 0, false);
        Lease lease = issue(bare);
        JsonNode self = vault.call("GET", "auth/token/lookup-self", lease.secrets().get("VAULT_TOKEN").reveal(),
                null, true).path("data");
        assertThat(self.path("policies").toString()).isEqualTo("[\"default\"]");
        provider.revoke(lease.handle());
    }

    @Test
    void revokingTwiceSucceedsSoTheReaperMayRunAgain() throws Exception {
        Lease lease = issue(AGENT);
        provider.revoke(lease.handle());
        provider.revoke(lease.handle());
        assertThat(vault.tokenAlive(lease.handle().id())).isFalse();
    }

    @Test
    void dynamicSecretIsReadWithTheChildTokenAndItsLeaseDiesWithTheParent() throws Exception {
        VaultDouble d = assumeDouble();
        Lease lease = issue(DB);

        assertThat(lease.secrets()).containsOnlyKeys("AIGOV_USERNAME", "AIGOV_PASSWORD");
        assertThat(lease.environment()).isEmpty();
        String leaseId = lease.handle().attributes().get(VaultCredentialProvider.LEASE_IDS);
        String child = lease.handle().attributes().get(VaultCredentialProvider.CHILD_ACCESSOR);
        assertThat(d.lease(leaseId).orElseThrow().creatorAccessor()).isEqualTo(child);
        assertThat(d.liveLeaseIds()).containsExactly(leaseId);

        provider.revoke(lease.handle());

        assertThat(d.liveLeaseIds()).isEmpty();
        assertThat(vault.leaseAlive(leaseId)).isFalse();
        assertThat(vault.tokenAlive(child)).isFalse();
    }

    @Test
    void revokingTheParentAloneCascadesToTheChildAndItsDynamicLease() throws Exception {
        VaultDouble d = assumeDouble();
        Lease lease = issue(DB);
        vault.write("auth/token/revoke-accessor", Map.of("accessor", lease.handle().id()));
        assertThat(d.liveLeaseIds()).isEmpty();
        assertThat(d.token(lease.handle().attributes().get(VaultCredentialProvider.CHILD_ACCESSOR))).isEmpty();
        provider.revoke(lease.handle());   // and the provider still confirms, idempotently
    }

    @Test
    void revokingAfterTheTtlExpiredSucceeds() throws Exception {
        VaultDouble d = assumeDouble();
        Lease lease = issue(DB);
        d.advanceClock(Duration.ofMinutes(16));
        assertThat(d.token(lease.handle().id())).isEmpty();
        assertThat(d.liveLeaseIds()).isEmpty();
        provider.revoke(lease.handle());
    }

    @Test
    void vaultDownAtIssueFailsWithACredentialException() throws Exception {
        CredentialProvider down = VaultProviders.fromEnvironment(
                Map.of("VAULT_ADDR", "http://127.0.0.1:" + freePort(), "VAULT_TOKEN", brokerToken), null);
        assertThatThrownBy(() -> down.issue(REQUEST, AGENT)).isInstanceOf(CredentialException.class)
                .hasMessageContaining("unreachable").hasMessageNotContaining(brokerToken);
    }

    @Test
    void vaultUnreachableAtRevokeThrowsSoTheJournalKeepsTheHandle() throws Exception {
        Lease lease = issue(AGENT);
        CredentialProvider down = VaultProviders.fromEnvironment(
                Map.of("VAULT_ADDR", "http://127.0.0.1:" + freePort(), "VAULT_TOKEN", brokerToken), null);
        assertThatThrownBy(() -> down.revoke(lease.handle())).isInstanceOf(CredentialException.class)
                .hasMessageContaining("unreachable").hasMessageNotContaining(brokerToken);
        assertThat(vault.tokenAlive(lease.handle().id())).isTrue();
        provider.revoke(lease.handle());
    }

    @Test
    void twentyParallelIssuesGetDistinctTokensAndAllAreRevoked() throws Exception {
        List<java.util.concurrent.Future<Lease>> futures = new ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(20)) {
            for (int i = 0; i < 20; i++) {
                IdentityRequest r = new IdentityRequest(new BuildRef("team/app", "run-" + i, "", ""), "agent", null,
                        "", "", "", "");
                futures.add(pool.submit(() -> provider.issue(r, AGENT)));
            }
            List<Lease> leases = new ArrayList<>();
            for (var f : futures) {
                leases.add(f.get());
            }
            assertThat(leases).extracting(l -> l.secrets().get("VAULT_TOKEN").reveal()).doesNotHaveDuplicates();
            List<java.util.concurrent.Future<?>> revokes = new ArrayList<>();
            for (Lease l : leases) {
                revokes.add(pool.submit(() -> {
                    provider.revoke(l.handle());
                    return null;
                }));
            }
            for (var f : revokes) {
                f.get();
            }
            for (Lease l : leases) {
                assertThat(vault.tokenAlive(l.handle().id())).isFalse();
            }
        }
    }

    static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void vaultFailingMidIssueLeavesNothingHalfIssuedAlive() throws Exception {
        VaultDouble d = assumeDouble();
        d.failWhen((path, n) -> path.startsWith("database/creds/"));
        assertThatThrownBy(() -> issue(DB)).isInstanceOf(CredentialException.class)
                .hasMessageContaining("database/creds/app").hasMessageContaining("Vault is sealed");
        assertThat(d.liveTokens()).extracting(VaultDouble.TokenView::displayName).containsExactly("token-broker");
        assertThat(d.liveLeaseIds()).isEmpty();
    }

    @Test
    void childCreationFailingLeavesNoParentBehind() throws Exception {
        VaultDouble d = assumeDouble();
        d.failWhen((path, n) -> path.equals("auth/token/create") && n == 3);   // 1: broker token, 2: parent
        assertThatThrownBy(() -> issue(AGENT)).isInstanceOf(CredentialException.class)
                .hasMessageContaining("child token for role 'agent'");
        assertThat(d.liveTokens()).extracting(VaultDouble.TokenView::displayName).containsExactly("token-broker");
    }

    @Test
    void vaultDownAtRevokeThrowsAndEverythingStaysForTheReaper() throws Exception {
        VaultDouble d = assumeDouble();
        Lease lease = issue(DB);
        d.failWhen((path, n) -> path.equals("auth/token/revoke-accessor") || path.equals("sys/leases/revoke"));

        assertThatThrownBy(() -> provider.revoke(lease.handle())).isInstanceOf(CredentialException.class)
                .hasMessageContaining("Vault is sealed");
        assertThat(d.token(lease.handle().id())).isPresent();

        d.heal();
        provider.revoke(lease.handle());
        assertThat(d.token(lease.handle().id())).isEmpty();
        assertThat(d.liveLeaseIds()).isEmpty();
    }

    @Test
    void aRevocationThatDidNotTakeIsReportedNotConfirmed() throws Exception {
        assumeDouble();
        Lease lease = issue(AGENT);
        // A handle whose revocation cannot reach the child (wrong parent): the confirming lookup must catch it.
        String child = lease.handle().attributes().get(VaultCredentialProvider.CHILD_ACCESSOR);
        var handle = new dev.aigov.credentials.LeaseHandle("vault", "no-such-parent",
                Map.of(VaultCredentialProvider.CHILD_ACCESSOR, child));
        assertThatThrownBy(() -> provider.revoke(handle)).isInstanceOf(CredentialException.class)
                .hasMessage("token accessor " + child + " is still alive after revocation");
        provider.revoke(lease.handle());
    }

    @Test
    void rolePoliciesBeyondTheBrokersAreRefusedByTheSubsetRule() throws Exception {
        IdentityRole deploy = new IdentityRole("deploy", "vault", List.of("deploy-prod"), "", "",
                Duration.ofMinutes(10), 0, false);
        assertThatThrownBy(() -> issue(deploy)).isInstanceOf(CredentialException.class)
                .hasMessageContaining("child token for role 'deploy'")
                .hasMessageContaining("not a subset of the parent token's policies")
                .hasMessageNotContaining(brokerToken);
        vault.theDouble().ifPresent(d -> assertThat(d.liveTokens()).extracting(VaultDouble.TokenView::displayName)
                .containsExactly("token-broker"));
    }

    @Test
    void numUsesLimitsTheChildToken() throws Exception {
        VaultDouble d = assumeDouble();
        IdentityRole once = new IdentityRole("once", "vault", List.of("agent-readonly"), "", "",
                Duration.ofMinutes(5), 2, false);
        Lease lease = issue(once);
        String token = lease.secrets().get("VAULT_TOKEN").reveal();
        String child = lease.handle().attributes().get(VaultCredentialProvider.CHILD_ACCESSOR);
        assertThat(d.token(child).orElseThrow().numUses()).isEqualTo(2);
        assertThat(vault.call("GET", "auth/token/lookup-self", token, null, false)).isNotNull();
        assertThat(vault.call("GET", "auth/token/lookup-self", token, null, false)).isNotNull();
        assertThat(vault.call("GET", "auth/token/lookup-self", token, null, false)).isNull();
        assertThat(d.token(child)).isEmpty();
        provider.revoke(lease.handle());
    }

    @Test
    void theNamespaceHeaderGoesWithEveryRequest() throws Exception {
        VaultDouble d = assumeDouble();
        CredentialProvider namespaced = VaultProviders.fromEnvironment(Map.of("VAULT_ADDR", vault.address(),
                "VAULT_TOKEN", brokerToken, "VAULT_NAMESPACE", "team-a"), null);
        int before = d.requests().size();
        Lease lease = namespaced.issue(REQUEST, AGENT);
        namespaced.revoke(lease.handle());
        assertThat(d.requests().subList(before, d.requests().size()))
                .allSatisfy(r -> assertThat(r.namespace()).isEqualTo("team-a"));
        assertThat(lease.environment()).containsEntry("VAULT_NAMESPACE", "team-a");
    }

    @Test
    void noSecretAppearsInAnyExceptionMessageOrTheRequestLog() throws Exception {
        VaultDouble d = assumeDouble();
        List<String> messages = new ArrayList<>();
        Lease lease = issue(DB);
        d.failWhen((path, n) -> true);
        try {
            provider.revoke(lease.handle());
        } catch (CredentialException e) {
            messages.add(e.getMessage());
        }
        d.heal();
        try {
            issue(new IdentityRole("deploy", "vault", List.of("deploy-prod"), "", "", Duration.ofMinutes(1), 0, false));
        } catch (CredentialException e) {
            messages.add(e.getMessage());
        }
        provider.revoke(lease.handle());
        String everything = String.join("\n", messages) + "\n" + d.requests() + "\n" + lease + "\n" + lease.handle();
        assertThat(messages).hasSize(2);
        for (String secret : secretsSeen) {
            assertThat(everything).doesNotContain(secret);
        }
        assertThat(everything).doesNotContain(d.rootToken());
        assertThat(lease.secrets().values()).extracting(Secret::toString).containsOnly("****");
    }

    @Test
    void aSecretUnderTheVaultPluginsKvVersion2PrefixPathIsReadThroughItsDataApi() throws Exception {
        VaultDouble d = assumeDouble();
        d.addKv2Secret("team/kv", "deploy", Map.of("api-key", "kv-secret-value"));
        vault.policy("kv-deploy", "path \"team/kv/data/deploy\" { capabilities = [\"read\"] }\n");
        String broker = vault.brokerToken(List.of("aigov-broker", "kv-deploy"));
        CredentialProvider kv = VaultProviders.fromEnvironment(Map.of("VAULT_ADDR", vault.address(),
                "VAULT_TOKEN", broker, "VAULT_KV_PREFIX", "team/kv", "VAULT_KV_VERSION", "2"), null);
        IdentityRole role = new IdentityRole("deploy", "vault", List.of("kv-deploy"), "team/kv/deploy", "",
                Duration.ofMinutes(15), 0, false);

        Lease lease = kv.issue(REQUEST, role);

        assertThat(lease.secrets()).containsOnlyKeys("AIGOV_API_KEY");
        assertThat(lease.secrets().get("AIGOV_API_KEY").reveal()).isEqualTo("kv-secret-value");
        assertThat(d.requests()).anyMatch(r -> r.path().equals("team/kv/data/deploy") && r.status() == 200);
        kv.revoke(lease.handle());
    }

    VaultDouble assumeDouble() {
        assumeTrue(vault.theDouble().isPresent(), "needs the Vault double (clock, faults or database engine)");
        return vault.theDouble().orElseThrow();
    }
}
