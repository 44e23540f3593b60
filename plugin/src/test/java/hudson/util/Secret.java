package hudson.util;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Test double of core's {@code hudson.util.Secret} (shadows the compile-only stub on the test class path), with the
 * upstream members the plugin uses and the upstream behaviour that matters to it: the clear value is a plain
 * field, so Java serialization (remoting) carries it, while {@link #getEncryptedValue()} and {@link #decrypt} go
 * through a controller-only key (core's confidential store; here a fixed test key, so a committed serial-form
 * fixture opens in every test run, as a test's {@code JENKINS_HOME/secrets} would).
 */
public final class Secret implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The test controller's confidential key. */
    private static final SecretKey KEY = new SecretKeySpec(
            "ai-governance-test-controller-ky".getBytes(StandardCharsets.US_ASCII), "AES");

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public String getPlainText() {
        return value;
    }

    public static Secret fromString(String data) {
        data = data == null ? "" : data;
        Secret decrypted = decrypt(data);
        return decrypted != null ? decrypted : new Secret(data);
    }

    public static String toString(Secret s) {
        return s == null ? "" : s.value;
    }

    @Override
    @Deprecated
    public String toString() {
        return value;
    }

    public String getEncryptedValue() {
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(128, iv));
            byte[] out = cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
            return "{" + Base64.getEncoder().encodeToString(ByteBuffer.allocate(13 + out.length).put((byte) 1).put(iv)
                    .put(out).array()) + "}";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The secret an encrypted value holds, or null when it is not one (as upstream). */
    public static Secret decrypt(String data) {
        if (data == null || !data.startsWith("{") || !data.endsWith("}")) {
            return null;
        }
        try {
            byte[] in = Base64.getDecoder().decode(data.substring(1, data.length() - 1));
            if (in.length < 13 + 16 || in[0] != 1) {
                return null;
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(128, in, 1, 12));
            return new Secret(new String(cipher.doFinal(in, 13, in.length - 13), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return null;
        }
    }

    private static SecretKey key() {
        return KEY;
    }

    @Override
    public boolean equals(Object that) {
        return that instanceof Secret s && value.equals(s.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
