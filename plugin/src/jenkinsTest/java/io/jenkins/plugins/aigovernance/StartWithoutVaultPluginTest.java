package io.jenkins.plugins.aigovernance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.RealJenkinsExtension;

/**
 * The HashiCorp Vault plugin is an optional dependency: on a controller without it (a real Jenkins in its own
 * JVM, with the plugin left out of the test classpath's plugins) ours starts and issues its own tokens.
 */
class StartWithoutVaultPluginTest {
    @RegisterExtension
    private final RealJenkinsExtension withoutVault = new RealJenkinsExtension().omitPlugins("hashicorp-vault-plugin");

    @Test
    void withoutTheVaultPluginThePluginStartsAndIssuesItsOwnTokens() throws Throwable {
        withoutVault.then(StartWithoutVaultPluginTest::startsWithoutTheVaultPlugin);
    }

    private static void startsWithoutTheVaultPlugin(JenkinsRule j) throws Throwable {
        assertThat(j.jenkins.getPluginManager().getPlugin("hashicorp-vault-plugin")).isNull();
        assertThat(j.jenkins.getPluginManager().getPlugin("ai-governance").isActive()).isTrue();
        assertThat(j.jenkins.getPluginManager().getFailedPlugins()).isEmpty();
        StartWithUnreadableJournalTest.assertAgentIdentityWorks(j, "without-vault");
    }
}
