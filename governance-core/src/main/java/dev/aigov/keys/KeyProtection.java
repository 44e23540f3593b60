package dev.aigov.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * How private keys are kept at rest. The CLI keeps them in owner-only files ({@link #NONE}); an embedding that has
 * a confidential store of its own (the Jenkins plugin: core's {@code hudson.util.Secret}) encrypts them with it.
 * A protected file starts with {@link #MARKER}; a file without it is read as plain (written before protection was
 * on, or by the CLI) and may then be rewritten protected.
 */
public interface KeyProtection {
    /** The first line of a protected key file. */
    String MARKER = "aigov-protected-key-v1\n";

    /** Plain storage (file permissions only). */
    KeyProtection NONE = new KeyProtection() {
        @Override
        public String protect(byte[] clear) {
            throw new UnsupportedOperationException("plain storage writes no protected form");
        }

        @Override
        public byte[] unprotect(String stored) throws IOException {
            throw new IOException("this key file is protected by a key store this process does not have");
        }

        @Override
        public boolean enabled() {
            return false;
        }
    };

    /** The protected text for the clear key bytes (one line, no secret in the clear). */
    String protect(byte[] clear) throws IOException;

    /** The clear key bytes back; an {@link IOException} naming no secret when they cannot be recovered. */
    byte[] unprotect(String stored) throws IOException;

    /** Whether new keys are written protected. */
    default boolean enabled() {
        return true;
    }

    /** What to write to a key file holding {@code clear}. */
    default byte[] store(byte[] clear) throws IOException {
        if (!enabled()) {
            return clear.clone();
        }
        return (MARKER + protect(clear) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The clear key bytes of a key file, protected or plain. */
    default byte[] load(byte[] file) throws IOException {
        if (!isProtected(file)) {
            return file.clone();
        }
        String text = new String(file, StandardCharsets.UTF_8);
        return unprotect(text.substring(MARKER.length()).strip());
    }

    /** Whether a key file's bytes are in the protected form. */
    static boolean isProtected(byte[] file) {
        byte[] marker = MARKER.getBytes(StandardCharsets.UTF_8);
        return file.length >= marker.length && Arrays.equals(file, 0, marker.length, marker, 0, marker.length);
    }
}
