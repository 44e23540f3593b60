package hudson.model;

import java.io.Serializable;

public final class Result implements Serializable {
    public static final Result SUCCESS = null;
    public static final Result FAILURE = null;
    public static final Result ABORTED = null;

    private Result() {
    }
}
