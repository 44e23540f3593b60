package io.jenkins.plugins.aigovernance;

import dev.aigov.ledger.LedgerException;
import dev.aigov.ledger.LedgerKey;
import dev.aigov.ledger.LedgerVerifier;
import dev.aigov.report.AuditRecord;
import dev.aigov.report.Trend;
import dev.aigov.report.TrendSvg;
import hudson.Extension;
import hudson.model.Action;
import hudson.model.Job;
import hudson.model.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import jenkins.model.Jenkins;
import jenkins.model.TransientActionFactory;

/**
 * "AI Governance" on a job's page, as JUnit projects its trend onto the job: the last completed build's decision,
 * approvers and credentials, a trend chart over recent builds (AI-attributed commits and decision per build, an
 * inline SVG drawn on the server by the engine), and links to each build's record.
 */
public final class GovernanceJobAction implements Action {
    static final String URL_NAME = "ai-governance-trend";
    /** Builds the trend looks back over. */
    static final int BUILDS = 30;

    private final transient Job<?, ?> job;

    GovernanceJobAction(Job<?, ?> job) {
        this.job = job;
    }

    @Override
    public String getIconFileName() {
        return "symbol-document-text";
    }

    @Override
    public String getDisplayName() {
        return "AI Governance trend";
    }

    @Override
    public String getUrlName() {
        return URL_NAME;
    }

    public Job<?, ?> getJob() {
        return job;
    }

    /** The last completed build's record (decision, approvals, credentials), or null. */
    public GovernanceAction getLastRecord() {
        Run<?, ?> last = job.getLastCompletedBuild();
        return last == null ? null : last.getAction(GovernanceAction.class);
    }

    /** The last completed build's number, for the link to its record. */
    public int getLastRecordNumber() {
        Run<?, ?> last = job.getLastCompletedBuild();
        return last == null ? 0 : last.getNumber();
    }

    /** The engine's SVG chart for the job page (every value escaped by the engine); bars link to {@code N/ai-governance/}. */
    public String getTrendSvg() {
        return trendSvg("");
    }

    /** The same chart for this action's own page, one level below the job. */
    public String getPageTrendSvg() {
        return trendSvg("../");
    }

    private String trendSvg(String toJob) {
        List<BuildDir> builds = new ArrayList<>();
        Run<?, ?> run = job.getLastCompletedBuild();
        while (run != null && builds.size() < BUILDS) {
            builds.add(0, new BuildDir("#" + run.getNumber(), toJob + run.getNumber() + "/" + GovernanceAction.URL_NAME + "/",
                    run.getRootDir().toPath()));
            run = run.getPreviousBuild();
        }
        Jenkins jenkins = Jenkins.getInstanceOrNull();
        return TrendSvg.render(trend(builds, jenkins == null ? null : jenkins.getRootDir().toPath()));
    }

    /** A build as the trend reads it: label, link to its record, and its directory. */
    record BuildDir(String label, String link, Path dir) {
    }

    /**
     * The trend from each build's ledger as verified now, oldest first; builds without a ledger are left out. The
     * controller's ledger key is read, never created (this runs in page views, possibly anonymous ones).
     */
    static Trend trend(List<BuildDir> oldestFirst, Path controllerDir) {
        PublicKey key = null;
        if (controllerDir != null) {
            Path keyFile = BuildLedger.keyFile(controllerDir);
            try {
                key = Files.isRegularFile(keyFile) ? LedgerKey.readPublicKey(keyFile) : null; // the public half only
            } catch (LedgerException e) {
                key = null;
            }
        }
        List<Trend.Point> points = new ArrayList<>();
        for (BuildDir build : oldestFirst) {
            Path ledger = BuildLedger.file(build.dir());
            if (!Files.isRegularFile(ledger)) {
                continue;
            }
            try {
                points.add(Trend.point(build.label(), build.link(), AuditRecord.of(LedgerVerifier.read(ledger, key))));
            } catch (LedgerException e) {
                points.add(new Trend.Point(build.label(), build.link(), 0, 0, "", "UNREADABLE"));
            }
        }
        return Trend.of(points, BUILDS);
    }

    /** Puts the action on every job. */
    @Extension
    public static final class Factory extends TransientActionFactory<Job> {
        @Override
        public Class<Job> type() {
            return Job.class;
        }

        @Override
        public Collection<? extends Action> createFor(Job target) {
            return List.of(new GovernanceJobAction(target));
        }
    }
}
