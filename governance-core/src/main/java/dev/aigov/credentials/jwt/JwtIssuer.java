package dev.aigov.credentials.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.aigov.credentials.CredentialException;
import dev.aigov.credentials.CredentialProvider;
import dev.aigov.credentials.Secret;
import dev.aigov.keys.KeyProtection;

import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The embedded workload identity issuer (design §6 {@code jwt}): short-lived signed JWTs describing a run, no server
 * needed. Keys live in a directory created on first use (0700, files 0600). Revocation is a {@code jti} deny-list
 * plus short expiry. After {@link #rotate()} the new key signs and the old public key stays in the JWKS until every
 * token it may have signed (at most {@code maxTtl}) has expired.
 */
public final class JwtIssuer {
    /**
     * @param issuer    the {@code iss} claim, also the audience when neither role nor request names one
     * @param maxTtl    no token lives longer (the policy's {@code limits.maxTtl}); a longer mint is refused
     * @param algorithm how new keys sign
     * @param clock     the time source
     */
    public record Settings(String issuer, Duration maxTtl, SigningAlgorithm algorithm, Clock clock) {
        public Settings {
            Objects.requireNonNull(issuer, "issuer");
            Objects.requireNonNull(maxTtl, "maxTtl");
            Objects.requireNonNull(algorithm, "algorithm");
            Objects.requireNonNull(clock, "clock");
        }

        public static Settings defaults(Duration maxTtl) {
            return new Settings("aigov", maxTtl, SigningAlgorithm.ED25519, Clock.systemUTC());
        }
    }

    private final KeyStore store;
    private final Settings settings;
    private volatile KeyStore.Ring ring;
    private volatile JWSSigner signer;

    private JwtIssuer(KeyStore store, Settings settings, KeyStore.Ring ring) throws IOException {
        this.store = store;
        this.settings = settings;
        use(ring);
    }

    /** Opens the key store in {@code keyDir}, creating it and its first key on first use. */
    public static JwtIssuer open(Path keyDir, Settings settings) throws IOException {
        return open(keyDir, settings, KeyProtection.NONE);
    }

    /**
     * As {@link #open(Path, Settings)}, with the private keys kept at rest under {@code protection}. When the
     * configured algorithm changed, a new key signs from now and the old one stays published.
     */
    public static JwtIssuer open(Path keyDir, Settings settings, KeyProtection protection) throws IOException {
        KeyStore store = new KeyStore(keyDir, protection);
        JwtIssuer issuer = new JwtIssuer(store, settings, store.open(settings.algorithm(), settings.maxTtl(), now(settings)));
        if (issuer.ring.signing().algorithm() != settings.algorithm()) {
            issuer.rotate(); // the configured algorithm changed: sign with a new key, keep the old one published
        }
        return issuer;
    }

    /**
     * The JWKS of the store in {@code keyDir} as it is: never creates the store or a key (an empty set when there
     * is none), needs no policy. For serving to callers who are not signed in.
     */
    public static String publishedJwks(Path keyDir, KeyProtection protection, Clock clock) throws IOException {
        KeyStore store = new KeyStore(keyDir, protection);
        if (!store.exists()) {
            return new JWKSet(List.of()).toString(true);
        }
        KeyStore.Ring ring = store.read(Duration.ZERO);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        return new JWKSet(ring.keys().stream().filter(k -> ring.published(k, now)).map(k -> k.key().toPublicJWK())
                .toList()).toString(true);
    }

    public Settings settings() {
        return settings;
    }

    public Path keyDir() {
        return store.dir();
    }

    /** Mints a token for the run described by {@code claims}, valid from now for {@code ttl}. */
    public IdToken issue(WorkloadClaims claims, String audience, Duration ttl) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sub", claims.subject());
        body.put("job", claims.job());
        body.put("build", claims.build());
        body.put("role", claims.role());
        if (!claims.commit().isEmpty()) {
            body.put("commit", claims.commit());
        }
        if (!claims.agent().isEmpty()) {
            body.put("agent", claims.agent());
        }
        body.putAll(claims.extra());
        return sign(body, audience, ttl);
    }

    /** The token alone, e.g. for Vault's JWT login. */
    public Secret mint(WorkloadClaims claims, String audience, Duration ttl) throws IOException {
        return issue(claims, audience, ttl).value();
    }

    /**
     * A token for arbitrary claims ({@code sub} included; the issuer sets {@code iss}, {@code aud}, {@code iat},
     * {@code nbf}, {@code exp} and {@code jti} itself). Shaped for the Vault provider's login token source.
     */
    public Secret mintClaims(Map<String, Object> claims, String audience, Duration ttl) throws CredentialException {
        for (String registered : List.of("iss", "aud", "iat", "nbf", "exp", "jti")) {
            if (claims.containsKey(registered)) {
                throw new CredentialException("claim '" + registered + "' is set by the issuer, not by the caller");
            }
        }
        try {
            return sign(claims, audience, ttl).value();
        } catch (IOException | IllegalArgumentException e) {
            throw new CredentialException("cannot mint a workload identity token: " + e.getMessage(), e);
        }
    }

    private IdToken sign(Map<String, Object> claims, String audience, Duration ttl) throws IOException {
        if (ttl.isZero() || ttl.isNegative() || ttl.compareTo(settings.maxTtl()) > 0) {
            throw new IllegalArgumentException("token TTL " + ttl + " must be positive and at most maxTtl "
                    + settings.maxTtl());
        }
        Instant now = now(settings);
        Instant expires = now.plus(ttl);
        String jti = UUID.randomUUID().toString();
        JWTClaimsSet.Builder body = new JWTClaimsSet.Builder();
        claims.forEach(body::claim);
        body.issuer(settings.issuer())
                .audience(audience == null || audience.isEmpty() ? settings.issuer() : audience)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(expires))
                .jwtID(jti);
        KeyStore.Entry key = ring.signing();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithmOf(key)).keyID(key.kid()).type(JOSEObjectType.JWT)
                .build(), body.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IOException("signing with key " + key.kid() + " failed: " + e.getMessage(), e);
        }
        return new IdToken(Secret.of(jwt.serialize()), jti, key.kid(), now, expires);
    }

    /** Puts {@code jti} on the deny-list; {@link #verify} refuses it from then on. */
    public void deny(String jti, Instant expiresAt) throws IOException {
        store.deny(jti, expiresAt);
    }

    public boolean denied(String jti) throws IOException {
        return store.denied().contains(jti);
    }

    /** Checks signature (by a published key), issuer, {@code nbf}/{@code exp}, audience (when given) and deny-list. */
    public VerifiedToken verify(String token, String audience) throws JwtVerificationException, IOException {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token.trim());
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new JwtVerificationException(JwtVerificationException.Reason.MALFORMED,
                    "not a signed JWT: " + e.getMessage());
        }
        Instant now = now(settings);
        String kid = jwt.getHeader().getKeyID();
        KeyStore.Entry key = ring.keys().stream()
                .filter(k -> k.kid().equals(kid) && ring.published(k, now)).findFirst()
                .orElseThrow(() -> new JwtVerificationException(JwtVerificationException.Reason.UNKNOWN_KEY,
                        "signed by key '" + kid + "', which this issuer does not publish (rotated out, or foreign)"));
        try {
            if (!jwt.getHeader().getAlgorithm().equals(algorithmOf(key)) || !jwt.verify(verifier(key))) {
                throw new JwtVerificationException(JwtVerificationException.Reason.BAD_SIGNATURE,
                        "bad signature: not signed by key '" + kid + "'");
            }
        } catch (JOSEException e) {
            throw new JwtVerificationException(JwtVerificationException.Reason.BAD_SIGNATURE,
                    "bad signature: " + e.getMessage());
        }
        if (!settings.issuer().equals(claims.getIssuer())) {
            throw new JwtVerificationException(JwtVerificationException.Reason.WRONG_ISSUER,
                    "issuer '" + claims.getIssuer() + "' is not '" + settings.issuer() + "'");
        }
        if (claims.getExpirationTime() == null || !now.isBefore(claims.getExpirationTime().toInstant())) {
            throw new JwtVerificationException(JwtVerificationException.Reason.EXPIRED,
                    "expired at " + (claims.getExpirationTime() == null ? "(no exp)" : claims.getExpirationTime().toInstant()));
        }
        if (claims.getNotBeforeTime() != null && now.isBefore(claims.getNotBeforeTime().toInstant())) {
            throw new JwtVerificationException(JwtVerificationException.Reason.NOT_YET_VALID,
                    "not valid before " + claims.getNotBeforeTime().toInstant());
        }
        List<String> audiences = claims.getAudience();
        if (audience != null && !audience.isEmpty() && !audiences.contains(audience)) {
            throw new JwtVerificationException(JwtVerificationException.Reason.WRONG_AUDIENCE,
                    "audience " + audiences + " does not include '" + audience + "'");
        }
        if (claims.getJWTID() == null || denied(claims.getJWTID())) {
            throw new JwtVerificationException(JwtVerificationException.Reason.REVOKED,
                    "token id '" + claims.getJWTID() + "' is revoked (on the deny-list)");
        }
        return new VerifiedToken(claims.getSubject(), claims.getJWTID(), audiences,
                claims.getExpirationTime().toInstant(), claims.toJSONObject());
    }

    /** Starts signing with a new key; the old one stays published until its tokens have expired. */
    public void rotate() throws IOException {
        use(store.rotate(settings.algorithm(), settings.maxTtl(), now(settings)));
    }

    /** The published public keys as a JWKS document (for Vault's {@code jwks_url} or {@code jwks_ca_pem}). */
    public String jwks() {
        Instant now = now(settings);
        return new JWKSet(ring.keys().stream().filter(k -> ring.published(k, now)).map(k -> k.key().toPublicJWK())
                .toList()).toString(true);
    }

    /**
     * The OpenID Connect discovery document ({@code <issuer>/.well-known/openid-configuration}) in the shape cloud
     * federation (AWS, Google Cloud, Azure) reads: the issuer, where its keys are, and how its tokens are signed.
     * The issuer only issues ID tokens to its own builds, so the authorization and token endpoints are placeholders.
     */
    public String discovery(String jwksUri) {
        Instant now = now(settings);
        java.util.Set<String> algorithms = new java.util.LinkedHashSet<>();
        algorithms.add(ring.signing().algorithm().jwsName());
        ring.keys().stream().filter(k -> ring.published(k, now)).forEach(k -> algorithms.add(k.algorithm().jwsName()));
        return discoveryDocument(settings.issuer(), jwksUri, algorithms);
    }

    /**
     * As {@link #discovery}, for the store in {@code keyDir} as it is, never creating it or a key: the configured
     * algorithm, then those of the keys still published. For serving to callers who are not signed in.
     */
    public static String publishedDiscovery(Path keyDir, KeyProtection protection, Settings settings, String jwksUri)
            throws IOException {
        java.util.Set<String> algorithms = new java.util.LinkedHashSet<>();
        algorithms.add(settings.algorithm().jwsName());
        KeyStore store = new KeyStore(keyDir, protection);
        if (store.exists()) {
            KeyStore.Ring ring = store.read(Duration.ZERO);
            Instant now = now(settings);
            ring.keys().stream().filter(k -> ring.published(k, now)).forEach(k -> algorithms.add(k.algorithm().jwsName()));
        }
        return discoveryDocument(settings.issuer(), jwksUri, algorithms);
    }

    private static String discoveryDocument(String issuer, String jwksUri, java.util.Set<String> algorithms) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", issuer);
        doc.put("jwks_uri", jwksUri);
        doc.put("response_types_supported", List.of("id_token"));
        doc.put("subject_types_supported", List.of("public"));
        doc.put("id_token_signing_alg_values_supported", List.copyOf(algorithms));
        doc.put("claims_supported", List.of("iss", "sub", "aud", "exp", "iat", "nbf", "jti", "job", "build", "role",
                "commit", "gate"));
        doc.put("authorization_endpoint", "https://unimplemented");
        doc.put("token_endpoint", "https://unimplemented");
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The published public keys in PEM (SubjectPublicKeyInfo), for Vault's {@code jwt_validation_pubkeys}. */
    public List<String> pem() throws IOException {
        Instant now = now(settings);
        List<String> pems = new java.util.ArrayList<>();
        for (KeyStore.Entry key : ring.keys()) {
            if (ring.published(key, now)) {
                pems.add("-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(spki(key.key()))
                        + "\n-----END PUBLIC KEY-----\n");
            }
        }
        return pems;
    }

    /** The {@code jwt} credential provider backed by this issuer. */
    public CredentialProvider provider() {
        return new JwtCredentialProvider(this);
    }

    private void use(KeyStore.Ring ring) throws IOException {
        KeyStore.Entry key = ring.signing();
        try {
            this.signer = switch (key.algorithm()) {
                case ED25519 -> Ed25519.signer(key.key().toOctetKeyPair());
                case RS256 -> new RSASSASigner(key.key().toRSAKey());
                case ES256 -> new com.nimbusds.jose.crypto.ECDSASigner(key.key().toECKey());
            };
        } catch (JOSEException e) {
            throw new IOException("key " + key.kid() + " cannot sign: " + e.getMessage(), e);
        }
        this.ring = ring;
    }

    private static JWSVerifier verifier(KeyStore.Entry key) throws JOSEException {
        return switch (key.algorithm()) {
            case ED25519 -> Ed25519.verifier(key.key().toOctetKeyPair().toPublicJWK());
            case RS256 -> new RSASSAVerifier(key.key().toRSAKey().toPublicJWK());
            case ES256 -> new com.nimbusds.jose.crypto.ECDSAVerifier(key.key().toECKey().toPublicJWK());
        };
    }

    private static JWSAlgorithm algorithmOf(KeyStore.Entry key) {
        return JWSAlgorithm.parse(key.algorithm().jwsName());
    }

    /** DER SubjectPublicKeyInfo; Ed25519 is the fixed RFC 8410 prefix and the 32-byte key. */
    private static byte[] spki(JWK key) throws IOException {
        try {
            if (key instanceof OctetKeyPair okp) {
                byte[] prefix = HexFormat.of().parseHex("302a300506032b6570032100");
                byte[] x = okp.getX().decode();
                byte[] out = java.util.Arrays.copyOf(prefix, prefix.length + x.length);
                System.arraycopy(x, 0, out, prefix.length, x.length);
                return out;
            }
            if (key instanceof com.nimbusds.jose.jwk.ECKey ec) {
                return ec.toPublicKey().getEncoded();
            }
            return key.toRSAKey().toPublicKey().getEncoded();
        } catch (JOSEException e) {
            throw new IOException("cannot export key " + key.getKeyID() + ": " + e.getMessage(), e);
        }
    }

    private static Instant now(Settings settings) {
        return settings.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
