package io.jenkins.plugins.aigovernance;

import hudson.init.InitMilestone;
import hudson.init.Initializer;
import hudson.model.Run;
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
    public static void reapAfterStart() throws IOException {
        Path home = Jenkins.get().getRootDir().toPath();
        IdentityIssuer.Providers providers = AiGovernanceConfiguration.get().providers();
        LeaseReaper.Result result = new LeaseReaper(
                new JournalRegistry(home.resolve("ai-governance").resolve("journals")),
                LeaseReaping::stillRunning,
                handle -> providers.get(handle.provider()).revoke(handle)).reap();
        LOGGER.info("ai-governance lease reaper: " + result.revoked() + " revoked, " + result.failed()
                + " failed (kept for the next start), " + result.buildsStillRunning() + " builds still running");
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
