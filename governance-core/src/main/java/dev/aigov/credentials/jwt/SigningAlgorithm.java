package dev.aigov.credentials.jwt;

/**
 * How new keys sign: Ed25519 ({@code EdDSA}, the default), RSA 2048 with SHA-256 ({@code RS256}), or ECDSA P-256
 * with SHA-256 ({@code ES256}). Cloud federation (AWS, Google Cloud, Azure) accepts RS256, and AWS and Google
 * ES256 too, but not EdDSA.
 */
public enum SigningAlgorithm {
    ED25519("EdDSA"), RS256("RS256"), ES256("ES256");

    private final String jwsName;

    SigningAlgorithm(String jwsName) {
        this.jwsName = jwsName;
    }

    /** The {@code alg} name of JWS (RFC 7518, RFC 8037). */
    public String jwsName() {
        return jwsName;
    }

    /** By its JWS name ({@code EdDSA}, {@code RS256}, {@code ES256}), case-insensitively. */
    public static SigningAlgorithm ofJwsName(String name) {
        for (SigningAlgorithm a : values()) {
            if (a.jwsName.equalsIgnoreCase(name.strip())) {
                return a;
            }
        }
        throw new IllegalArgumentException("signing algorithm '" + name + "': expected EdDSA, RS256 or ES256");
    }
}
