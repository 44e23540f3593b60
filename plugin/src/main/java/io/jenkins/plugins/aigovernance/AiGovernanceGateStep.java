package io.jenkins.plugins.aigovernance;

import dev.aigov.approval.ApprovalRequest;
import dev.aigov.gate.ApprovalRequirement;
import dev.aigov.gate.AttributedCommit;
import dev.aigov.gate.Decision;
import dev.aigov.gate.GateResult;
import dev.aigov.gate.Reason;
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
        private final BuildScope.Factory scopes;
        private String runId;
        /** The decision map, kept while waiting so it can be returned after the approvals. */
        private LinkedHashMap<String, Object> pendingResult;
        private boolean done;

        Execution(AiGovernanceGateStep step, StepContext context, BuildScope.Factory scopes) {
            super(context);
            this.request = step.request();
            this.timeoutMinutes = step.timeout;
            this.scopes = scopes;
        }

        @Override
        public boolean start() throws Exception {
            run(this::evaluate);
            return false;
        }

        /** The block {@link #start()} runs on a background thread. */
        void evaluate() throws Exception {
            BuildScope scope = scopes.of(getContext());
            runId = scope.runId();
            PrintStream log = scope.listener().getLogger();
            Policy policy = request.policyFile().isEmpty() ? scope.policy() : scope.workspacePolicy(request.policyFile());
            CommitsJson.Changes changes = scope.changes(request.range(), request.reportPatterns());
            ProvenanceDetector detector = ProvenanceDetector.withAdditions(policy.attribution());
            List<AttributedCommit> commits = changes.commits().stream()
                    .map(c -> new AttributedCommit(c, detector.detect(c))).toList();
            GateResult result = new dev.aigov.gate.GateEngine(policy).evaluate(commits,
                    evidence(changes, scope.buildDir(), policy));
            Decision decision = result.decision();
            GovernanceAction action = scope.action();
            action.recordDecision(decision.id(), reasonLines(decision), result.aiAttributedCommits(), commits.size(),
                    changes.range(), commits.isEmpty() ? "" : commits.get(0).commit().id());
            scope.save();
            BuildLedger.append(scope.buildDir(), scope.build(), BuildLedger.ACTOR, Events.gateEvaluated(
                    commits.isEmpty() ? "" : commits.get(0).commit().id(), decision,
                    commits.stream().map(AttributedCommit::commit).toList(),
                    commits.stream().map(AttributedCommit::attribution).toList(), List.of(),
                    // the range and its trusted base (the way back), as the CLI records them
                    new Events.GateContext(changes.range(), dev.aigov.provenance.GitChangeSource.baseCommit(
                            commits.stream().map(AttributedCommit::commit).toList()), policy.source(), "", "", "")));
            LinkedHashMap<String, Object> map = decisionMap(result);
            log.println("[ai-governance] gate: " + decision.id() + " (" + result.aiAttributedCommits().size()
                    + " AI-attributed of " + commits.size() + " commits, policy " + policy.source() + ")");
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
                    synchronized (this) {
                        pendingResult = map;
                    }
                    PendingGates.register(runId, this);
                    log.println("[ai-governance] waiting for " + request.required() + " approval(s)"
                            + (request.groups().isEmpty() ? "" : " from " + request.groups())
                            + ": Approve / Reject at " + scope.build().url() + GovernanceAction.URL_NAME + "/");
                    scheduleTimeout(scope, approval);
                }
            }
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
                    Optional.empty(), saved.getOrDefault("sbom", List.of()), changes.diff(), policy.evidence());
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
            getContext().onSuccess(map);
        }

        private synchronized void fail(Throwable cause) {
            done = true;
            PendingGates.remove(runId);
            getContext().onFailure(cause);
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

        @Override
        public void stop(Throwable cause) throws Exception {
            synchronized (this) {
                done = true;
            }
            PendingGates.remove(runId);
            super.stop(cause);
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

        /** The decision as Pipeline gets it: plain serializable maps and lists. */
        static LinkedHashMap<String, Object> decisionMap(GateResult result) {
            LinkedHashMap<String, Object> map = new LinkedHashMap<>();
            map.put("decision", result.decision().id());
            ArrayList<Object> reasons = new ArrayList<>();
            for (Reason r : result.decision().reasons()) {
                LinkedHashMap<String, Object> reason = new LinkedHashMap<>();
                reason.put("code", r.code());
                reason.put("message", r.message());
                reason.put("paths", new ArrayList<>(r.paths()));
                reason.put("commits", new ArrayList<>(r.commits()));
                reason.put("controls", new ArrayList<>(r.controls()));
                reasons.add(reason);
            }
            map.put("reasons", reasons);
            map.put("commits", result.commits().size());
            map.put("aiCommits", new ArrayList<>(result.aiAttributedCommits()));
            map.put("requiredApprovals", result.decision() instanceof Decision.ApprovalRequired r
                    ? r.approval().required() : 0);
            return map;
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
            return Set.of(Run.class, TaskListener.class);
        }
    }
}
