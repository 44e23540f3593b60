package dev.aigov.provenance;

/** The change could not be read: a missing repository, a range that does not exist, git failing. */
public class ChangeSourceException extends Exception {
    public ChangeSourceException(String message) {
        super(message);
    }

    public ChangeSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
