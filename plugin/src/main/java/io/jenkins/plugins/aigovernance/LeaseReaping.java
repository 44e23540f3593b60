package io.jenkins.plugins.aigovernance;

import dev.aigov.credentials.CredentialException;
import hudson.Extension;
import hudson.init.InitMilestone;
import hudson.init.Initializer;
import hudson.model.Run;
import hudson.model.listeners.RunListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.logging.Logger;
import jenkins.model.Jenkins;

/** At controller start, revokes credentials that builds which died (and will not resume) left open. */
public final class LeaseReaping {
    private static final Logger LOGGER = Logger.getLogger(LeaseReaping.class.getName());

    private LeaseReaping() {
    }

    @Initializer(after = InitMilestone.JOB_LOADED)
    public static void reapAfterStart() throws IOException, CredentialException {
        LeaseReaper.Result result = reaper().reap();
        LOGGER.info("ai-governance lease reaper: " + result.revoked() + " revoked, " + result.failed()
                + " failed (kept for the next start), " + result.buildsStillRunning() + " builds still running");
    }

    private static LeaseReaper reaper() {
        Path home = Jenkins.get().getRootDir().toPath();
        return new LeaseReaper(new JournalRegistry(home.resolve("ai-governance").resolve("journals")),
                LeaseReaping::stillRunning, () -> AiGovernanceConfiguration.get().providers());
    }

    /**
     * When a build ends, revokes what it left open: a Pipeline that could not resume after a restart never runs
     * its revoke callbacks.
     */
    @Extension
    @SuppressWarnings("rawtypes")
    public static final class OnBuildEnd extends RunListener<Run> {
        public OnBuildEnd() {
            super(Run.class);
        }

        @Override
        public void onFinalized(Run run) {
            try {
                LeaseReaper.Result result = reaper().reapRun(run.getExternalizableId());
                if (BuildLedger.seal(run.getRootDir().toPath(), Jenkins.get().getRootDir().toPath())) {
                    LOGGER.fine("ai-governance: sealed the ledger of " + run.getExternalizableId());
                }
                if (result.failed() > 0) {
                    LOGGER.warning("ai-governance: " + result.failed() + " credential(s) of " + run.getExternalizableId()
                            + " could not be revoked; kept for the next start");
                }
            } catch (IOException | CredentialException | RuntimeException e) { // LedgerException is one
                LOGGER.log(java.util.logging.Level.WARNING, "ai-governance: reaping " + run.getExternalizableId(), e);
            }
        }
    }

    static boolean stillRunning(String runId) {
        try {
            Run<?, ?> run = Run.fromExternalizableId(runId);
            return run != null && run.isBuilding();
        } catch (IllegalArgumentException notARun) {
            return false;
        }
    }
}
