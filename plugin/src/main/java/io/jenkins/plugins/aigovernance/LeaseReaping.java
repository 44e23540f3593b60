package io.jenkins.plugins.aigovernance;

import hudson.Extension;
import hudson.init.InitMilestone;
import hudson.init.Initializer;
import hudson.model.Run;
import hudson.model.listeners.RunListener;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;

/**
 * At controller start, and when a build ends, revokes credentials that builds which died (and will not resume) left
 * open. Best effort: whatever fails is logged and left for the next try; it never stops Jenkins from starting.
 */
public final class LeaseReaping {
    private static final Logger LOGGER = Logger.getLogger(LeaseReaping.class.getName());

    private LeaseReaping() {
    }

    /** Not fatal ({@code Initializer.fatal()} defaults to true): a failure here must not stop Jenkins. */
    @Initializer(after = InitMilestone.JOB_LOADED, fatal = false)
    public static void reapAfterStart() {
        try {
            Jenkins jenkins = Jenkins.get();
            AiGovernanceConfiguration config = AiGovernanceConfiguration.get();
            reapAfterStart(jenkins.getRootDir().toPath(), jenkins.getRootUrl(), config, LeaseReaping::stillRunning,
                    run -> config.credentialLookup(runOf(run)));
        } catch (RuntimeException | LinkageError e) {
            LOGGER.log(Level.WARNING, "ai-governance lease reaper could not run; it tries again at the next start", e);
        }
    }

    /**
     * Reaps every registered journal; a handle's provider is built when it is needed, with the credential lookup of
     * the run that journalled it ({@code vaultCredentialId} is found in that build's context, none when it is gone).
     */
    static LeaseReaper.Result reapAfterStart(Path home, String rootUrl, AiGovernanceConfiguration config,
                                             Predicate<String> stillRunning,
                                             Function<String, VaultCredentialLookup> lookups) {
        LeaseReaper.Result result = new LeaseReaper(registry(home), stillRunning,
                (provider, run) -> config.revocationProvider(provider, home, rootUrl, lookups.apply(run))).reap();
        LOGGER.info("ai-governance lease reaper: " + result.revoked() + " revoked, " + result.failed()
                + " failed (kept for the next try), " + result.buildsStillRunning() + " builds still running");
        return result;
    }

    /** What a finished run left open, revoked with providers built in that run's context. */
    static LeaseReaper.Result reapFinished(Path home, String runId, LeaseReaper.Providers providers) {
        return new LeaseReaper(registry(home), id -> false, providers).reapRun(runId);
    }

    static JournalRegistry registry(Path home) {
        return new JournalRegistry(home.resolve("ai-governance").resolve("journals"));
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
            String id = "?";
            try {
                id = run.getExternalizableId();
                Path home = Jenkins.get().getRootDir().toPath();
                AiGovernanceConfiguration config = AiGovernanceConfiguration.get();
                // The finished run is the context its vaultCredentialId is looked up in.
                LeaseReaper.Result result = reapFinished(home, id,
                        (provider, ignored) -> config.revocationProvider(provider, run));
                if (BuildLedger.seal(run.getRootDir().toPath(), home)) {
                    LOGGER.fine("ai-governance: sealed the ledger of " + id);
                }
                if (result.failed() > 0) {
                    LOGGER.warning("ai-governance: " + result.failed() + " credential(s) of " + id
                            + " could not be revoked; kept for the next start");
                }
            } catch (Exception | LinkageError e) { // LedgerException is one
                LOGGER.log(Level.WARNING, "ai-governance: reaping " + id, e);
            }
        }
    }

    static Run<?, ?> runOf(String runId) {
        try {
            return Run.fromExternalizableId(runId);
        } catch (RuntimeException gone) {
            return null;
        }
    }

    static boolean stillRunning(String runId) {
        Run<?, ?> run = runOf(runId);
        return run != null && run.isBuilding();
    }
}
