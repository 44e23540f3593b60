package io.jenkins.plugins.aigovernance;

import hudson.AbortException;
import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jenkins.MasterToSlaveFileCallable;

/**
 * Runs where the workspace is: the bytes of one file in it (a declared prompt), exactly as stored, so the
 * controller's digest is the file's. Larger files than {@link #MAX_BYTES} are refused.
 */
final class WorkspaceFile extends MasterToSlaveFileCallable<byte[]> {
    private static final long serialVersionUID = 1L;
    static final long MAX_BYTES = 1024L * 1024;

    private final String path;
    private final String step;

    WorkspaceFile(String path, String step) {
        this.path = path;
        this.step = step;
    }

    @Override
    public byte[] invoke(File workspace, VirtualChannel channel) throws IOException {
        Path file = workspace.toPath().resolve(path).normalize();
        if (!Files.isRegularFile(file)) {
            throw new AbortException(step + ": " + path + " not found in the workspace");
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new AbortException(step + ": " + path + " is larger than " + MAX_BYTES + " bytes");
        }
        return Files.readAllBytes(file);
    }
}
