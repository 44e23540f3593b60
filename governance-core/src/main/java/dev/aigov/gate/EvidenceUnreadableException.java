package dev.aigov.gate;

/** An evidence report could not be read (malformed, unsafe, for another commit): bad input, not a verdict. */
public class EvidenceUnreadableException extends Exception {
    public EvidenceUnreadableException(String message) {
        super(message);
    }

    public EvidenceUnreadableException(String message, Throwable cause) {
        super(message, cause);
    }
}
