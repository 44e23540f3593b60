package io.jenkins.plugins.aigovernance;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

/** Java serialization, as Pipeline persists step executions, callbacks and body contexts in program.dat. */
final class Serialization {
    private Serialization() {
    }

    static byte[] bytes(Object... objects) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectOutputStream stream = new ObjectOutputStream(out)) {
            stream.writeObject(objects);
        }
        return out.toByteArray();
    }

    static Object[] read(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream stream = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (Object[]) stream.readObject();
        }
    }

    static boolean contains(byte[] haystack, String needle) {
        return new String(haystack, java.nio.charset.StandardCharsets.ISO_8859_1).contains(needle)
                || new String(haystack, java.nio.charset.StandardCharsets.UTF_16BE).contains(needle);
    }
}
