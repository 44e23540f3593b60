package dev.aigov.credentials.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.impl.BaseJWSProvider;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;

/**
 * EdDSA over Ed25519 with the JDK's own provider (RFC 8037 keys as nimbus {@link OctetKeyPair}s). Nimbus's own
 * Ed25519 signer, verifier and key generator need Google Tink (and with it protobuf and gson), which the Jenkins
 * plugin would have to bundle; the JDK has had Ed25519 since Java 15.
 */
final class Ed25519 {
    /** DER prefixes (RFC 8410) of an Ed25519 private key (PKCS#8) and public key (SubjectPublicKeyInfo). */
    private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private Ed25519() {
    }

    /** A new key pair, its key id the RFC 7638 thumbprint. */
    static OctetKeyPair generate() throws JOSEException {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            byte[] x = raw(pair.getPublic().getEncoded(), X509_PREFIX);
            byte[] d = raw(pair.getPrivate().getEncoded(), PKCS8_PREFIX);
            return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x)).d(Base64URL.encode(d))
                    .keyIDFromThumbprint().build();
        } catch (GeneralSecurityException e) {
            throw new JOSEException("the JDK cannot generate an Ed25519 key: " + e.getMessage(), e);
        }
    }

    static JWSSigner signer(OctetKeyPair key) throws JOSEException {
        if (!Curve.Ed25519.equals(key.getCurve()) || key.getD() == null) {
            throw new JOSEException("not an Ed25519 private key");
        }
        PrivateKey privateKey = privateKey(key.getD().decode());
        return new Signer(privateKey);
    }

    static JWSVerifier verifier(OctetKeyPair key) throws JOSEException {
        if (!Curve.Ed25519.equals(key.getCurve())) {
            throw new JOSEException("not an Ed25519 key");
        }
        return new Verifier(publicKey(key.getX().decode()));
    }

    private static byte[] raw(byte[] der, byte[] prefix) throws GeneralSecurityException {
        if (der.length != prefix.length + 32 || !Arrays.equals(der, 0, prefix.length, prefix, 0, prefix.length)) {
            throw new GeneralSecurityException("unexpected Ed25519 key encoding");
        }
        return Arrays.copyOfRange(der, prefix.length, der.length);
    }

    private static PrivateKey privateKey(byte[] d) throws JOSEException {
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der(PKCS8_PREFIX, d)));
        } catch (GeneralSecurityException e) {
            throw new JOSEException("not an Ed25519 private key: " + e.getMessage(), e);
        }
    }

    private static PublicKey publicKey(byte[] x) throws JOSEException {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der(X509_PREFIX, x)));
        } catch (GeneralSecurityException e) {
            throw new JOSEException("not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    private static byte[] der(byte[] prefix, byte[] raw) throws JOSEException {
        if (raw.length != 32) {
            throw new JOSEException("an Ed25519 key has 32 bytes, not " + raw.length);
        }
        byte[] out = Arrays.copyOf(prefix, prefix.length + 32);
        System.arraycopy(raw, 0, out, prefix.length, 32);
        return out;
    }

    private static final class Signer extends BaseJWSProvider implements JWSSigner {
        private final PrivateKey key;

        Signer(PrivateKey key) {
            super(Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519));
            this.key = key;
        }

        @Override
        public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
            if (!supportedJWSAlgorithms().contains(header.getAlgorithm())) {
                throw new JOSEException("Ed25519 keys sign EdDSA, not " + header.getAlgorithm());
            }
            try {
                Signature signature = Signature.getInstance("Ed25519");
                signature.initSign(key);
                signature.update(signingInput);
                return Base64URL.encode(signature.sign());
            } catch (GeneralSecurityException e) {
                throw new JOSEException("Ed25519 signing failed: " + e.getMessage(), e);
            }
        }
    }

    private static final class Verifier extends BaseJWSProvider implements JWSVerifier {
        private final PublicKey key;

        Verifier(PublicKey key) {
            super(Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519));
            this.key = key;
        }

        @Override
        public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) {
            if (!supportedJWSAlgorithms().contains(header.getAlgorithm())) {
                return false;
            }
            try {
                Signature verifier = Signature.getInstance("Ed25519");
                verifier.initVerify(key);
                verifier.update(signingInput);
                return verifier.verify(signature.decode());
            } catch (GeneralSecurityException e) {
                return false;
            }
        }
    }
}
