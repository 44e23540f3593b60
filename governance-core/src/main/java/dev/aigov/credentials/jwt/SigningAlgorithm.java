package dev.aigov.credentials.jwt;

/** How new keys sign: Ed25519 ({@code EdDSA}, the default) or RSA 2048 with SHA-256 ({@code RS256}). */
public enum SigningAlgorithm {
    ED25519, RS256
}
