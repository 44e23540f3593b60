package io.jenkins.plugins.aigovernance;

import dev.aigov.provenance.ChangeSourceException;
import dev.aigov.provenance.GitChangeSource;
import hudson.remoting.VirtualChannel;
import java.io.File;
import jenkins.agents.ControllerToAgentFileCallable;

/** Runs where the workspace is: the commit its checkout is at, or empty when it is no git checkout. */
final class WorkspaceHead implements ControllerToAgentFileCallable<String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String invoke(File workspace, VirtualChannel channel) {
        return of(workspace);
    }

    static String of(File workspace) {
        try {
            return GitChangeSource.open(workspace.toPath(), "HEAD").headCommit();
        } catch (ChangeSourceException e) {
            return "";
        }
    }
}
