package dev.aigov.credentials.vault;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The double's own fidelity to Vault's documented token, lease and error semantics. */
class VaultDoubleTest {

    VaultDouble vault;
    VaultFixture http;

    @BeforeEach
    void setUp() {
        http = VaultFixture.start();
        org.junit.jupiter.api.Assumptions.assumeTrue(http.theDouble().isPresent(), "tests the double itself");
        vault = http.theDouble().orElseThrow();
        http.writeBrokerPolicies();
        vault.addDatabaseRole("database", "app", Duration.ofHours(1));
    }

    @AfterEach
    void tearDown() {
        http.close();
    }

    JsonNode create(String token, Map<String, ?> body) {
        return http.call("POST", "auth/token/create", token, body, false);
    }

    String token(JsonNode created) {
        return created.path("auth").path("client_token").asText();
    }

    String accessor(JsonNode created) {
        return created.path("auth").path("accessor").asText();
    }

    @Test
    void requestsWithoutAValidTokenGet403PermissionDeniedInVaultsErrorShape() throws Exception {
        var client = java.net.http.HttpClient.newHttpClient();
        var response = client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(vault.address() + "/v1/auth/token/lookup-self")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).isEqualTo("{\"errors\":[\"permission denied\"]}");
    }

    @Test
    void aNonRootParentMayOnlyGiveItsChildASubsetOfItsPolicies() {
        String parent = token(create(vault.rootToken(), Map.of("policies", List.of("aigov-broker", "agent-readonly"))));
        assertThat(create(parent, Map.of("policies", List.of("agent-readonly")))).isNotNull();
        assertThat(create(parent, Map.of("policies", List.of("db-app")))).isNull();
        assertThat(vault.requests().getLast().status()).isEqualTo(400);
    }

    @Test
    void aChildWithoutPoliciesInheritsItsParentsAndDefaultIsAdded() {
        String parent = token(create(vault.rootToken(), Map.of("policies", List.of("aigov-broker"))));
        JsonNode child = create(parent, Map.of());
        assertThat(vault.token(accessor(child)).orElseThrow().policies()).containsExactly("aigov-broker", "default");
    }

    @Test
    void orphansNeedRootAndSurviveTheirCreatorsRevocation() {
        JsonNode parent = create(vault.rootToken(), Map.of("policies", List.of("aigov-broker")));
        assertThat(create(token(parent), Map.of("no_parent", true))).isNull();
        JsonNode orphan = create(vault.rootToken(), Map.of("no_parent", true, "policies", List.of("agent-readonly")));
        assertThat(vault.token(accessor(orphan)).orElseThrow().orphan()).isTrue();
        http.write("auth/token/revoke-accessor", Map.of("accessor", accessor(parent)));
        assertThat(vault.token(accessor(orphan))).isPresent();
    }

    @Test
    void revokeAccessorCascadesToChildrenGrandchildrenAndTheirLeases() {
        JsonNode parent = create(vault.rootToken(), Map.of("policies", List.of("aigov-broker", "db-app")));
        JsonNode child = create(token(parent), Map.of("policies", List.of("aigov-broker", "db-app")));
        JsonNode grandchild = create(token(child), Map.of("policies", List.of("db-app")));
        String lease = http.call("GET", "database/creds/app", token(grandchild), null, true).path("lease_id").asText();
        assertThat(vault.lease(lease)).isPresent();

        http.write("auth/token/revoke-accessor", Map.of("accessor", accessor(parent)));

        assertThat(vault.liveAccessors()).isEmpty();
        assertThat(vault.liveLeaseIds()).isEmpty();
        assertThat(http.call("POST", "auth/token/lookup-accessor", vault.rootToken(),
                Map.of("accessor", accessor(child)), false)).isNull();
        assertThat(http.call("POST", "sys/leases/lookup", vault.rootToken(), Map.of("lease_id", lease), false))
                .isNull();
        // revoke-accessor is idempotent (Vault >= 1.10), lease revoke too
        assertThat(http.call("POST", "auth/token/revoke-accessor", vault.rootToken(),
                Map.of("accessor", accessor(parent)), false)).isNotNull();
        assertThat(http.call("POST", "sys/leases/revoke", vault.rootToken(), Map.of("lease_id", lease), false))
                .isNotNull();
    }

    @Test
    void aTokenWithoutReadOnThePathIsDeniedTheDynamicSecret() {
        String t = token(create(vault.rootToken(), Map.of("policies", List.of("agent-readonly"))));
        assertThat(http.call("GET", "database/creds/app", t, null, false)).isNull();
        assertThat(vault.requests().getLast().status()).isEqualTo(403);
    }

    @Test
    void ttlExpiryRevokesTheTokenItsChildrenAndLeasesAndExplicitMaxTtlCapsTheTtl() {
        JsonNode parent = create(vault.rootToken(), Map.of("ttl", "10m", "explicit_max_ttl", "5m"));
        assertThat(vault.token(accessor(parent)).orElseThrow().creationTtlSeconds()).isEqualTo(300);
        JsonNode child = create(token(parent), Map.of("ttl", "1h"));
        http.call("GET", "database/creds/app", token(child), null, true);
        assertThat(vault.liveLeaseIds()).hasSize(1).allSatisfy(l ->
                assertThat(vault.lease(l).orElseThrow().expireTime())
                        .isBeforeOrEqualTo(vault.token(accessor(child)).orElseThrow().expireTime()));
        vault.advanceClock(Duration.ofMinutes(5).plusSeconds(1));
        assertThat(vault.liveAccessors()).isEmpty();
        assertThat(vault.liveLeaseIds()).isEmpty();
    }

    @Test
    void numUsesIsDecrementedAndTheLastUseRevokes() {
        JsonNode t = create(vault.rootToken(), Map.of("num_uses", 2, "policies", List.of("agent-readonly")));
        assertThat(http.call("GET", "auth/token/lookup-self", token(t), null, false).path("data").path("num_uses")
                .asInt()).isEqualTo(2);
        assertThat(vault.token(accessor(t)).orElseThrow().numUses()).isEqualTo(1);
        assertThat(http.call("GET", "auth/token/lookup-self", token(t), null, false)).isNotNull();
        assertThat(vault.token(accessor(t))).isEmpty();
    }

    @Test
    void batchTokensHaveNoAccessorAndCannotCreateChildren() {
        JsonNode batch = create(vault.rootToken(), Map.of("type", "batch", "policies", List.of("aigov-broker")));
        assertThat(token(batch)).startsWith("hvb.");
        assertThat(accessor(batch)).isEmpty();
        assertThat(create(token(batch), Map.of())).isNull();
    }

    @Test
    void lookupAccessorBlanksTheTokenIdAndCarriesMetadata() {
        JsonNode t = create(vault.rootToken(), Map.of("meta", Map.of("job", "j"), "display_name", "x y"));
        JsonNode data = http.write("auth/token/lookup-accessor", Map.of("accessor", accessor(t))).path("data");
        assertThat(data.path("id").asText()).isEmpty();
        assertThat(data.path("meta").path("job").asText()).isEqualTo("j");
        assertThat(data.path("display_name").asText()).isEqualTo("token-x-y");
    }

    @Test
    void theRequestLogCarriesAccessorsNeverTokens() {
        String t = token(create(vault.rootToken(), Map.of("policies", List.of("agent-readonly"))));
        http.call("GET", "auth/token/lookup-self", t, null, true);
        assertThat(vault.requests().toString()).doesNotContain(t).doesNotContain(vault.rootToken());
        assertThat(vault.requests().getLast().callerAccessor()).isNotEmpty();
    }

    @Test
    void jwtRolesNeedABoundConstraintAndAUserClaim() {
        http.enableAuth("jwt", "jwt");
        assertThat(http.call("POST", "auth/jwt/role/r", vault.rootToken(), Map.of("user_claim", "sub"), false))
                .isNull();
        assertThat(http.call("POST", "auth/jwt/role/r", vault.rootToken(),
                Map.of("bound_audiences", "vault"), false)).isNull();
    }
}
