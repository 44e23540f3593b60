package io.jenkins.plugins.aigovernance;

import dev.aigov.credentials.CredentialBroker;
import dev.aigov.credentials.CredentialException;
import dev.aigov.credentials.IdentityRequest;
import dev.aigov.credentials.Lease;
import dev.aigov.credentials.LeaseHandle;
import dev.aigov.credentials.LeaseJournal;
import dev.aigov.credentials.Secret;
import dev.aigov.intent.Prompt;
import dev.aigov.ledger.Events;
import dev.aigov.policy.Durations;
import dev.aigov.policy.PolicyLoader;
import hudson.AbortException;
import hudson.Extension;
import hudson.console.ConsoleLogFilter;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jenkinsci.plugins.workflow.steps.BodyInvoker;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.jenkinsci.plugins.workflow.steps.FailureHandler;
import org.jenkinsci.plugins.workflow.steps.GeneralNonBlockingStepExecution;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code withAgentIdentity(role: 'agent') { ... }}: short-lived credentials for the policy's role, in the
 * body's environment only, masked in its console, revoked however the body ends.
 */
public final class WithAgentIdentityStep extends Step {
    private final String role;
    private String ttl = "";
    private String agent = "";
    private String model = "";
    private String audience = "";
    private String variable = "";
    private String promptFile = "";

    @DataBoundConstructor
    public WithAgentIdentityStep(String role) {
        this.role = role == null ? "" : role.trim();
    }

    public String getRole() {
        return role;
    }

    public String getTtl() {
        return ttl;
    }

    @DataBoundSetter
    public void setTtl(String ttl) {
        this.ttl = clean(ttl);
    }

    public String getAgent() {
        return agent;
    }

    @DataBoundSetter
    public void setAgent(String agent) {
        this.agent = clean(agent);
    }

    public String getModel() {
        return model;
    }

    @DataBoundSetter
    public void setModel(String model) {
        this.model = clean(model);
    }

    public String getAudience() {
        return audience;
    }

    @DataBoundSetter
    public void setAudience(String audience) {
        this.audience = clean(audience);
    }

    public String getVariable() {
        return variable;
    }

    @DataBoundSetter
    public void setVariable(String variable) {
        this.variable = clean(variable);
    }

    public String getPromptFile() {
        return promptFile;
    }

    /**
     * The prompt the agent is given, a file in the workspace: scanned for secrets before anything is issued (a secret
     * fails the step, the prompt is not kept), else recorded by digest and size and kept with the build.
     */
    @DataBoundSetter
    public void setPromptFile(String promptFile) {
        this.promptFile = clean(promptFile);
    }

    private static String clean(String value) {
        return value == null ? "" : value.trim();
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new Execution(this, context, JenkinsBuildScope.Factory.INSTANCE);
    }

    /** Issues off the CPS thread, then runs the body with the credentials; the callback revokes them. */
    public static final class Execution extends GeneralNonBlockingStepExecution {
        private static final long serialVersionUID = 1L;

        private final String role;
        private final String ttl;
        private final String agent;
        private final String agentName;
        private final String model;
        private final String audience;
        private final String variable;
        private final String promptFile;
        private final BuildScope.Factory scopes;
        private volatile boolean stopped;

        Execution(WithAgentIdentityStep step, StepContext context, BuildScope.Factory scopes) {
            super(context);
            this.role = step.role;
            this.ttl = step.ttl;
            this.agent = step.model.isEmpty() ? step.agent : step.agent + " (" + step.model + ")";
            this.agentName = step.agent;
            this.model = step.model;
            this.audience = step.audience;
            this.variable = step.variable;
            this.promptFile = step.promptFile;
            this.scopes = scopes;
        }

        @Override
        public boolean start() throws Exception {
            run(this::issueAndStartBody);
            return false;
        }

        /** The block {@link #start()} runs on a background thread. */
        void issueAndStartBody() throws Exception {
            StepContext context = getContext();
            BuildScope scope = scopes.of(context);
            PrintStream log = scope.listener().getLogger();
            if (role.isEmpty()) {
                throw new AbortException("withAgentIdentity: role is required, e.g. withAgentIdentity(role: 'agent')");
            }
            Duration requestedTtl = null;
            if (!ttl.isEmpty()) {
                requestedTtl = Durations.parse(ttl).orElseThrow(() -> new AbortException(
                        "withAgentIdentity: ttl '" + ttl + "' is not a duration like 90s, 15m or 1h"));
            }
            GovernanceAction action = scope.action();
            String promptDigest = declareAgent(scope, log);
            LeaseJournal journal = scope.journal();
            scope.journals().register(scope.runId(), journal.file(), scope.buildDir());
            String decision = action.getDecision();
            String gate = "APPROVAL_REQUIRED".equals(decision) && action.approvalsHeld() ? "APPROVED" : decision;
            String workspaceHead = scope.workspaceHead();
            IdentityRequest request = new IdentityRequest(scope.build(), role, requestedTtl, agent, "",
                    action.getHeadCommit(), audience, gate);
            Lease lease;
            try {
                CredentialBroker broker = new CredentialBroker(scope.policy(), scope.providers(), journal,
                        (req, definition) -> GovernanceAction.unlocked(action.whyLocked(workspaceHead), log));
                lease = broker.issue(request);
            } catch (CredentialException e) {
                throw new AbortException("withAgentIdentity: " + e.getMessage());
            }
            LeaseHandle handle = lease.handle();
            action.credentialIssued(role, handle.provider(), handle.id());
            scope.save();
            Revoke revoke = new Revoke(handle);
            try {
                // On the record before the secret leaves: the handle's hash, role, policies, times; never the value.
                BuildLedger.append(scope.buildDir(), scope.build(), BuildLedger.ACTOR,
                        Events.credentialIssued(lease, agentName, model, promptDigest, requestId(action)));
                if (stopped) {
                    throw new AbortException("withAgentIdentity: stopped while issuing; credentials revoked");
                }
                Map<String, String> values = secretValues(lease);
                log.println("[ai-governance] issued role '" + role + "' (" + handle.provider() + ", expires "
                        + lease.expiresAt() + "); variables " + values.keySet() + " are masked");
                EnvironmentExpander ours = new SecretEnvironment(values, lease.environment());
                EnvironmentExpander outer = context.get(EnvironmentExpander.class);
                // Built here, on the controller: the agent that streams a sh step's output only applies it.
                ConsoleLogFilter filter = new MaskingFilter(values.values(), StandardCharsets.UTF_8.name());
                ConsoleLogFilter outerFilter = context.get(ConsoleLogFilter.class);
                // What the body throws is masked before Pipeline records it on the flow node (SECURITY-3499).
                FailureHandler handler = new MaskingFailureHandler(values.values());
                FailureHandler outerHandler = context.get(FailureHandler.class);
                context.newBodyInvoker()
                        .withContexts(outer == null ? ours : EnvironmentExpander.merge(outer, ours),
                                outerFilter == null ? filter : BodyInvoker.mergeConsoleLogFilters(outerFilter, filter),
                                outerHandler == null ? handler : FailureHandler.merge(outerHandler, handler))
                        .withCallback(revoke)
                        .start();
            } catch (Exception | Error e) {
                try {
                    revoke.revokeNow(scope);
                } catch (IOException revokeFailed) {
                    e.addSuppressed(revokeFailed);
                }
                throw e;
            }
        }

        /**
         * Records the declared agent and its prompt before anything is issued; returns the prompt's digest or empty.
         * A prompt holding a secret fails the step: the ledger records the kinds found, the prompt is not kept.
         */
        private String declareAgent(BuildScope scope, PrintStream log) throws IOException, InterruptedException {
            if (promptFile.isEmpty()) {
                if (!agentName.isEmpty() || !model.isEmpty()) {
                    BuildLedger.append(scope.buildDir(), scope.build(), BuildLedger.ACTOR,
                            Events.agentDeclared(agentName, model, ""));
                }
                return "";
            }
            Prompt prompt = Prompt.of(promptFile, scope.workspaceFile(promptFile, "withAgentIdentity"));
            List<String> kinds = prompt.secretKinds();
            if (!kinds.isEmpty()) {
                List<Integer> lines = prompt.secretLines();
                BuildLedger.append(scope.buildDir(), scope.build(), BuildLedger.ACTOR,
                        Events.agentPromptRefused(agentName, model, kinds, lines));
                throw new AbortException("withAgentIdentity: promptFile " + promptFile + " holds a secret ("
                        + String.join(", ", kinds) + " on line " + lines + "); no credential was issued, the body did "
                        + "not run and the prompt was not kept");
            }
            String kept = prompt.store(BuildLedger.file(scope.buildDir()).getParent());
            BuildLedger.append(scope.buildDir(), scope.build(), BuildLedger.ACTOR,
                    Events.agentDeclared(agentName, model, prompt.digest(), prompt.size(), kept));
            log.println("[ai-governance] prompt " + promptFile + " recorded as " + prompt.digest() + " ("
                    + prompt.size() + " bytes), kept with the build");
            return prompt.digest();
        }

        /** The approval request the gate of this build opened, whose approvals let a credential be issued; or empty. */
        private static String requestId(GovernanceAction action) {
            PendingApproval approval = action.approval();
            if (approval == null) {
                return "";
            }
            try {
                return approval.request().id();
            } catch (IOException e) {
                return "";
            }
        }

        /** The lease's secrets by variable name, the primary one renamed to {@code variable} when given. */
        private Map<String, String> secretValues(Lease lease) {
            Map<String, String> values = new LinkedHashMap<>();
            boolean first = true;
            for (Map.Entry<String, Secret> e : lease.secrets().entrySet()) {
                String name = first && !variable.isEmpty() ? variable : e.getKey();
                values.put(name, e.getValue().reveal());
                first = false;
            }
            return values;
        }

        @Override
        public void stop(Throwable cause) throws Exception {
            stopped = true;
            super.stop(cause);
        }

        /**
         * Revokes when the body ends: success, failure or abort. Holds only the handle, never the secret. The
         * non-blocking tail call runs {@link #finished} on a background thread, never on the CPS VM thread: Vault round
         * trips and the broker's retries must not stall every Pipeline on the controller.
         */
        final class Revoke extends TailCall {
            private static final long serialVersionUID = 1L;

            private final String provider;
            private final String id;
            private final TreeMap<String, String> attributes;

            Revoke(LeaseHandle handle) {
                this.provider = handle.provider();
                this.id = handle.id();
                this.attributes = new TreeMap<>(handle.attributes());
            }

            @Override
            protected void finished(StepContext context) throws Exception {
                revokeNow(scopes.of(context));
            }

            void revokeNow(BuildScope scope) throws IOException {
                LeaseHandle handle = new LeaseHandle(provider, id, attributes);
                LeaseJournal journal = scope.journal();
                GovernanceAction action = scope.action();
                try {
                    // Revoking needs no policy (and must not depend on one that may have changed since).
                    new CredentialBroker(PolicyLoader.builtIn(), scope.providers(), journal).revoke(handle);
                } catch (CredentialException e) {
                    action.credentialRevokeFailed(role, provider, id, e.getMessage());
                    BuildLedger.append(scope.buildDir(), scope.build(), BuildLedger.ACTOR,
                            Events.credentialRevokeFailed(handle, role, CredentialBroker.REVOKE_ATTEMPTS, e.getMessage()));
                    scope.save();
                    scope.listener().getLogger().println("[ai-governance] REVOKE FAILED for role '" + role + "' ("
                            + provider + " " + id + "): " + e.getMessage() + "; left in the lease journal for the reaper");
                    throw new AbortException("withAgentIdentity: could not revoke " + provider + " handle " + id);
                }
                action.credentialRevoked(role, provider, id);
                BuildLedger.append(scope.buildDir(), scope.build(), BuildLedger.ACTOR,
                        Events.credentialRevoked(handle, role, Instant.now()));
                scope.save();
                scope.listener().getLogger().println(revokedLine(role, provider, attributes.get("expiresAt")));
                if (journal.outstanding().isEmpty()) {
                    scope.journals().forget(scope.runId());
                }
            }
        }
    }

    /**
     * A JWT cannot be called back: its id goes on this controller's deny-list, but a relying party that only checks
     * the signature (cloud federation, Vault's JWT auth) accepts it until it expires, so say that, not "revoked".
     */
    static String revokedLine(String role, String provider, String expiresAt) {
        if ("jwt".equals(provider)) {
            return "[ai-governance] role '" + role + "' (jwt): token id denied on this controller; relying parties that "
                    + "only check the signature accept it until it expires at " + (expiresAt == null ? "its exp" : expiresAt);
        }
        return "[ai-governance] revoked role '" + role + "' (" + provider + ")";
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "withAgentIdentity";
        }

        @Override
        public String getDisplayName() {
            return "Run a block with short-lived AI agent credentials";
        }

        @Override
        public boolean takesImplicitBlockArgument() {
            return true;
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }
    }
}
