package io.jenkins.plugins.aigovernance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.console.ConsoleLogFilter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.jenkinsci.plugins.workflow.steps.FailureHandler;
import org.jenkinsci.plugins.workflow.steps.GeneralNonBlockingStepExecution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WithAgentIdentityStepTest {
    @TempDir
    Path tmp;

    private TestScope scope;
    private TestStepContext context;

    private WithAgentIdentityStep.Execution execution(String testName, WithAgentIdentityStep step) {
        scope = new TestScope(testName, tmp);
        context = new TestStepContext(testName);
        return new WithAgentIdentityStep.Execution(step, context, scope.factory());
    }

    private static WithAgentIdentityStep step(String role) {
        WithAgentIdentityStep step = new WithAgentIdentityStep(role);
        step.setAgent("claude-code");
        step.setModel("claude-sonnet");
        return step;
    }

    private WithAgentIdentityStep.Execution.Revoke startedBody() {
        TestStepContext.State state = context.state();
        assertThat(state.bodyStarted).as("body started").isTrue();
        return (WithAgentIdentityStep.Execution.Revoke) state.bodyCallback;
    }

    private EnvVars bodyEnvironment() throws Exception {
        EnvVars env = new EnvVars();
        for (Object o : context.state().bodyContexts) {
            if (o instanceof EnvironmentExpander expander) {
                expander.expand(env);
            }
        }
        return env;
    }

    @Test
    void issuesIntoTheBodyEnvironmentAndRevokesWhenTheBodySucceeds() throws Exception {
        WithAgentIdentityStep.Execution execution = execution("success", step("agent"));
        execution.issueAndStartBody();

        String token = scope.provider.onlyToken();
        assertThat(bodyEnvironment()).containsEntry("AIGOV_ID_TOKEN", token)
                ;
        assertThat(context.state().bodyContexts).hasAtLeastOneElementOfType(ConsoleLogFilter.class);
        assertThat(scope.provider.live()).hasSize(1);
        assertThat(scope.provider.lastRequest.agent()).isEqualTo("claude-code (claude-sonnet)");
        assertThat(scope.journal().outstanding()).hasSize(1);

        startedBody().finished(context);

        assertThat(scope.provider.live()).as("revoked").isEmpty();
        assertThat(scope.journal().outstanding()).isEmpty();
        assertThat(scope.journals().entries()).as("registry entry dropped once nothing is open").isEmpty();
        assertThat(scope.action.getCredentialsIssued()).isEqualTo(1);
        assertThat(scope.action.getCredentialsRevoked()).isEqualTo(1);
        assertThat(scope.console()).contains("issued role 'agent'").contains("role 'agent' (jwt): token id denied")
                .contains("accept it until it expires at 20").doesNotContain("revoked role 'agent'").doesNotContain(token);
    }

    @Test
    void revokesWhenTheBodyFailsOrIsAborted() throws Exception {
        // Pipeline calls the TailCall's onFailure for a failing or aborted body; it runs finished() as on success.
        WithAgentIdentityStep.Execution execution = execution("failure", step("agent"));
        execution.issueAndStartBody();
        WithAgentIdentityStep.Execution.Revoke revoke = startedBody();
        execution.stop(new InterruptedException("aborted by user"));
        revoke.finished(context);
        assertThat(scope.provider.live()).isEmpty();
        assertThat(context.state().failure).isInstanceOf(InterruptedException.class);
    }

    @Test
    void theBodyEndingRevokesOffTheCallingThreadThenCompletesTheStep() throws Exception {
        // Pipeline calls the body callback on the CPS VM thread: a Vault round trip there stalls every Pipeline.
        WithAgentIdentityStep.Execution execution = execution("offthread", step("agent"));
        execution.issueAndStartBody();
        var callback = context.state().bodyCallback;

        callback.onSuccess(context, "body result");
        GeneralNonBlockingStepExecution.awaitBackgroundWork();

        assertThat(scope.provider.revokedOn).hasSize(1).doesNotContain(Thread.currentThread());
        assertThat(scope.provider.live()).isEmpty();
        assertThat(context.state().success).as("the step completes with the body's result").isEqualTo("body result");

        WithAgentIdentityStep.Execution failing = execution("offthread-failure", step("agent"));
        failing.issueAndStartBody();
        IllegalStateException bodyFailure = new IllegalStateException("body failed");
        context.state().bodyCallback.onFailure(context, bodyFailure);
        GeneralNonBlockingStepExecution.awaitBackgroundWork();
        assertThat(scope.provider.revokedOn).hasSize(1).doesNotContain(Thread.currentThread());
        assertThat(scope.provider.live()).isEmpty();
        assertThat(context.state().failure).isSameAs(bodyFailure);
    }

    @Test
    void stopWhileIssuingRevokesAndNeverStartsTheBody() throws Exception {
        WithAgentIdentityStep.Execution execution = execution("stopped", step("agent"));
        execution.stop(new InterruptedException("aborted"));
        assertThatThrownBy(execution::issueAndStartBody).isInstanceOf(AbortException.class)
                .hasMessageContaining("stopped while issuing");
        assertThat(context.state().bodyStarted).isFalse();
        assertThat(scope.provider.everIssued).hasSize(1);
        assertThat(scope.provider.live()).isEmpty();
    }

    @Test
    void variableRenamesThePrimaryCredential() throws Exception {
        WithAgentIdentityStep step = step("agent");
        step.setVariable("ID_TOKEN");
        execution("renamed", step).issueAndStartBody();
        assertThat(bodyEnvironment()).containsEntry("ID_TOKEN", scope.provider.onlyToken()).doesNotContainKey("AIGOV_ID_TOKEN");
    }

    @Test
    void nothingSecretIsSerializedAndTheResumedCallbackStillRevokes() throws Exception {
        WithAgentIdentityStep.Execution execution = execution("serialized", step("agent"));
        execution.issueAndStartBody();
        String token = scope.provider.onlyToken();

        byte[] programDat = Serialization.bytes(execution, context.state().bodyCallback,
                context.state().bodyContexts.toArray());
        assertThat(Serialization.contains(programDat, token)).as("secret in serialized bytes").isFalse();
        assertThat(Serialization.contains(programDat, token.substring(4, 20))).isFalse();

        Object[] restored = Serialization.read(programDat);
        WithAgentIdentityStep.Execution resumed = (WithAgentIdentityStep.Execution) restored[0];
        resumed.onResume();
        EnvVars env = new EnvVars();
        for (Object o : (Object[]) restored[2]) {
            if (o instanceof EnvironmentExpander expander) {
                expander.expand(env);
            }
        }
        assertThat(env).as("the resumed body still sees its credential").containsEntry("AIGOV_ID_TOKEN", token);
        MaskingFilter filter = (MaskingFilter) java.util.Arrays.stream((Object[]) restored[2])
                .filter(MaskingFilter.class::isInstance).findFirst().orElseThrow();
        assertThat(onAnAgent(filter, "token=" + token + "\n")).as("the resumed masker still masks")
                .isEqualTo("token=****\n");
        ((WithAgentIdentityStep.Execution.Revoke) restored[1]).finished(resumed.getContext());
        assertThat(scope.provider.live()).isEmpty();
    }

    @Test
    void theBodysConsoleIsMaskedOnTheAgentWhereNoPatternCanBeBuilt() throws Exception {
        execution("agentmask", step("agent")).issueAndStartBody();
        String token = scope.provider.onlyToken();
        ConsoleLogFilter filter = (ConsoleLogFilter) context.state().bodyContexts.stream()
                .filter(ConsoleLogFilter.class::isInstance).findFirst().orElseThrow();

        String masked = onAnAgent(filter, "curl -H 'Authorization: Bearer " + token + "'\nnothing secret\n");

        assertThat(masked).isEqualTo("curl -H 'Authorization: Bearer ****'\nnothing secret\n");
    }

    @Test
    void aTokenInWhatTheBodyThrowsNeverReachesTheFlowNodesError() throws Exception {
        execution("failmask", step("agent")).issueAndStartBody();
        String token = scope.provider.onlyToken();
        FailureHandler handler = (FailureHandler) Serialization.read(Serialization.bytes(context.state().bodyContexts
                .stream().filter(FailureHandler.class::isInstance).findFirst().orElseThrow()))[0];
        java.io.IOException thrown = new java.io.IOException("curl: login refused for " + token,
                new IllegalStateException("HTTP 401 for Bearer " + token));
        thrown.addSuppressed(new RuntimeException("cleanup saw " + token));

        Throwable recorded = handler.handle(context, thrown);

        java.io.StringWriter trace = new java.io.StringWriter();
        recorded.printStackTrace(new java.io.PrintWriter(trace));
        assertThat(trace.toString()).doesNotContain(token)
                .contains("java.io.IOException: curl: login refused for ****")
                .contains("Caused by: java.lang.IllegalStateException: HTTP 401 for Bearer ****")
                .contains("Suppressed: java.lang.RuntimeException: cleanup saw ****");
        assertThat(recorded.getStackTrace()).isEqualTo(thrown.getStackTrace());
        assertThat(Serialization.contains(Serialization.bytes(recorded), token)).isFalse();

        AbortException abort = new AbortException("script returned exit code 1");
        assertThat(handler.handle(context, abort)).as("nothing to mask: the same throwable").isSameAs(abort);
        assertThat(handler.handle(context, new AbortException("bad token " + token)))
                .isInstanceOf(AbortException.class).hasMessage("bad token ****");
    }

    /** Sends the filter over "remoting" and runs it where credentials binding cannot build a pattern. */
    private static String onAnAgent(ConsoleLogFilter filter, String output) throws Exception {
        ConsoleLogFilter onAgent = Serialization.remoting(filter);
        jenkins.util.ControllerJvm.set(false);
        try {
            java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
            try (java.io.OutputStream out = onAgent.decorateLogger(null, sink)) {
                out.write(output.getBytes(StandardCharsets.UTF_8));
            }
            return sink.toString(StandardCharsets.UTF_8);
        } finally {
            jenkins.util.ControllerJvm.set(true);
        }
    }

    @Test
    void journalAndConsoleNeverHoldTheSecret() throws Exception {
        execution("journal", step("agent")).issueAndStartBody();
        startedBody().finished(context);
        String token = scope.provider.onlyToken();
        try (var files = Files.walk(scope.home)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString())
                        .doesNotContain(token);
            }
        }
        assertThat(scope.console()).doesNotContain(token);
    }

    @Test
    void deployRoleIsRefusedUntilTheGateHoldsItsApprovals() throws Exception {
        WithAgentIdentityStep.Execution refused = execution("deploy", step("deploy"));
        assertThatThrownBy(refused::issueAndStartBody).isInstanceOf(AbortException.class)
                .hasMessageContaining("requires approval");
        assertThat(scope.provider.everIssued).isEmpty();

        scope.action.recordDecision("APPROVAL_REQUIRED", List.of(), List.of("c1"), 1, "", "c1c1");
        scope.action.recordCoverage("base..HEAD", true, "");
        scope.head = "c1c1";
        var required = new dev.aigov.gate.Decision.ApprovalRequired(List.of(),
                new dev.aigov.gate.ApprovalRequirement(1, List.of(), false));
        PendingApproval approval = PendingApproval.create(scope.buildDir.resolve("ai-governance/approval.json"),
                dev.aigov.approval.ApprovalRequest.create(scope.build(), required, List.of(), "", null,
                        java.time.Instant.now()), null);
        scope.action.awaitApproval(approval, scope.runId());
        assertThatThrownBy(refused::issueAndStartBody).as("still pending").isInstanceOf(AbortException.class);

        scope.action.approve("reviewer", java.util.Set.of(), false);
        refused.issueAndStartBody();
        assertThat(scope.provider.live()).hasSize(1);
        assertThat(scope.provider.lastRequest.commit()).as("the reviewed commit goes into the claims").isEqualTo("c1c1");
    }

    @Test
    void failedIssueNeverRunsTheBody() throws Exception {
        WithAgentIdentityStep.Execution execution = execution("issuefail", step("agent"));
        scope.provider.failIssue = true;
        assertThatThrownBy(execution::issueAndStartBody).isInstanceOf(AbortException.class)
                .hasMessageContaining("issuer unavailable");
        assertThat(context.state().bodyStarted).isFalse();
    }

    @Test
    void unknownRoleAndExcessiveTtlAreRefusedWithReasons() throws Exception {
        assertThatThrownBy(execution("norole", step("builder"))::issueAndStartBody)
                .hasMessageContaining("no identity role 'builder'").hasMessageContaining("agent");
        WithAgentIdentityStep longStep = step("agent");
        longStep.setTtl("2h");
        assertThatThrownBy(execution("longttl", longStep)::issueAndStartBody).isInstanceOf(AbortException.class)
                .hasMessageContaining("exceeds limits.maxTtl");
        WithAgentIdentityStep badTtl = step("agent");
        badTtl.setTtl("soon");
        assertThatThrownBy(execution("badttl", badTtl)::issueAndStartBody).hasMessageContaining("'soon' is not a duration");
    }

    @Test
    void failedRevokeIsLoudAndLeavesTheHandleForTheReaper() throws Exception {
        execution("revokefail", step("agent")).issueAndStartBody();
        scope.provider.failRevoke = true;
        assertThatThrownBy(() -> startedBody().finished(context)).isInstanceOf(AbortException.class)
                .hasMessageContaining("could not revoke");
        assertThat(scope.console()).contains("REVOKE FAILED");
        assertThat(scope.action.getCredentialEvents()).anyMatch(e -> e.startsWith("REVOKE FAILED"));
        assertThat(scope.journal().outstanding()).hasSize(1);

        // The controller restarts; the build is gone; the revocation service is back.
        scope.provider.failRevoke = false;
        LeaseReaper.Result reaped = new LeaseReaper(scope.journals(), run -> false, (id, run) -> scope.providers().get(id)).reap();
        assertThat(reaped.revoked()).isEqualTo(1);
        assertThat(scope.provider.live()).isEmpty();
        assertThat(scope.journals().entries()).isEmpty();
    }
}
