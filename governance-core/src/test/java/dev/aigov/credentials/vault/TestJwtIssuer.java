package dev.aigov.credentials.vault;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.aigov.credentials.Secret;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A workload token source for tests, signing with nimbus-jose-jwt directly (the product adapts the embedded
 * issuer instead). Records every token it minted so leak tests can search for them.
 */
public final class TestJwtIssuer implements WorkloadTokenSource {

    private final JWSSigner signer;
    private final JWSAlgorithm algorithm;
    private final String keyId;
    private final String publicKeyPem;
    private final List<String> minted = new ArrayList<>();

    private TestJwtIssuer(JWSSigner signer, JWSAlgorithm algorithm, String keyId, byte[] subjectPublicKeyInfo) {
        this.signer = signer;
        this.algorithm = algorithm;
        this.keyId = keyId;
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(subjectPublicKeyInfo);
        this.publicKeyPem = "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n";
    }

    public static TestJwtIssuer rs256() {
        try {
            RSAKey key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
            return new TestJwtIssuer(new RSASSASigner(key), JWSAlgorithm.RS256, key.getKeyID(),
                    key.toRSAPublicKey().getEncoded());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TestJwtIssuer ed25519() {
        try {
            OctetKeyPair key = new OctetKeyPairGenerator(Curve.Ed25519).keyID(UUID.randomUUID().toString()).generate();
            ByteArrayOutputStream spki = new ByteArrayOutputStream();
            spki.writeBytes(HexFormat.of().parseHex("302a300506032b6570032100"));   // SubjectPublicKeyInfo, Ed25519
            spki.writeBytes(key.getX().decode());
            return new TestJwtIssuer(new Ed25519Signer(key), JWSAlgorithm.EdDSA, key.getKeyID(), spki.toByteArray());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** For {@code jwt_validation_pubkeys}. */
    public String publicKeyPem() {
        return publicKeyPem;
    }

    public synchronized List<String> minted() {
        return List.copyOf(minted);
    }

    @Override
    public Secret mint(Map<String, Object> claims, String audience, Duration ttl) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder set = new JWTClaimsSet.Builder().issuer("https://aigov.test").audience(audience)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString());
        claims.forEach(set::claim);
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(keyId).build(), set.build());
            jwt.sign(signer);
            String token = jwt.serialize();
            synchronized (this) {
                minted.add(token);
            }
            return Secret.of(token);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
