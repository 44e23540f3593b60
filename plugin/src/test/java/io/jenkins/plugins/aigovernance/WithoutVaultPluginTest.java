package io.jenkins.plugins.aigovernance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigov.credentials.vault.VaultFixture;
import dev.aigov.testing.ClassPathWithout;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hashicorp-vault-plugin is an optional dependency: with its classes (and the credentials API it brings) absent,
 * the global configuration still loads and builds the embedded JWT issuer's provider, and {@code vaultAddress}
 * (the engine's own Vault client) works, since the Vault plugin's vault-java-driver is absent too.
 */
class WithoutVaultPluginTest {
    @TempDir
    Path home;

    @Test
    @SuppressWarnings("unchecked")
    void theJwtPathNeedsNoClassOfTheVaultPlugin() throws Exception {
        try (URLClassLoader loader = withoutVaultPlugin()) {
            Class<?> type = loader.loadClass(AiGovernanceConfiguration.class.getName());
            assertThat(type.getClassLoader()).isSameAs(loader);
            Constructor<?> constructor = type.getDeclaredConstructor(boolean.class);
            constructor.setAccessible(true);
            Object config = constructor.newInstance(false);
            Method providers = type.getDeclaredMethod("providers", Path.class, String.class);
            providers.setAccessible(true);

            Map<Object, Object> built = (Map<Object, Object>) providers.invoke(config, home, "https://ci.example/");

            assertThat(built.keySet()).containsExactly("jwt");
            // The loader really hides the Vault plugin: asking for its credential now says it is not installed.
            type.getMethod("setVaultCredentialId", String.class).invoke(config, "vault-approle");
            assertThatThrownBy(() -> providers.invoke(config, home, "https://ci.example/"))
                    .isInstanceOf(InvocationTargetException.class).cause()
                    .hasMessageContaining("needs the HashiCorp Vault plugin, which is not installed")
                    .satisfies(e -> assertThat(e.getClass().getName()).isEqualTo("dev.aigov.credentials.CredentialException"));
        }
    }

    @Test
    void vaultAddressWorksWithoutTheVaultPluginAndItsDriver() throws Exception {
        try (VaultFixture vault = VaultFixture.start(); URLClassLoader loader = withoutVaultPlugin()) {
            vault.writeBrokerPolicies();
            String broker = vault.brokerToken(List.of("aigov-broker", "agent-readonly"));
            Method probe = loader.loadClass(IsolatedVaultProbe.class.getName())
                    .getMethod("issueAndRevoke", Path.class, String.class, String.class);

            String childAccessor = (String) probe.invoke(null, home, vault.address(), broker);

            assertThat(childAccessor).isNotBlank();
            assertThat(vault.tokenAlive(childAccessor)).as("issued, then revoked").isFalse();
            assertThatThrownBy(() -> loader.loadClass("io.github.jopenlibs.vault.rest.Rest"))
                    .isInstanceOf(ClassNotFoundException.class);
        }
    }

    /** Loads the plugin and its libraries itself, as if the Vault plugin were not installed. */
    private static URLClassLoader withoutVaultPlugin() {
        return new ClassPathWithout("the Vault plugin is not installed", "com.datapipe.",
                "com.cloudbees.plugins.credentials.", "io.github.jopenlibs.");
    }
}
