package dev.aigov.ledger;

/** A ledger or key file cannot be used: the message names the file and what is wrong. */
public class LedgerException extends RuntimeException {
    public LedgerException(String message) {
        super(message);
    }

    public LedgerException(String message, Throwable cause) {
        super(message, cause);
    }
}
