package io.jenkins.plugins.aigovernance;

import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issued secret values as Pipeline persists them: AES-GCM ciphertext under a controller key kept in
 * {@code $JENKINS_HOME/secrets/}. {@code hudson.util.Secret} would Java-serialize its clear value into
 * {@code program.dat}; this object serializes only the variable names, the key file path and ciphertext.
 */
final class SealedSecrets implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int IV_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String keyFile;
    private final LinkedHashMap<String, byte[]> sealed;

    private SealedSecrets(String keyFile, LinkedHashMap<String, byte[]> sealed) {
        this.keyFile = keyFile;
        this.sealed = sealed;
    }

    /** Seals the values under the key in {@code keyFile}, creating the key (owner-only) on first use. */
    static SealedSecrets seal(Map<String, String> values, Path keyFile) throws IOException {
        byte[] key = loadOrCreateKey(keyFile);
        LinkedHashMap<String, byte[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            byte[] cipherText = crypt(Cipher.ENCRYPT_MODE, key, iv, e.getValue().getBytes(StandardCharsets.UTF_8));
            out.put(e.getKey(), ByteBuffer.allocate(IV_BYTES + cipherText.length).put(iv).put(cipherText).array());
        }
        return new SealedSecrets(keyFile.toString(), out);
    }

    Set<String> names() {
        return Collections.unmodifiableSet(sealed.keySet());
    }

    /** The clear values; call only where they are injected into the body's environment or the masker. */
    Map<String, String> open() throws IOException {
        byte[] key = loadOrCreateKey(Paths.get(keyFile));
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : sealed.entrySet()) {
            ByteBuffer in = ByteBuffer.wrap(e.getValue());
            byte[] iv = new byte[IV_BYTES];
            in.get(iv);
            byte[] cipherText = new byte[in.remaining()];
            in.get(cipherText);
            out.put(e.getKey(), new String(crypt(Cipher.DECRYPT_MODE, key, iv, cipherText), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static byte[] crypt(int mode, byte[] key, byte[] iv, byte[] input) throws IOException {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot " + (mode == Cipher.ENCRYPT_MODE ? "seal" : "open")
                    + " issued credentials (key changed or data corrupt): " + e.getClass().getSimpleName());
        }
    }

    private static synchronized byte[] loadOrCreateKey(Path file) throws IOException {
        if (Files.exists(file)) {
            byte[] key = Files.readAllBytes(file);
            if (key.length != 32) {
                throw new IOException(file + ": expected a 32-byte key, found " + key.length + " bytes");
            }
            return key;
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, key, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the secrets directory's ACL applies.
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return key;
    }
}
