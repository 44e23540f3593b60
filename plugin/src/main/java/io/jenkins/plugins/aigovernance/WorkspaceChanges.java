package io.jenkins.plugins.aigovernance;

import dev.aigov.provenance.ChangeSourceException;
import dev.aigov.provenance.GitChangeSource;
import hudson.AbortException;
import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.IOException;
import jenkins.MasterToSlaveFileCallable;

/**
 * Runs the engine's git change source where the workspace is (on the agent) and sends the commits back as
 * JSON: the engine's records are not Java-serializable, and JSON keeps the remoting payload plain data.
 */
final class WorkspaceChanges extends MasterToSlaveFileCallable<String> {
    private static final long serialVersionUID = 1L;

    private final String range;

    /** @param range a git range, or empty for the engine's default (commits not yet on the upstream branch) */
    WorkspaceChanges(String range) {
        this.range = range == null ? "" : range;
    }

    @Override
    public String invoke(File workspace, VirtualChannel channel) throws IOException {
        try {
            GitChangeSource source = GitChangeSource.open(workspace.toPath(), range.isEmpty() ? null : range);
            return CommitsJson.write(source.describe(), source.commits());
        } catch (ChangeSourceException e) {
            throw new AbortException("aiGovernanceGate: " + e.getMessage());
        }
    }
}
