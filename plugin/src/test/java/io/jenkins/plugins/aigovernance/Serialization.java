package io.jenkins.plugins.aigovernance;

import hudson.util.Secret;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import org.jboss.marshalling.Marshaller;
import org.jboss.marshalling.MarshallingConfiguration;
import org.jboss.marshalling.Marshalling;
import org.jboss.marshalling.ObjectResolver;
import org.jboss.marshalling.SimpleClassResolver;
import org.jboss.marshalling.Unmarshaller;
import org.jboss.marshalling.river.RiverMarshallerFactory;

/**
 * The two serial forms a step's objects take. {@link #bytes}/{@link #read}: Pipeline's {@code program.dat}, written
 * with JBoss Marshalling River as workflow-support's {@code RiverWriter} and {@code RiverReader} do, with the
 * pickle that matters here: a {@link Secret} is replaced by its encrypted value ({@code SecretPickle}) and
 * rehydrated on read. (The real writer keeps pickles in a separate section of the file; here each is written in
 * place, which stores the same bytes for a secret.) {@link #remoting}: Java serialization, as remoting sends an
 * object to an agent.
 */
final class Serialization {
    private static final RiverMarshallerFactory RIVER = new RiverMarshallerFactory();

    private Serialization() {
    }

    /** What {@code SecretPickle} stores of a secret: core's encrypted form. */
    static final class PickledSecret implements Serializable {
        private static final long serialVersionUID = 1L;
        final String encryptedValue;

        PickledSecret(String encryptedValue) {
            this.encryptedValue = encryptedValue;
        }
    }

    /** The objects as program.dat holds them. */
    static byte[] bytes(Object... objects) throws IOException {
        MarshallingConfiguration config = new MarshallingConfiguration();
        config.setObjectResolver(new ObjectResolver() {
            @Override
            public Object readResolve(Object replacement) {
                throw new IllegalStateException();
            }

            @Override
            public Object writeReplace(Object original) {
                return original instanceof Secret secret ? new PickledSecret(secret.getEncryptedValue()) : original;
            }
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Marshaller marshaller = RIVER.createMarshaller(config);
        marshaller.start(Marshalling.createByteOutput(out));
        marshaller.writeObject(objects);
        marshaller.finish();
        return out.toByteArray();
    }

    /** The objects read back from program.dat, as a resumed Pipeline gets them. */
    static Object[] read(byte[] bytes) throws IOException, ClassNotFoundException {
        MarshallingConfiguration config = new MarshallingConfiguration();
        config.setClassResolver(new SimpleClassResolver(Serialization.class.getClassLoader()));
        config.setObjectResolver(new ObjectResolver() {
            @Override
            public Object readResolve(Object replacement) {
                return replacement instanceof PickledSecret pickle ? Secret.fromString(pickle.encryptedValue) : replacement;
            }

            @Override
            public Object writeReplace(Object original) {
                throw new IllegalStateException();
            }
        });
        Unmarshaller unmarshaller = RIVER.createUnmarshaller(config);
        unmarshaller.start(Marshalling.createByteInput(new ByteArrayInputStream(bytes)));
        Object[] objects = (Object[]) unmarshaller.readObject();
        unmarshaller.finish();
        return objects;
    }

    /** An object as remoting carries it to an agent and back: plain Java serialization. */
    @SuppressWarnings("unchecked")
    static <T> T remoting(T object) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectOutputStream stream = new ObjectOutputStream(out)) {
            stream.writeObject(object);
        }
        try (ObjectInputStream stream = new ObjectInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            return (T) stream.readObject();
        }
    }

    static boolean contains(byte[] haystack, String needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1).contains(needle)
                || new String(haystack, StandardCharsets.UTF_16BE).contains(needle);
    }
}
