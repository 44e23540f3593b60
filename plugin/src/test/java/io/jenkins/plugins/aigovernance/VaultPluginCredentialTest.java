package io.jenkins.plugins.aigovernance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigov.credentials.vault.VaultFixture;
import hudson.AbortException;
import hudson.EnvVars;
import io.github.jopenlibs.vault.response.AuthResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * withAgentIdentity with a {@code provider: vault} role when Vault is reached through the HashiCorp Vault plugin's
 * credential ({@code vaultCredentialId}): the global configuration builds the providers as in Jenkins, with a real
 * AppRole login (vault-java-driver) against the Vault double on 127.0.0.1.
 */
class VaultPluginCredentialTest {
    private static final String POLICY = """
            version: 1
            identities:
              builder: {provider: vault, policies: [agent-readonly], ttl: 10m}
            """;

    @TempDir
    Path tmp;
    VaultFixture vault;
    AppRoleVaultCredential credential;

    @BeforeEach
    void setUp() {
        vault = VaultFixture.start();
        vault.writeBrokerPolicies();
        vault.enableAuth("approle", "approle");
        vault.write("auth/approle/role/jenkins", Map.of("token_policies", List.of("aigov-broker", "agent-readonly"),
                "token_ttl", "1h"));
        String roleId = vault.read("auth/approle/role/jenkins/role-id").path("data").path("role_id").asText();
        String secretId = vault.write("auth/approle/role/jenkins/secret-id", Map.of()).path("data")
                .path("secret_id").asText();
        credential = new AppRoleVaultCredential("vault-approle", roleId, secretId);
    }

    @AfterEach
    void tearDown() {
        vault.close();
    }

    /** A scope whose providers come from the global configuration, the credential found by id as in a build. */
    private TestScope scope(String name, String credentialId) {
        AiGovernanceConfiguration config = new AiGovernanceConfiguration(false);
        config.setVaultAddress(vault.address());
        config.setVaultCredentialId(credentialId);
        TestScope scope = new TestScope(name, tmp.resolve(name));
        scope.policyYaml = POLICY;
        scope.providersFrom = () -> config.providers(scope.home, "http://127.0.0.1:8080/",
                id -> id.equals(credential.getId()) ? credential : null);
        return scope;
    }

    @Test
    void theCredentialsLoginIssuesAChildTokenForTheBodyAndItIsRevokedAfter() throws Exception {
        TestScope scope = scope("vault-credential", "vault-approle");
        TestStepContext context = new TestStepContext("vault-credential");
        WithAgentIdentityStep.Execution execution = new WithAgentIdentityStep.Execution(
                new WithAgentIdentityStep("builder"), context, scope.factory());

        execution.issueAndStartBody();

        assertThat(context.state().bodyStarted).isTrue();
        assertThat(credential.logins).as("logged in through the credential").hasSize(1);
        AuthResponse login = credential.logins.get(0);
        EnvVars env = bodyEnvironment(context);
        String child = env.get("VAULT_TOKEN");
        assertThat(child).isNotBlank().isNotEqualTo(login.getAuthClientToken());
        String childAccessor = vault.call("POST", "auth/token/lookup", vault.rootToken(), Map.of("token", child),
                true).path("data").path("accessor").asText();
        assertThat(vault.tokenAlive(childAccessor)).isTrue();
        vault.theDouble().ifPresent(d -> {
            // The engine's per-build parent token hangs under the credential's login token, the child under it.
            String parent = d.token(childAccessor).orElseThrow().parentAccessor();
            assertThat(d.token(parent).orElseThrow().parentAccessor()).as("issued with the credential's token")
                    .isEqualTo(login.getTokenAccessor());
        });

        byte[] serialized = Serialization.bytes(execution, context.state().bodyCallback,
                context.state().bodyContexts.toArray());
        ((WithAgentIdentityStep.Execution.Revoke) context.state().bodyCallback).finished(context);

        assertThat(vault.tokenAlive(childAccessor)).as("child token revoked").isFalse();
        assertThat(scope.journal().outstanding()).isEmpty();
        for (AuthResponse each : credential.logins) {
            String token = each.getAuthClientToken();
            assertThat(Serialization.contains(serialized, token)).as("serialized execution").isFalse();
            assertThat(scope.console()).doesNotContain(token);
            assertThat(filesContaining(scope.home, token)).as("files under JENKINS_HOME and the build").isEmpty();
        }
        assertThat(scope.console()).doesNotContain(child);
    }

    @Test
    void whatADeadBuildLeftIsRevokedThroughTheCredentialInThatRunsContext() throws Exception {
        TestScope scope = scope("vault-reaped", "vault-approle");
        TestStepContext context = new TestStepContext("vault-reaped");
        new WithAgentIdentityStep.Execution(new WithAgentIdentityStep("builder"), context, scope.factory())
                .issueAndStartBody();
        String child = bodyEnvironment(context).get("VAULT_TOKEN");
        String childAccessor = vault.call("POST", "auth/token/lookup", vault.rootToken(), Map.of("token", child),
                true).path("data").path("accessor").asText();
        // The controller died with the body running: its callback never ran; the build has now finished.
        AiGovernanceConfiguration config = new AiGovernanceConfiguration(false);
        config.setVaultAddress(vault.address());
        config.setVaultCredentialId("vault-approle");
        List<String> lookedUp = new java.util.ArrayList<>();

        LeaseReaper.Result result = LeaseReaping.reapFinished(scope.home, scope.runId(),
                (provider, run) -> config.revocationProvider(provider, scope.home, "http://127.0.0.1:8080/", id -> {
                    lookedUp.add(id + "@" + run);
                    return id.equals(credential.getId()) ? credential : null;
                }));

        assertThat(result).isEqualTo(new LeaseReaper.Result(1, 0, 0));
        assertThat(lookedUp).containsExactly("vault-approle@" + scope.runId());
        assertThat(vault.tokenAlive(childAccessor)).as("child token revoked").isFalse();
        assertThat(scope.journal().outstanding()).isEmpty();
    }

    @Test
    void anUnknownCredentialIdFailsTheStepBeforeTheBody() throws Exception {
        TestScope scope = scope("vault-missing", "no-such-credential");
        TestStepContext context = new TestStepContext("vault-missing");
        WithAgentIdentityStep.Execution execution = new WithAgentIdentityStep.Execution(
                new WithAgentIdentityStep("builder"), context, scope.factory());

        assertThatThrownBy(execution::issueAndStartBody).isInstanceOf(AbortException.class)
                .hasMessageContaining("vaultCredentialId 'no-such-credential'")
                .hasMessageContaining("no HashiCorp Vault credential with this id");
        assertThat(context.state().bodyStarted).isFalse();
        assertThat(credential.logins).isEmpty();
    }

    @Test
    void aCredentialThatCannotLogInFailsTheStepWithoutItsSecret() throws Exception {
        credential = new AppRoleVaultCredential("vault-approle", "wrong-role-id", "wrong-secret-id-7f3a");
        TestScope scope = scope("vault-wrong", "vault-approle");
        TestStepContext context = new TestStepContext("vault-wrong");
        WithAgentIdentityStep.Execution execution = new WithAgentIdentityStep.Execution(
                new WithAgentIdentityStep("builder"), context, scope.factory());

        assertThatThrownBy(execution::issueAndStartBody).isInstanceOf(AbortException.class)
                .hasMessageContaining("vaultCredentialId 'vault-approle': the Vault login failed")
                .hasMessageNotContaining("wrong-secret-id-7f3a");
        assertThat(context.state().bodyStarted).isFalse();
        assertThat(scope.console()).doesNotContain("wrong-secret-id-7f3a");
    }

    private static EnvVars bodyEnvironment(TestStepContext context) throws Exception {
        EnvVars env = new EnvVars();
        for (Object o : context.state().bodyContexts) {
            if (o instanceof EnvironmentExpander expander) {
                expander.expand(env);
            }
        }
        return env;
    }

    private static List<Path> filesContaining(Path root, String text) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(f -> {
                try {
                    return Serialization.contains(Files.readAllBytes(f), text);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
    }
}
