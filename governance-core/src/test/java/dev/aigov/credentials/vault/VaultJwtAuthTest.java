package dev.aigov.credentials.vault;

import dev.aigov.build.BuildRef;
import dev.aigov.credentials.CredentialException;
import dev.aigov.credentials.CredentialProvider;
import dev.aigov.credentials.IdentityRequest;
import dev.aigov.credentials.Lease;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.aigov.credentials.vault.VaultProviderTest.AGENT;
import static dev.aigov.credentials.vault.VaultProviderTest.DB;
import static dev.aigov.credentials.vault.VaultProviderTest.REQUEST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Issue 7: keyless Vault access through Vault's JWT auth method, against the double or a real Vault. */
class VaultJwtAuthTest {

    static final String SENTINEL_TOKEN = "sentinel-vault-token-7f3a";
    static final String SENTINEL_SECRET_ID = "sentinel-secret-id-9c1e";
    static final String SENTINEL_ROLE_ID = "sentinel-role-id-2b4d";

    VaultFixture vault;
    static final TestJwtIssuer ISSUER = TestJwtIssuer.rs256();
    TestJwtIssuer issuer = ISSUER;

    @BeforeEach
    void setUp() {
        vault = VaultFixture.start();
        vault.writeBrokerPolicies();
        vault.theDouble().ifPresent(d -> d.addDatabaseRole("database", "app", Duration.ofHours(1)));
        vault.enableAuth("jwt", "jwt");
        trustKeys(issuer.publicKeyPem());
        vault.write("auth/jwt/role/ci", Map.of(
                "role_type", "jwt",
                "bound_audiences", List.of("vault"),
                "bound_claims", Map.of("job", "team/app"),
                "user_claim", "sub",
                "token_policies", List.of("aigov-broker", "agent-readonly", "db-app"),
                "token_ttl", "1h"));
    }

    @AfterEach
    void tearDown() {
        vault.close();
    }

    void trustKeys(String... pems) {
        vault.write("auth/jwt/config", Map.of("jwt_validation_pubkeys", List.of(pems)));
    }

    /** The environment of a keyless run, with long-lived Vault secrets planted as sentinels that must stay unread. */
    RecordingEnv env(String... extra) {
        RecordingEnv env = new RecordingEnv();
        env.put("VAULT_ADDR", vault.address());
        env.put("VAULT_AUTH_METHOD", "jwt");
        env.put("VAULT_JWT_ROLE", "ci");
        env.put("VAULT_TOKEN", SENTINEL_TOKEN);
        env.put("VAULT_SECRET_ID", SENTINEL_SECRET_ID);
        env.put("VAULT_ROLE_ID", SENTINEL_ROLE_ID);
        for (int i = 0; i < extra.length; i += 2) {
            env.put(extra[i], extra[i + 1]);
        }
        return env;
    }

    CredentialProvider provider(RecordingEnv env, WorkloadTokenSource tokens) throws CredentialException {
        return VaultProviders.fromEnvironment(env, tokens);
    }

    @Test
    void jwtLoginIssuesUnderTheLoginTokenAndRevocationRemovesEverythingIncludingTheLoginTokens() throws Exception {
        CredentialProvider provider = provider(env(), issuer);
        boolean hasDouble = vault.theDouble().isPresent();
        Lease lease = provider.issue(REQUEST, hasDouble ? DB : AGENT);

        String login = lease.handle().attributes().get(VaultCredentialProvider.LOGIN_ACCESSOR);
        assertThat(login).isNotBlank();
        assertThat(lease.handle().attributes()).containsEntry(VaultCredentialProvider.AUTH_METHOD, "jwt");
        assertThat(vault.tokenAlive(login)).isTrue();
        assertThat(vault.tokenAlive(lease.handle().id())).isTrue();
        vault.theDouble().ifPresent(d -> {
            assertThat(d.token(lease.handle().id()).orElseThrow().parentAccessor()).isEqualTo(login);
            assertThat(d.token(login).orElseThrow().path()).isEqualTo("auth/jwt/login");
            assertThat(d.liveLeaseIds()).hasSize(1);
        });

        provider.revoke(lease.handle());

        assertThat(vault.tokenAlive(login)).isFalse();
        assertThat(vault.tokenAlive(lease.handle().id())).isFalse();
        assertThat(vault.tokenAlive(lease.handle().attributes().get(VaultCredentialProvider.CHILD_ACCESSOR))).isFalse();
        vault.theDouble().ifPresent(d -> {
            assertThat(d.liveTokens()).as("the revoke's own login token is revoked too").isEmpty();
            assertThat(d.liveLeaseIds()).isEmpty();
        });
    }

    @Test
    void theLoginJwtDescribesTheRun() throws Exception {
        Lease lease = provider(env(), issuer).issue(REQUEST, AGENT);
        var claims = com.nimbusds.jwt.SignedJWT.parse(issuer.minted().getLast()).getJWTClaimsSet();
        assertThat(claims.getAudience()).containsExactly("vault");
        assertThat(claims.getSubject()).isEqualTo("team/app#42");
        assertThat(claims.getClaims()).containsEntry("job", "team/app").containsEntry("build", "42")
                .containsEntry("role", "agent").containsEntry("agent", "claude-code").containsEntry("commit", "abc123");
        provider(env(), issuer).revoke(lease.handle());
    }

    @Test
    void theLoginJwtCarriesTheGatesDecisionSoFar() throws Exception {
        IdentityRequest approved = new IdentityRequest(REQUEST.build(), REQUEST.role(), null, REQUEST.agent(), "",
                REQUEST.commit(), "", "APPROVED");
        Lease lease = provider(env(), issuer).issue(approved, AGENT);
        var claims = com.nimbusds.jwt.SignedJWT.parse(issuer.minted().getLast()).getJWTClaimsSet();
        assertThat(claims.getClaims()).containsEntry("gate", "APPROVED");
        provider(env(), issuer).revoke(lease.handle());
        var revokeLogin = com.nimbusds.jwt.SignedJWT.parse(issuer.minted().getLast()).getJWTClaimsSet();
        assertThat(revokeLogin.getClaims()).as("the revoke's login repeats the run's claims").containsEntry("gate", "APPROVED");
    }

    @Test
    void withJwtNoLongLivedVaultSecretIsReadSentOrPrinted() throws Exception {
        VaultDouble d = vault.theDouble().orElse(null);
        RecordingEnv env = env();
        CredentialProvider provider = provider(env, issuer);
        List<String> output = new ArrayList<>();
        Lease lease = provider.issue(REQUEST, AGENT);
        output.add(lease.toString());
        output.add(lease.handle().toString());
        provider.revoke(lease.handle());
        try {
            provider(env("VAULT_JWT_AUDIENCE", "elsewhere"), issuer).issue(REQUEST, AGENT);
        } catch (CredentialException e) {
            output.add(e.getMessage());
        }

        assertThat(env.read).doesNotContain("VAULT_TOKEN", "VAULT_SECRET_ID", "VAULT_ROLE_ID");
        String printed = String.join("\n", output) + (d == null ? "" : "\n" + d.requests());
        for (String sentinel : List.of(SENTINEL_TOKEN, SENTINEL_SECRET_ID, SENTINEL_ROLE_ID)) {
            assertThat(printed).doesNotContain(sentinel);
            if (d != null) {
                assertThat(d.received(sentinel)).as("the server never saw " + sentinel).isFalse();
            }
        }
        for (String jwt : issuer.minted()) {
            assertThat(printed).doesNotContain(jwt);
        }
        assertThat(output).hasSize(3);
    }

    @Test
    void aWrongAudienceIsRefusedInWordsAndNothingIsLeftAlive() throws Exception {
        assertThatThrownBy(() -> provider(env("VAULT_JWT_AUDIENCE", "https://deploy.example"), issuer)
                .issue(REQUEST, AGENT)).isInstanceOf(CredentialException.class)
                .hasMessage("Vault refused the JWT login: audience 'https://deploy.example' not bound (role 'ci')");
        vault.theDouble().ifPresent(d -> assertThat(d.liveTokens()).isEmpty());
    }

    @Test
    void anUnboundClaimValueIsRefused() {
        IdentityRequest otherJob = new IdentityRequest(new BuildRef("team/other", "7", "", ""), "agent", null, "",
                "", "", "");
        assertThatThrownBy(() -> provider(env(), issuer).issue(otherJob, AGENT))
                .isInstanceOf(CredentialException.class)
                .hasMessage("Vault refused the JWT login: claim value not bound (claim 'job') (role 'ci')");
    }

    @Test
    void anExpiredTokenIsRefused() {
        VaultDouble d = vault.theDouble().orElse(null);
        assumeTrue(d != null, "needs the double's clock");
        d.advanceClock(Duration.ofMinutes(10));   // the 2-minute login JWT is past exp plus Vault's 150 s leeway
        assertThatThrownBy(() -> provider(env(), issuer).issue(REQUEST, AGENT))
                .isInstanceOf(CredentialException.class)
                .hasMessage("Vault refused the JWT login: token expired (role 'ci')");
        assertThat(d.liveTokens()).isEmpty();
    }

    @Test
    void aTokenSignedByAKeyVaultWasNeverGivenIsRefused() {
        assertThatThrownBy(() -> provider(env(), TestJwtIssuer.rs256()).issue(REQUEST, AGENT))
                .isInstanceOf(CredentialException.class)
                .hasMessageStartingWith("Vault refused the JWT login: signed by a key Vault does not trust");
    }

    @Test
    void afterRotationTheRotatedOutKeyIsRefusedAndTheNewKeyWorks() throws Exception {
        TestJwtIssuer next = TestJwtIssuer.ed25519();
        trustKeys(issuer.publicKeyPem(), next.publicKeyPem());    // overlap: both keys valid
        Lease old = provider(env(), issuer).issue(REQUEST, AGENT);
        Lease rotated = provider(env(), next).issue(REQUEST, AGENT);
        provider(env(), issuer).revoke(old.handle());

        trustKeys(next.publicKeyPem());                           // the old key is gone from Vault's config
        assertThatThrownBy(() -> provider(env(), issuer).issue(REQUEST, AGENT))
                .isInstanceOf(CredentialException.class).hasMessageContaining("signed by a key Vault does not trust");
        provider(env(), next).revoke(rotated.handle());
        vault.theDouble().ifPresent(d -> assertThat(d.liveTokens()).isEmpty());
    }

    @Test
    void anUnknownVaultRoleIsNamed() {
        assertThatThrownBy(() -> provider(env("VAULT_JWT_ROLE", "nope"), issuer).issue(REQUEST, AGENT))
                .isInstanceOf(CredentialException.class)
                .hasMessage("Vault refused the JWT login: no such role on auth/jwt (role 'nope')");
    }

    @Test
    void aCustomAuthPathIsUsed() throws Exception {
        vault.enableAuth("ci-jwt", "jwt");
        vault.write("auth/ci-jwt/config", Map.of("jwt_validation_pubkeys", List.of(issuer.publicKeyPem())));
        vault.write("auth/ci-jwt/role/ci", Map.of("role_type", "jwt", "bound_audiences", List.of("vault"),
                "user_claim", "sub", "token_policies", List.of("aigov-broker", "agent-readonly"), "token_ttl", "1h"));
        CredentialProvider provider = provider(env("VAULT_AUTH_PATH", "ci-jwt"), issuer);
        Lease lease = provider.issue(REQUEST, AGENT);
        vault.theDouble().ifPresent(d -> assertThat(d.token(lease.handle().attributes()
                .get(VaultCredentialProvider.LOGIN_ACCESSOR)).orElseThrow().path()).isEqualTo("auth/ci-jwt/login"));
        provider.revoke(lease.handle());
    }

    /** An environment map that remembers which variables were read. */
    static final class RecordingEnv extends HashMap<String, String> {
        final Set<String> read = new LinkedHashSet<>();

        @Override
        public String get(Object key) {
            read.add(String.valueOf(key));
            return super.get(key);
        }

        @Override
        public String getOrDefault(Object key, String defaultValue) {
            read.add(String.valueOf(key));
            return super.getOrDefault(key, defaultValue);
        }
    }
}
