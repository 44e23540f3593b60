package io.jenkins.plugins.aigovernance;

import dev.aigov.approval.ApprovalEvent;
import dev.aigov.ledger.LedgerException;
import dev.aigov.report.BaseBuild;
import hudson.model.Item;
import hudson.model.Run;
import hudson.util.FormValidation;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jenkins.model.Jenkins;
import jenkins.model.RunAction2;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;
import org.kohsuke.stapler.interceptor.RequirePOST;

/**
 * "AI Governance" on a build: the gate's decision, the credentials issued and revoked, the pending or
 * granted approvals (persisted with the build, so a paused gate survives a restart), and the ledger download.
 */
@ExportedBean
public final class GovernanceAction implements RunAction2 {
    static final String URL_NAME = "ai-governance";
    /** Earlier builds of the job searched for the last one governed at this change's base commit. */
    static final int BASE_BUILD_LOOKBACK = 50;

    private String decision = "";
    private final List<String> reasons = new ArrayList<>();
    private final List<String> aiCommits = new ArrayList<>();
    private int commitsReviewed;
    private String range = "";
    private String headCommit = "";
    /** The range the CI's facts name, and whether the decision covered every commit of it up to HEAD. */
    private String trustedRange = "";
    private boolean coversTrustedRange;
    private String coverageNote = "";
    private int credentialsIssued;
    private int credentialsRevoked;
    private final List<String> credentialEvents = new ArrayList<>();
    private PendingApproval approval;
    /** The run id the waiting gate registered under, to wake it after a reviewer acts. */
    private String gateRun = "";

    private transient Run<?, ?> run;

    @Override
    public String getIconFileName() {
        return "symbol-document-text";
    }

    @Override
    public String getDisplayName() {
        return "AI Governance";
    }

    @Override
    public String getUrlName() {
        return URL_NAME;
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
        locateApproval();
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
        locateApproval();
    }

    /** Points the approval request at the build's directory as it is now (after a rename or a move). */
    private synchronized void locateApproval() {
        if (approval != null && run != null) {
            approval.locate(run.getRootDir().toPath());
        }
    }

    public Run<?, ?> getRun() {
        return run;
    }

    /**
     * The engine's HTML report fragment for this build's ledger as verified now (every value escaped by the
     * engine), or empty.
     */
    public String getReportHtml() {
        Jenkins jenkins = Jenkins.getInstanceOrNull();
        if (run == null || jenkins == null) {
            return "";
        }
        return BuildLedger.reportHtml(run.getRootDir().toPath(), jenkins.getRootDir().toPath());
    }

    /**
     * "Reverting this change": the last earlier build of this job (up to {@link #BASE_BUILD_LOOKBACK} back) whose gate
     * governed this change's base commit, linked relative to this page, or null.
     */
    public BaseBuildLink getBaseBuild() {
        Jenkins jenkins = Jenkins.getInstanceOrNull();
        if (run == null || jenkins == null || !isLedgerAvailable()) {
            return null;
        }
        List<BaseBuild.Candidate> earlier = new ArrayList<>();
        Run<?, ?> previous = run.getPreviousBuild();
        while (previous != null && earlier.size() < BASE_BUILD_LOOKBACK) {
            earlier.add(candidate(previous.getNumber(), previous.getRootDir().toPath()));
            previous = previous.getPreviousBuild();
        }
        return baseBuild(run.getRootDir().toPath(), earlier, jenkins.getRootDir().toPath());
    }

    /** An earlier build of the same job, linked from this page ({@code job/N/ai-governance/}) to its record. */
    static BaseBuild.Candidate candidate(int number, Path buildDir) {
        return new BaseBuild.Candidate("#" + number, "../../" + number + "/" + URL_NAME + "/", BuildLedger.file(buildDir));
    }

    /** The engine's search over earlier builds' ledgers (newest first), with the controller's key read, never created. */
    static BaseBuildLink baseBuild(Path buildDir, List<BaseBuild.Candidate> earlierNewestFirst, Path controllerDir) {
        java.security.PublicKey key;
        try {
            key = BuildLedger.publicKey(controllerDir);
        } catch (LedgerException e) {
            key = null;
        }
        String base = BaseBuild.baseCommit(BuildLedger.file(buildDir), key);
        return BaseBuild.lastGovernedAt(base, earlierNewestFirst, key)
                .map(b -> new BaseBuildLink(b.label(), b.link(), base)).orElse(null);
    }

    /** The base build as the page shows it (bean getters for the view). */
    public static final class BaseBuildLink {
        private final String label;
        private final String link;
        private final String baseCommit;

        BaseBuildLink(String label, String link, String baseCommit) {
            this.label = label;
            this.link = link;
            this.baseCommit = baseCommit;
        }

        public String getLabel() {
            return label;
        }

        public String getLink() {
            return link;
        }

        public String getBaseCommit() {
            return baseCommit;
        }
    }

    // ---- state written by the steps ----

    synchronized void recordDecision(String decisionId, List<String> reasonLines, List<String> aiCommitIds,
                                     int reviewed, String describedRange, String head) {
        headCommit = head == null ? "" : head;
        decision = decisionId;
        reasons.clear();
        reasons.addAll(reasonLines);
        aiCommits.clear();
        aiCommits.addAll(aiCommitIds);
        commitsReviewed = reviewed;
        range = describedRange == null ? "" : describedRange;
    }

    synchronized void recordCoverage(String trusted, boolean covered, String why) {
        trustedRange = trusted == null ? "" : trusted;
        coversTrustedRange = covered;
        coverageNote = why == null ? "" : why;
    }

    synchronized void awaitApproval(PendingApproval request, String runId) {
        approval = request;
        gateRun = runId;
        locateApproval();
    }

    synchronized void credentialIssued(String role, String provider, String handleId) {
        credentialsIssued++;
        credentialEvents.add("issued " + role + " (" + provider + " " + handleId + ")");
    }

    synchronized void credentialRevoked(String role, String provider, String handleId) {
        credentialsRevoked++;
        credentialEvents.add("revoked " + role + " (" + provider + " " + handleId + ")");
    }

    synchronized void credentialRevokeFailed(String role, String provider, String handleId, String why) {
        credentialEvents.add("REVOKE FAILED " + role + " (" + provider + " " + handleId + "): " + why);
    }

    /** Whether deploy-scoped roles may be issued: the gate passed, or its required approvals were given. */
    synchronized boolean approvalsHeld() {
        return "PASS".equals(decision)
                || "APPROVAL_REQUIRED".equals(decision) && approval != null
                        && statusOf(approval) == PendingApproval.Status.APPROVED;
    }

    /**
     * Whether a role that requires approval may be issued for the workspace at {@code workspaceHead}: the decision
     * passed or was approved, it covered every commit from the trusted base to HEAD (a caller-chosen or empty range
     * never unlocks such a role), and the workspace is still at the commit that was reviewed.
     *
     * @return empty when allowed, else why not
     */
    synchronized String whyLocked(String workspaceHead) {
        if (!approvalsHeld()) {
            return "the gate decision " + (decision.isEmpty() ? "is missing" : decision) + " holds no approval";
        }
        if (!coversTrustedRange) {
            return "the gate's range " + range + " does not cover the trusted range " + trustedRange
                    + (coverageNote.isEmpty() ? "" : " (" + coverageNote + ")");
        }
        if (workspaceHead == null || workspaceHead.isEmpty()) {
            return "the workspace HEAD cannot be read, so the approval cannot be tied to it (run it inside node)";
        }
        if (!workspaceHead.equals(headCommit)) {
            return "the workspace is at " + workspaceHead + ", not at the reviewed commit " + headCommit
                    + ": approvals are stale after a new commit";
        }
        return "";
    }

    @Exported
    public synchronized String getTrustedRange() {
        return trustedRange == null ? "" : trustedRange;
    }

    @Exported
    public synchronized boolean isCoversTrustedRange() {
        return coversTrustedRange;
    }

    synchronized PendingApproval approval() {
        return approval;
    }

    /** Prints why a role that requires approval stays locked; true when it is not. */
    static boolean unlocked(String whyLocked, java.io.PrintStream log) {
        if (!whyLocked.isEmpty()) {
            log.println("[ai-governance] locked: " + whyLocked);
        }
        return whyLocked.isEmpty();
    }

    /** An unreadable request file counts as not approved: fail closed. */
    private static PendingApproval.Status statusOf(PendingApproval approval) {
        try {
            return approval.status();
        } catch (IOException e) {
            return null;
        }
    }

    // ---- views and REST (api/json) ----

    @Exported
    public synchronized String getDecision() {
        return decision;
    }

    @Exported
    public synchronized List<String> getReasons() {
        return List.copyOf(reasons);
    }

    @Exported
    public synchronized List<String> getAiCommits() {
        return List.copyOf(aiCommits);
    }

    @Exported
    public synchronized int getAiCommitCount() {
        return aiCommits.size();
    }

    @Exported
    public synchronized int getCommitsReviewed() {
        return commitsReviewed;
    }

    @Exported
    public synchronized String getRange() {
        return range;
    }

    /** The newest commit the gate reviewed: the commit claim of credentials issued afterwards. */
    @Exported
    public synchronized String getHeadCommit() {
        return headCommit == null ? "" : headCommit;
    }

    @Exported
    public synchronized int getCredentialsIssued() {
        return credentialsIssued;
    }

    @Exported
    public synchronized int getCredentialsRevoked() {
        return credentialsRevoked;
    }

    @Exported
    public synchronized List<String> getCredentialEvents() {
        return List.copyOf(credentialEvents);
    }

    @Exported
    public synchronized String getApprovalStatus() {
        PendingApproval.Status status = approval == null ? null : statusOf(approval);
        return status == null ? "" : status.name();
    }

    @Exported
    public synchronized int getRequiredApprovals() {
        try {
            return approval == null ? 0 : approval.request().required();
        } catch (IOException e) {
            return 0;
        }
    }

    /** The approvals that counted (refusals are listed in {@link #getApprovals()}, never counted). */
    @Exported
    public synchronized int getApprovalCount() {
        try {
            return approval == null ? 0 : approval.request().approvalCount();
        } catch (IOException e) {
            return 0;
        }
    }

    @Exported
    public synchronized List<String> getApprovals() {
        List<String> out = new ArrayList<>();
        try {
            if (approval != null) {
                for (ApprovalEvent e : approval.request().events()) {
                    out.add(e.type() + " " + e.actor() + " at " + e.time()
                            + (e.architectural() ? " (architectural review)" : "")
                            + (e.why().isEmpty() ? "" : ": " + e.why()));
                }
            }
        } catch (IOException e) {
            out.add("the approval request cannot be read: " + e.getMessage());
        }
        return out;
    }

    @Exported
    public synchronized String getApprovalOutcome() {
        try {
            return approval == null || !isDecided() ? "" : approval.outcome();
        } catch (IOException e) {
            return "";
        }
    }

    private boolean isDecided() {
        PendingApproval.Status status = statusOf(approval);
        return status != null && status != PendingApproval.Status.PENDING;
    }

    /** A request reviewers can still act on: pending, and its build still running (else the forms are hidden). */
    public synchronized boolean isPending() {
        return approval != null && statusOf(approval) == PendingApproval.Status.PENDING
                && (run == null || run.isBuilding());
    }

    public boolean isLedgerAvailable() {
        return ledgerFile() != null && Files.isRegularFile(ledgerFile());
    }

    // ---- approve / reject: POST only; the caller is whoever Jenkins authenticated ----

    /** Anonymous callers get 403 (with security off, every caller is anonymous: nobody can approve). */
    @RequirePOST
    public HttpResponse doApprove(@QueryParameter boolean architectural) throws IOException {
        Reviewer reviewer = Reviewer.current();
        if (reviewer == null) {
            return HttpResponses.forbidden();
        }
        checkMayReview();
        try {
            approve(reviewer, architectural);
        } catch (PendingApproval.Refused refused) {
            return FormValidation.error(refused.getMessage());
        }
        return HttpResponses.redirectToDot();
    }

    @RequirePOST
    public HttpResponse doReject(@QueryParameter String reason) throws IOException {
        Reviewer reviewer = Reviewer.current();
        if (reviewer == null) {
            return HttpResponses.forbidden();
        }
        checkMayReview();
        try {
            reject(reviewer, reason);
        } catch (PendingApproval.Refused refused) {
            return FormValidation.error(refused.getMessage());
        }
        return HttpResponses.redirectToDot();
    }

    void approve(String user, Set<String> groups, boolean architectural) throws PendingApproval.Refused, IOException {
        approve(Reviewer.of(user, groups), architectural);
    }

    void reject(String user, Set<String> groups, String reason) throws PendingApproval.Refused, IOException {
        reject(Reviewer.of(user, groups), reason);
    }

    void approve(Reviewer reviewer, boolean architectural) throws PendingApproval.Refused, IOException {
        if (reviewer == null) {
            throw new PendingApproval.Refused("sign in to review: anonymous callers cannot approve");
        }
        pendingRequest().approve(reviewer, architectural, Instant.now());
        persistAndWake();
    }

    void reject(Reviewer reviewer, String reason) throws PendingApproval.Refused, IOException {
        if (reviewer == null) {
            throw new PendingApproval.Refused("sign in to review: anonymous callers cannot reject");
        }
        pendingRequest().reject(reviewer, reason, Instant.now());
        persistAndWake();
    }

    private synchronized PendingApproval pendingRequest() throws PendingApproval.Refused {
        if (approval == null) {
            throw new PendingApproval.Refused("this build has no approval request");
        }
        if (run != null && !run.isBuilding()) {
            throw new PendingApproval.Refused("refused (request-closed): the build has ended");
        }
        return approval;
    }

    private void persistAndWake() throws IOException {
        if (run != null) {
            run.save();
        }
        PendingGates.wake(gateRun);
    }

    /** Without reviewer groups, reviewing needs Job/Build permission, as for the input step without submitters. */
    private void checkMayReview() throws IOException {
        PendingApproval request = approval();
        if (run != null && (request == null || request.request().groups().isEmpty())) {
            run.getParent().checkPermission(Item.BUILD);
        }
    }

    // ---- the sealed ledger ----

    public void doLedger(StaplerResponse2 rsp) throws IOException {
        Path file = ledgerFile();
        if (file == null || !Files.isRegularFile(file)) {
            rsp.sendError(HttpServletResponse.SC_NOT_FOUND, "no ledger recorded for this build");
            return;
        }
        rsp.setContentType("application/x-ndjson;charset=UTF-8");
        rsp.setHeader("Content-Disposition", "attachment; filename=\"ai-governance-ledger.jsonl\"");
        try (OutputStream out = rsp.getOutputStream()) {
            Files.copy(file, out);
        }
    }

    /** A prompt declared in this build ({@code withAgentIdentity(promptFile:)}), as kept, named by its SHA-256. */
    public void doPrompt(@QueryParameter String sha256, StaplerResponse2 rsp) throws IOException {
        java.util.Optional<Path> prompt = run == null ? java.util.Optional.empty()
                : BuildLedger.prompt(run.getRootDir().toPath(), sha256);
        if (prompt.isEmpty()) {
            rsp.sendError(HttpServletResponse.SC_NOT_FOUND, "no prompt with that SHA-256 was kept for this build");
            return;
        }
        rsp.setContentType("text/plain;charset=UTF-8");
        rsp.setHeader("X-Content-Type-Options", "nosniff");
        try (OutputStream out = rsp.getOutputStream()) {
            Files.copy(prompt.get(), out);
        }
    }

    private Path ledgerFile() {
        return run == null ? null : BuildLedger.file(run.getRootDir().toPath());
    }
}
