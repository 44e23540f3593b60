package io.jenkins.plugins.aigovernance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigov.credentials.vault.VaultDouble;
import dev.aigov.credentials.vault.VaultProviders;
import hudson.EnvVars;
import java.nio.file.Path;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * withAgentIdentity with a {@code provider: vault} role, through the engine's Vault provider configured as the
 * global configuration configures it, against the Vault double on 127.0.0.1.
 */
class VaultIdentityTest {
    @TempDir
    Path tmp;

    @Test
    void aVaultChildTokenLivesExactlyAsLongAsTheBody() throws Exception {
        try (VaultDouble vault = VaultDouble.start()) {
            TestScope scope = new TestScope("vault", tmp);
            scope.policyYaml = """
                    version: 1
                    identities:
                      builder: {provider: vault, policies: [agent-readonly], ttl: 10m}
                    """;
            scope.others.put("vault", VaultProviders.fromEnvironment(AiGovernanceConfiguration.vaultEnvironment(
                    vault.address(), "", "token", "", vault.rootToken()), null));
            TestStepContext context = new TestStepContext("vault");
            WithAgentIdentityStep.Execution execution = new WithAgentIdentityStep.Execution(
                    new WithAgentIdentityStep("builder"), context, scope.factory());
            int before = vault.liveAccessors().size();

            execution.issueAndStartBody();

            EnvVars env = new EnvVars();
            for (Object o : context.state().bodyContexts) {
                if (o instanceof EnvironmentExpander expander) {
                    expander.expand(env);
                }
            }
            String token = env.get("VAULT_TOKEN");
            assertThat(token).isNotBlank();
            assertThat(env).containsEntry("VAULT_ADDR", vault.address());
            assertThat(vault.liveAccessors()).hasSizeGreaterThan(before);
            byte[] programDat = Serialization.bytes(execution, context.state().bodyCallback,
                    context.state().bodyContexts.toArray());
            assertThat(Serialization.contains(programDat, token)).isFalse();

            ((WithAgentIdentityStep.Execution.Revoke) context.state().bodyCallback).finished(context);

            assertThat(vault.liveAccessors()).as("child token revoked").hasSize(before);
            assertThat(scope.journal().outstanding()).isEmpty();
            assertThat(scope.console()).doesNotContain(token);
        }
    }
}
