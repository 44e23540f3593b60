package hudson.util;

import java.io.Serializable;

public final class Secret implements Serializable {
    private Secret() {
    }

    public String getPlainText() {
        throw new UnsupportedOperationException();
    }

    public String getEncryptedValue() {
        throw new UnsupportedOperationException();
    }

    public static Secret decrypt(String data) {
        throw new UnsupportedOperationException();
    }

    public static Secret fromString(String data) {
        throw new UnsupportedOperationException();
    }

    public static String toString(Secret s) {
        throw new UnsupportedOperationException();
    }
}
