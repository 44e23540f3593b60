package dev.aigov.credentials;

import java.util.Arrays;
import java.util.Objects;

/**
 * A secret value that never shows itself by accident: {@link #toString()} is masked, it is not a record, and
 * the value comes out only through {@link #reveal()} at the single point of injection (a child's environment,
 * the masking filter).
 */
public final class Secret {
    private final char[] value;

    private Secret(char[] value) {
        this.value = value;
    }

    public static Secret of(String value) {
        Objects.requireNonNull(value, "value");
        return new Secret(value.toCharArray());
    }

    /** The clear value. Call only where the secret is handed to its consumer or to the masker. */
    public String reveal() {
        return new String(value);
    }

    public int length() {
        return value.length;
    }

    @Override
    public String toString() {
        return "****";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret that && java.security.MessageDigest.isEqual(
                new String(value).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                new String(that.value).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }
}
