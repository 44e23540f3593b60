package io.jenkins.plugins.aigovernance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import hudson.FilePath;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jenkins.agents.ControllerToAgentFileCallable;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.verb.POST;

/** What a jenkinsci hosting reviewer checks in the global configuration, the step descriptors and the callables. */
class HostingReviewTest {
    private static final Path CONFIG = Path.of("src/main/java/io/jenkins/plugins/aigovernance/AiGovernanceConfiguration.java");

    @Test
    void everyFormMethodOfTheGlobalConfigurationIsPostOnlyAndChecksThePagesOwnPermission() throws Exception {
        List<String> methods = new ArrayList<>();
        for (Method m : AiGovernanceConfiguration.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && m.getName().startsWith("do")) {
                methods.add(m.getName());
                assertThat(m.isAnnotationPresent(POST.class)).as(m.getName() + " is @POST").isTrue();
            }
        }
        assertThat(methods).contains("doCheckPolicyYaml", "doFillVaultCredentialIdItems");
        String source = Files.readString(CONFIG);
        assertThat(source).doesNotContain("Jenkins.MANAGE").contains("return Jenkins.ADMINISTER;");
        assertThat(source.split("getRequiredGlobalConfigPagePermission\\(\\)").length - 1)
                .as("the override and each form method").isGreaterThanOrEqualTo(3);
        assertThat(Files.readString(Path.of("src/main/resources/io/jenkins/plugins/aigovernance/AiGovernanceConfiguration/config.jelly")))
                .contains("field=\"vaultCredentialId\">\n      <f:select/>");
    }

    @Test
    void theGateRequiresAWorkspaceAndTheWaitStepDoesNot() {
        Set<Class<?>> gate = Set.copyOf(new AiGovernanceGateStep.DescriptorImpl().getRequiredContext());
        assertThat(gate).contains(FilePath.class);
        Set<Class<?>> wait = Set.copyOf(new AiGovernanceWaitStep.DescriptorImpl().getRequiredContext());
        assertThat(wait).doesNotContain(FilePath.class);
    }

    @Test
    void theCallablesThatRunOnAgentsAreControllerToAgentFileCallables() {
        assertThat(ControllerToAgentFileCallable.class.isAssignableFrom(WorkspaceChanges.class)).isTrue();
        assertThat(ControllerToAgentFileCallable.class.isAssignableFrom(WorkspaceHead.class)).isTrue();
    }

    @Test
    void whatAnAgentSendsBackIsCappedBeforeItIsParsed() {
        String oversized = "{\"range\":\"" + "x".repeat(2000) + "\"}";
        assertThatThrownBy(() -> CommitsJson.readFromAgent(oversized, 1000)).isInstanceOf(AbortException.class)
                .hasMessageContaining("more than the 1000 accepted");
        assertThat(WorkspaceChanges.MAX_RESPONSE_CHARS).isGreaterThan(WorkspaceChanges.MAX_REPORT_BYTES);
    }
}
