package dev.aigov.approval;

/** A request file that cannot be used: unreadable, malformed, or altered. Names the file (and position when known). */
public class ApprovalException extends Exception {
    public ApprovalException(String message) {
        super(message);
    }

    public ApprovalException(String message, Throwable cause) {
        super(message, cause);
    }
}
