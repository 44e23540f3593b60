package dev.aigov.credentials.jwt;

/** A token {@link JwtIssuer#verify} refuses, with the reason in words. The message never contains the token. */
public final class JwtVerificationException extends Exception {
    public enum Reason {
        MALFORMED, UNKNOWN_KEY, BAD_SIGNATURE, WRONG_ISSUER, EXPIRED, NOT_YET_VALID, WRONG_AUDIENCE, REVOKED,
        /** Lives longer than {@code limits.maxTtl}: the issuer never mints such a token. */
        TOO_LONG_LIVED
    }

    private final Reason reason;

    JwtVerificationException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
