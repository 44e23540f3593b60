package io.jenkins.plugins.aigovernance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigov.credentials.LeaseHandle;
import hudson.EnvVars;
import hudson.console.ConsoleLogFilter;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.jenkinsci.plugins.workflow.steps.FailureHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a Pipeline paused inside {@code withAgentIdentity} has in program.dat (the execution, its revoke callback,
 * the body's environment, console filter and failure handler), written with River as Pipeline writes it. A serial
 * form committed with this version ({@code withAgentIdentity-0.1.program.dat}) must still resume after any change:
 * a build running across a plugin upgrade resumes from it. Regenerate only on purpose, for a new format, with
 * {@code -Daigov.regenerateSerialForms=true} (and keep the old file's test).
 */
class SerialFormTest {
    private static final Path FIXTURE = Paths.get("src/test/resources/io/jenkins/plugins/aigovernance/"
            + "withAgentIdentity-0.1.program.dat");
    private static final String NAME = "serial-form";
    private static final String TOKEN = "fixture-token-4f0c2a9e7d1b8355";

    @TempDir
    Path tmp;

    /** The objects of a running withAgentIdentity body, as the step makes them. */
    private static Object[] persisted() {
        WithAgentIdentityStep step = new WithAgentIdentityStep("agent");
        step.setAgent("claude-code");
        WithAgentIdentityStep.Execution execution = new WithAgentIdentityStep.Execution(step,
                new TestStepContext(NAME), new TestScope.Factory(NAME));
        return new Object[] {execution,
                execution.new Revoke(new LeaseHandle("jwt", "fixture-jti", Map.of("expires_at", "2030-01-01T00:00:00Z"))),
                new Object[] {new SecretEnvironment(Map.of("AIGOV_ID_TOKEN", TOKEN), Map.of("AIGOV_ROLE", "agent")),
                        new MaskingFilter(List.of(TOKEN), StandardCharsets.UTF_8.name()),
                        new MaskingFailureHandler(List.of(TOKEN))}};
    }

    @Test
    void theCommittedSerialFormStillResumesAndHoldsNoSecretInTheClear() throws Exception {
        TestScope scope = new TestScope(NAME, tmp);
        TestStepContext context = new TestStepContext(NAME);
        if (Boolean.getBoolean("aigov.regenerateSerialForms")) {
            Files.write(FIXTURE, Serialization.bytes(persisted()));
        }
        byte[] programDat = Files.readAllBytes(FIXTURE);
        assertThat(Serialization.contains(programDat, TOKEN)).as("the token in the clear").isFalse();
        assertThat(Serialization.contains(programDat, TOKEN.substring(6, 20))).isFalse();

        Object[] restored = Serialization.read(programDat);

        WithAgentIdentityStep.Execution execution = (WithAgentIdentityStep.Execution) restored[0];
        execution.onResume();
        assertThat(context.state().failure).as("nothing was running on a background thread").isNull();
        EnvVars env = new EnvVars();
        Object[] contexts = (Object[]) restored[2];
        ((EnvironmentExpander) contexts[0]).expand(env);
        assertThat(env).containsEntry("AIGOV_ID_TOKEN", TOKEN).containsEntry("AIGOV_ROLE", "agent");
        assertThat(((EnvironmentExpander) contexts[0]).getSensitiveVariables()).containsExactly("AIGOV_ID_TOKEN");
        assertThat(masked((ConsoleLogFilter) contexts[1], "token " + TOKEN + "\n")).isEqualTo("token ****\n");
        assertThat(((FailureHandler) contexts[2]).handle(context, new IllegalStateException("saw " + TOKEN)))
                .hasMessageContaining("saw ****");

        ((WithAgentIdentityStep.Execution.Revoke) restored[1]).finished(context);
        assertThat(scope.provider.issuer.denied("fixture-jti")).as("revoked after the resume").isTrue();
        assertThat(scope.console()).contains("role 'agent' (jwt): token id denied on this controller");
    }

    @Test
    void todaysSerialFormRoundTripsThroughRiver() throws Exception {
        new TestScope(NAME + "-now", tmp);
        byte[] programDat = Serialization.bytes(persisted());
        assertThat(Serialization.contains(programDat, TOKEN)).isFalse();
        Object[] restored = Serialization.read(programDat);
        EnvVars env = new EnvVars();
        ((EnvironmentExpander) ((Object[]) restored[2])[0]).expand(env);
        assertThat(env).containsEntry("AIGOV_ID_TOKEN", TOKEN);
    }

    private static String masked(ConsoleLogFilter filter, String text) throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = filter.decorateLogger(null, sink)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return sink.toString(StandardCharsets.UTF_8);
    }
}
