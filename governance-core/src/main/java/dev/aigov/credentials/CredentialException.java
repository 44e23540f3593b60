package dev.aigov.credentials;

/** Issuing or revoking failed. The message never contains a secret value. */
public class CredentialException extends Exception {
    public CredentialException(String message) {
        super(message);
    }

    public CredentialException(String message, Throwable cause) {
        super(message, cause);
    }
}
