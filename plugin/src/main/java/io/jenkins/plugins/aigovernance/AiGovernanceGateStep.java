package io.jenkins.plugins.aigovernance;

import dev.aigov.approval.ApprovalRequest;
import dev.aigov.gate.ApprovalRequirement;
import dev.aigov.gate.AttributedCommit;
import dev.aigov.gate.Decision;
import dev.aigov.gate.GateResult;
import dev.aigov.gate.GateResultMaps;
import dev.aigov.gate.Reason;
import dev.aigov.gate.StricterDecision;
import dev.aigov.provenance.TrustedRange;
import dev.aigov.evidence.EvidenceChecks;
import dev.aigov.ledger.Events;
import dev.aigov.policy.Policy;
import dev.aigov.provenance.ProvenanceDetector;
import hudson.AbortException;
import hudson.Extension;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.CauseOfInterruption;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.jenkinsci.plugins.workflow.steps.GeneralNonBlockingStepExecution;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code aiGovernanceGate(...)}: evaluates the change under review with the engine, records the decision on
 * the build, and returns it as a map. {@code APPROVAL_REQUIRED} pauses the build until enough allowed reviewers
 * approve on the build's "AI Governance" page (or one rejects, or {@code timeout} minutes pass).
 */
public final class AiGovernanceGateStep extends Step {
    private String policy = "";
    private String range = "";
    private String coverage = "";
    private String sarif = "";
    private String sbom = "";
    private int timeout;
    private boolean wait = true;

    @DataBoundConstructor
    public AiGovernanceGateStep() {
    }

    public String getPolicy() {
        return policy;
    }

    @DataBoundSetter
    public void setPolicy(String policy) {
        this.policy = clean(policy);
    }

    public String getRange() {
        return range;
    }

    @DataBoundSetter
    public void setRange(String range) {
        this.range = clean(range);
    }

    public String getCoverage() {
        return coverage;
    }

    @DataBoundSetter
    public void setCoverage(String coverage) {
        this.coverage = clean(coverage);
    }

    public String getSarif() {
        return sarif;
    }

    @DataBoundSetter
    public void setSarif(String sarif) {
        this.sarif = clean(sarif);
    }

    public String getSbom() {
        return sbom;
    }

    @DataBoundSetter
    public void setSbom(String sbom) {
        this.sbom = clean(sbom);
    }

    /** Minutes to wait for reviewers; 0 waits until someone acts. */
    public int getTimeout() {
        return timeout;
    }

    @DataBoundSetter
    public void setTimeout(int timeout) {
        this.timeout = Math.max(0, timeout);
    }

    /**
     * Whether the gate waits for reviewers itself (the default). {@code false} records the request and returns at
     * once, so the build can leave {@code node} and wait with {@code aiGovernanceWait} without holding an executor.
     */
    public boolean isWait() {
        return wait;
    }

    @DataBoundSetter
    public void setWait(boolean wait) {
        this.wait = wait;
    }

    private static String clean(String value) {
        return value == null ? "" : value.trim();
    }

    GateRequest request() {
        return new GateRequest(policy, range, coverage, sarif, sbom);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new Execution(this, context, JenkinsBuildScope.Factory.INSTANCE);
    }

    /**
     * The step's inputs as the engine-facing side sees them. A plain class, not a record: Pipeline persists
     * executions with JBoss Marshalling, which restores objects by setting fields.
     */
    static final class GateRequest implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final String policyFile;
        private final String range;
        private final String coverage;
        private final String sarif;
        private final String sbom;

        GateRequest(String policyFile, String range, String coverage, String sarif, String sbom) {
            this.policyFile = policyFile;
            this.range = range;
            this.coverage = coverage;
            this.sarif = sarif;
            this.sbom = sbom;
        }

        String policyFile() {
            return policyFile;
        }

        String range() {
            return range;
        }

        String coverage() {
            return coverage;
        }

        String sarif() {
            return sarif;
        }

        String sbom() {
            return sbom;
        }

        /** Evidence kind to the step's comma-separated patterns, for the kinds the step names. */
        Map<String, String> reportPatterns() {
            Map<String, String> out = new LinkedHashMap<>();
            if (!coverage.isEmpty()) {
                out.put("coverage", coverage);
            }
            if (!sarif.isEmpty()) {
                out.put("sarif", sarif);
            }
            if (!sbom.isEmpty()) {
                out.put("sbom", sbom);
            }
            return out;
        }
    }

    public static final class Execution extends GeneralNonBlockingStepExecution {
        private static final long serialVersionUID = 1L;
        private static final Logger LOGGER = Logger.getLogger(Execution.class.getName());

        private final GateRequest request;
        private final int timeoutMinutes;
        /** Whether the gate itself waits for reviewers (else {@code aiGovernanceWait} does). */
        private final boolean waitHere;
        /** Only waits for the request an earlier gate recorded ({@code aiGovernanceWait}). */
        private final boolean awaitOnly;
        private boolean pausedNode;
        private final BuildScope.Factory scopes;
        private String runId;
        /** The decision map, kept while waiting so it can be returned after the approvals. */
        private LinkedHashMap<String, Object> pendingResult;
        private boolean done;

        Execution(AiGovernanceGateStep step, StepContext context, BuildScope.Factory scopes) {
            super(context);
            this.request = step.request();
            this.timeoutMinutes = step.timeout;
            this.waitHere = step.wait;
            this.awaitOnly = false;
            this.scopes = scopes;
        }

        /** The execution of {@code aiGovernanceWait(timeout: N)}. */
        Execution(int timeoutMinutes, StepContext context, BuildScope.Factory scopes) {
            super(context);
            this.request = new GateRequest("", "", "", "", "");
            this.timeoutMinutes = Math.max(0, timeoutMinutes);
            this.waitHere = true;
            this.awaitOnly = true;
            this.scopes = scopes;
        }

        @Override
        public boolean start() throws Exception {
            run(awaitOnly ? this::awaitRecorded : this::evaluate);
            return false;
        }

        /** The block {@link #start()} runs on a background thread. */
        void evaluate() throws Exception {
            BuildScope scope = scopes.of(getContext());
            runId = scope.runId();
            PrintStream log = scope.listener().getLogger();
            // The global policy is the trust root; a step-level (workspace) policy may add requirements, never
            // remove any: both decide and the stricter outcome is kept.
            Policy policy = scope.policy();
            Policy added = request.policyFile().isEmpty() ? null : scope.workspacePolicy(request.policyFile());
            Map<String, String> environment = scope.environment();
            String trustedRange = TrustedRange.fromEnvironment(environment).orElse("");
            CommitsJson.Changes changes = scope.changes(request.range(), trustedRange, request.reportPatterns(),
                    scansSecrets(policy) || added != null && scansSecrets(added));
            GateResult result = decide(policy, changes, scope.buildDir());
            if (added != null) {
                result = StricterDecision.of(result, decide(added, changes, scope.buildDir()));
            }
            List<AttributedCommit> commits = result.commits();
            Decision decision = result.decision();
            GovernanceAction action = scope.action();
            action.recordDecision(decision.id(), reasonLines(decision), result.aiAttributedCommits(), commits.size(),
                    changes.range(), commits.isEmpty() ? "" : commits.get(0).commit().id());
            TrustedRange.Coverage coverage = TrustedRange.coverage(
                    commits.stream().map(c -> c.commit().id()).toList(), changes.trustedCommits(), changes.head());
            action.recordCoverage(changes.trustedRange(), coverage.covered(), coverage.why());
            scope.save();
            // The same event the CLI records: every commit's attribution, each evidence report's digest, and the
            // range with its trusted base (the way back).
            BuildLedger.append(scope.buildDir(), scope.build(), BuildLedger.ACTOR, Events.gateEvaluated(result,
                    new Events.GateContext(changes.range(), dev.aigov.provenance.GitChangeSource.baseCommit(
                            commits.stream().map(AttributedCommit::commit).toList()), policy.source(),
                            scope.policyDigest(), "", dev.aigov.provenance.GitChangeSource.webUrl(environment))));
            LinkedHashMap<String, Object> map = decisionMap(result);
            log.println("[ai-governance] gate: " + decision.id() + " (" + result.aiAttributedCommits().size()
                    + " AI-attributed of " + commits.size() + " commits, policy " + policy.source()
                    + (added == null ? "" : " and, stricter only, " + added.source()) + ")");
            if (!coverage.covered()) {
                log.println("[ai-governance]   reported only: " + coverage.why() + "; the trusted range is "
                        + changes.trustedRange() + ", so roles that require approval stay locked");
            }
            for (String kind : List.of("coverage", "sarif", "sbom")) {
                List<CommitsJson.Report> used = changes.reports().getOrDefault(kind, List.of());
                boolean discovered = !request.reportPatterns().containsKey(kind);
                log.println("[ai-governance] evidence " + kind + ": " + (used.isEmpty()
                        ? "none found (looked for " + dev.aigov.evidence.EvidenceDiscovery.LOOKS_FOR.get(kind) + ")"
                        : String.join(", ", used.stream().map(CommitsJson.Report::path).toList())
                                + (discovered ? " (discovered)" : "")));
            }
            for (String line : reasonLines(decision)) {
                log.println("[ai-governance]   " + line);
            }
            switch (decision) {
                case Decision.Pass pass -> complete(map);
                case Decision.Fail fail -> fail(new AbortException("AI governance gate: FAIL: "
                        + String.join("; ", reasonLines(fail))));
                case Decision.ApprovalRequired required -> {
                    List<dev.aigov.provenance.Commit> aiCommits = result.commits().stream()
                            .filter(AttributedCommit::aiAttributed).map(AttributedCommit::commit).toList();
                    ApprovalRequest request = ApprovalRequest.create(scope.build(), withReviewerGroups(required, scope),
                            aiCommits, "", policy.approval(), Instant.now());
                    PendingApproval approval = PendingApproval.create(
                            scope.buildDir().resolve("ai-governance").resolve("approval.json"), request,
                            timeoutMinutes > 0 ? Instant.now().plus(Duration.ofMinutes(timeoutMinutes)) : null);
                    BuildLedger.append(scope.buildDir(), scope.build(), BuildLedger.ACTOR,
                            Events.approvalRequested(request.id(), required.approval()));
                    action.awaitApproval(approval, runId);
                    scope.save();
                    if (!waitHere) {
                        // Evaluation needed the workspace; waiting needs none: aiGovernanceWait, outside node.
                        String page = scope.approvalPageUrl();
                        log.println("[ai-governance] approval requested (" + request.required() + " approval(s)"
                                + (request.groups().isEmpty() ? "" : " from " + request.groups()) + "): "
                                + scope.consoleLink(page, "Approve / Reject") + " at " + page
                                + "; aiGovernanceWait() waits for it without holding an executor");
                        map.put("approvalPending", true);
                        complete(map);
                        return;
                    }
                    waitFor(scope, approval, map);
                }
            }
        }

        /**
         * Pauses until reviewers act on the request: marks the flow node paused, registers to be woken, prints the
         * link, arms the timeout, and then looks once at the request, so an approval recorded before the
         * registration is not missed.
         */
        private void waitFor(BuildScope scope, PendingApproval approval, LinkedHashMap<String, Object> map)
                throws IOException, InterruptedException {
            synchronized (this) {
                pendingResult = map;
                pausedNode = true;
            }
            scope.paused(true);
            PendingGates.register(runId, this);
            String page = scope.approvalPageUrl();
            ApprovalRequest request = approval.request();
            scope.listener().getLogger().println("[ai-governance] waiting for " + request.required() + " approval(s)"
                    + (request.groups().isEmpty() ? "" : " from " + request.groups()) + ": "
                    + scope.consoleLink(page, "Approve / Reject") + " at " + page);
            scheduleTimeout(scope, approval);
            conclude(scope);
        }

        /** {@code aiGovernanceWait}: waits, outside any node, for the request this build's gate recorded. */
        void awaitRecorded() throws Exception {
            BuildScope scope = scopes.of(getContext());
            runId = scope.runId();
            GovernanceAction action = scope.action();
            PendingApproval approval = action.approval();
            String decision = action.getDecision();
            LinkedHashMap<String, Object> map = new LinkedHashMap<>();
            map.put("decision", decision);
            if (approval == null) {
                switch (decision) {
                    case "PASS" -> complete(map);
                    case "" -> fail(new AbortException("aiGovernanceWait: this build has no gate decision; "
                            + "run aiGovernanceGate(wait: false) inside node first"));
                    default -> fail(new AbortException("aiGovernanceWait: the gate decided " + decision));
                }
                return;
            }
            if (timeoutMinutes > 0) {
                approval.extendDeadline(Instant.now().plus(Duration.ofMinutes(timeoutMinutes)));
                scope.save();
            }
            waitFor(scope, approval, map);
        }

        /** Whether the policy's secret scan reads added lines (only then are the commits' patches sent). */
        static boolean scansSecrets(Policy policy) {
            return policy.evidence().secrets() != null && policy.evidence().secrets().scanAddedLines();
        }

        /** One policy's decision over the changes the agent sent. */
        static GateResult decide(Policy policy, CommitsJson.Changes changes, Path buildDir)
                throws IOException, dev.aigov.gate.EvidenceUnreadableException {
            ProvenanceDetector detector = ProvenanceDetector.withAdditions(policy.attribution());
            List<AttributedCommit> commits = changes.commits().stream()
                    .map(c -> new AttributedCommit(c, detector.detect(c))).toList();
            return new dev.aigov.gate.GateEngine(policy).evaluate(commits, evidence(changes, buildDir, policy));
        }

        /**
         * The engine's evidence checks over the reports the agent sent, kept with the build
         * ({@code <build>/ai-governance/evidence/}) so the audit record's file hashes can be checked later.
         */
        static EvidenceChecks evidence(CommitsJson.Changes changes, Path buildDir, Policy policy) throws IOException {
            Map<String, List<Path>> saved = new LinkedHashMap<>();
            for (Map.Entry<String, List<CommitsJson.Report>> kind : changes.reports().entrySet()) {
                Path dir = buildDir.resolve("ai-governance").resolve("evidence").resolve(kind.getKey());
                Files.createDirectories(dir);
                List<Path> files = new ArrayList<>();
                int n = 0;
                for (CommitsJson.Report report : kind.getValue()) {
                    Path name = Path.of(report.path()).getFileName();
                    Path file = dir.resolve((n++) + "-" + (name == null ? "report" : name.toString()));
                    Files.write(file, report.content());
                    files.add(file);
                }
                saved.put(kind.getKey(), files);
            }
            return new EvidenceChecks(saved.getOrDefault("coverage", List.of()), saved.getOrDefault("sarif", List.of()),
                    Optional.empty(), saved.getOrDefault("sbom", List.of()), changes.diff(),
                    changes.patchStream(), policy.evidence());
        }

        /** Called by the build action after a reviewer acted. */
        void reviewerActed() {
            try {
                conclude(scopes.of(getContext()));
            } catch (IOException | InterruptedException e) {
                LOGGER.log(Level.WARNING, "cannot conclude the gate of " + runId, e);
            }
        }

        /** Times the request out when its deadline has passed (the timer calls this; so can a resume). */
        void checkTimeout(Instant now) throws IOException, InterruptedException {
            BuildScope scope = scopes.of(getContext());
            PendingApproval approval = scope.action().approval();
            if (approval != null && approval.timeOutIfDue(now)) {
                scope.save();
            }
            conclude(scope);
        }

        private synchronized void conclude(BuildScope scope) throws IOException {
            if (done) {
                return;
            }
            PendingApproval approval = scope.action().approval();
            PendingApproval.Status status = approval == null ? PendingApproval.Status.PENDING : approval.status();
            if (status == PendingApproval.Status.PENDING) {
                return;
            }
            PrintStream log = scope.listener().getLogger();
            log.println("[ai-governance] gate " + approval.outcome());
            if (status == PendingApproval.Status.APPROVED) {
                LinkedHashMap<String, Object> map = new LinkedHashMap<>(pendingResult);
                map.put("approvedBy", new ArrayList<>(approval.approvers()));
                complete(map);
            } else {
                fail(new FlowInterruptedException(Result.ABORTED, true, new GateInterruption(approval.outcome())));
            }
        }

        private synchronized void complete(Map<String, Object> map) {
            done = true;
            PendingGates.remove(runId);
            endPause();
            getContext().onSuccess(map);
        }

        private synchronized void fail(Throwable cause) {
            done = true;
            PendingGates.remove(runId);
            endPause();
            getContext().onFailure(cause);
        }

        /** Ends the flow node's pause if the gate waited (Stage View stops showing it as paused). */
        private void endPause() {
            try {
                BuildScope scope = scopes.of(getContext());
                if (pausedNode) {
                    pausedNode = false;
                    scope.paused(false);
                }
            } catch (IOException | InterruptedException | RuntimeException e) {
                LOGGER.log(Level.FINE, "cannot end the pause of " + runId, e);
            }
        }

        private void scheduleTimeout(BuildScope scope, PendingApproval approval) {
            if (approval.deadline().isEmpty()) {
                return;
            }
            Duration delay = Duration.between(Instant.now(), Instant.parse(approval.deadline()));
            scope.schedule(() -> {
                try {
                    checkTimeout(Instant.now());
                } catch (IOException | InterruptedException e) {
                    LOGGER.log(Level.WARNING, "cannot time out the gate of " + runId, e);
                }
            }, delay.isNegative() ? Duration.ZERO : delay);
        }

        @Override
        public void onResume() {
            super.onResume();
            if (runId == null || done) {
                return;
            }
            PendingGates.register(runId, this);
            try {
                BuildScope scope = scopes.of(getContext());
                PendingApproval approval = scope.action().approval();
                if (approval != null) {
                    checkTimeout(Instant.now());
                    scheduleTimeout(scope, approval);
                }
            } catch (IOException | InterruptedException e) {
                LOGGER.log(Level.WARNING, "cannot resume the gate of " + runId, e);
            }
        }

        /** Stopping a paused gate closes its request (cancelled, on the record) before the build ends. */
        @Override
        public void stop(Throwable cause) throws Exception {
            synchronized (this) {
                done = true;
            }
            PendingGates.remove(runId);
            endPause();
            try {
                BuildScope scope = scopes.of(getContext());
                PendingApproval approval = scope.action().approval();
                if (approval != null && approval.cancel("the build was stopped: " + describe(cause))) {
                    scope.save();
                    scope.listener().getLogger().println("[ai-governance] approval request cancelled: the build was stopped");
                }
            } catch (IOException | RuntimeException e) {
                LOGGER.log(Level.WARNING, "cannot cancel the approval request of " + runId, e);
            }
            super.stop(cause);
        }

        private static String describe(Throwable cause) {
            if (cause instanceof FlowInterruptedException interrupted && !interrupted.getCauses().isEmpty()) {
                return interrupted.getCauses().get(0).getShortDescription();
            }
            return cause == null || cause.getMessage() == null ? "aborted" : cause.getMessage();
        }

        /** A rule that names no groups takes the controller's default reviewer groups. */
        private static Decision.ApprovalRequired withReviewerGroups(Decision.ApprovalRequired required, BuildScope scope) {
            ApprovalRequirement asked = required.approval();
            if (!asked.groups().isEmpty() || scope.defaultReviewerGroups().isEmpty()) {
                return required;
            }
            return new Decision.ApprovalRequired(required.reasons(), new ApprovalRequirement(asked.required(),
                    scope.defaultReviewerGroups(), asked.architecturalReview()));
        }

        private static List<String> reasonLines(Decision decision) {
            return decision.reasons().stream().map(r -> r.code() + ": " + r.message()).toList();
        }

        /**
         * The decision as Pipeline gets it: the CLI's JSON document ({@link GateResultMaps#decision}, the same keys:
         * {@code decision}, {@code categories}, {@code aiAttributedCommits}, {@code commitsReviewed},
         * {@code reasons}, {@code approval}, {@code evidence}, {@code categoryPaths}) as plain serializable maps and
         * lists; {@code approvedBy} is added once reviewers approved.
         */
        @SuppressWarnings("unchecked")
        static LinkedHashMap<String, Object> decisionMap(GateResult result) {
            return (LinkedHashMap<String, Object>) plain(GateResultMaps.decision(result));
        }

        /** Maps, lists and scalars copied into types Pipeline can persist and scripts can read. */
        static Object plain(Object value) {
            if (value instanceof Map<?, ?> map) {
                LinkedHashMap<String, Object> out = new LinkedHashMap<>();
                map.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
                return out;
            }
            if (value instanceof java.util.Collection<?> list) {
                ArrayList<Object> out = new ArrayList<>();
                list.forEach(v -> out.add(plain(v)));
                return out;
            }
            if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                    || value instanceof Long || value instanceof Double) {
                return value;
            }
            if (value instanceof Number n) {
                return n.doubleValue();
            }
            return String.valueOf(value);
        }
    }

    /** Why the build stopped at the gate, shown on the build page. */
    static final class GateInterruption extends CauseOfInterruption {
        private static final long serialVersionUID = 1L;
        private final String why;

        GateInterruption(String why) {
            this.why = why;
        }

        @Override
        public String getShortDescription() {
            return "AI governance gate " + why;
        }
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "aiGovernanceGate";
        }

        @Override
        public String getDisplayName() {
            return "AI governance gate: evaluate the change, pause for approvals";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            // The gate reads git and the reports in the workspace: Pipeline refuses it outside node, up front.
            return Set.of(Run.class, TaskListener.class, hudson.FilePath.class);
        }
    }
}
