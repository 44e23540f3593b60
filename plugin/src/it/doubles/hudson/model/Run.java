package hudson.model;

import java.io.File;
import java.io.IOException;
import org.springframework.security.access.AccessDeniedException;

/**
 * Test double of core's {@code hudson.model.Run} (compiled and loaded by PluginClassLoadingIT only, ahead of the compile-only stub): the
 * upstream members the plugin uses; no build exists.
 */
public abstract class Run<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> {
    protected Run(JobT job) throws IOException {
    }

    public boolean isBuilding() {
        throw new UnsupportedOperationException();
    }

    public <T extends Cause> T getCause(Class<T> type) {
        throw new UnsupportedOperationException();
    }

    public JobT getParent() {
        throw new UnsupportedOperationException();
    }

    public int getNumber() {
        throw new UnsupportedOperationException();
    }

    public String getUrl() {
        throw new UnsupportedOperationException();
    }

    public File getRootDir() {
        throw new UnsupportedOperationException();
    }

    public synchronized void save() throws IOException {
        throw new UnsupportedOperationException();
    }

    public String getExternalizableId() {
        throw new UnsupportedOperationException();
    }

    /** No build exists in this double: as upstream for a job or build that is gone. */
    public static Run<?, ?> fromExternalizableId(String id) throws IllegalArgumentException, AccessDeniedException {
        if (id == null || !id.contains("#")) {
            throw new IllegalArgumentException("Invalid id " + id);
        }
        return null;
    }

    public void addAction(Action a) {
        throw new UnsupportedOperationException();
    }

    public <T extends Action> T getAction(Class<T> type) {
        throw new UnsupportedOperationException();
    }
}
