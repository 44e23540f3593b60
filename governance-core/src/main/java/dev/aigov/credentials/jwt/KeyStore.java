package dev.aigov.credentials.jwt;

import dev.aigov.files.SafeFiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.aigov.keys.KeyProtection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The issuer's directory (mode 0700, files 0600): {@code keyring.json} lists the keys (the last unretired one
 * signs), {@code <kid>.jwk} holds each private key (encrypted when a {@link KeyProtection} is given), {@code denied.jsonl} the revoked token ids. Every change holds
 * an exclusive lock on {@code .lock}, so parallel processes creating the store on first use agree on one key.
 */
final class KeyStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    /**
     * One key of the ring.
     *
     * @param retiredAt when a newer key replaced it, or null for the signing key
     */
    record Entry(String kid, SigningAlgorithm algorithm, Instant createdAt, Instant retiredAt, JWK key) {
    }

    /** @param maxTtl the longest lifetime any token of this store may have had: how long a retired key stays published */
    record Ring(Duration maxTtl, List<Entry> keys) {
        Entry signing() {
            return keys.getLast();
        }

        boolean published(Entry key, Instant now) {
            return key.retiredAt() == null || now.isBefore(key.retiredAt().plus(maxTtl));
        }
    }

    interface Action<T> {
        T run() throws IOException;
    }

    private final Path dir;
    private final KeyProtection protection;

    KeyStore(Path dir) {
        this(dir, KeyProtection.NONE);
    }

    KeyStore(Path dir, KeyProtection protection) {
        this.dir = dir.toAbsolutePath().normalize();
        this.protection = protection;
    }

    /** Whether the store exists (has a key ring); looking does not create it. */
    boolean exists() {
        return Files.isRegularFile(dir.resolve("keyring.json"));
    }

    /** The ring as it is, never creating the store or a key: for serving public keys. */
    Ring read(Duration fallbackMaxTtl) throws IOException {
        return locked(() -> exists() ? read() : new Ring(fallbackMaxTtl, List.of()));
    }

    Path dir() {
        return dir;
    }

    /** Loads the ring, creating the store and its first key on first use, and widening its maxTtl if needed. */
    Ring open(SigningAlgorithm algorithm, Duration maxTtl, Instant now) throws IOException {
        return locked(() -> {
            Ring ring = Files.exists(dir.resolve("keyring.json")) ? read() : new Ring(maxTtl, List.of());
            boolean changed = false;
            if (ring.keys().isEmpty()) {
                ring = new Ring(ring.maxTtl(), List.of(generate(algorithm, now)));
                changed = true;
            }
            if (maxTtl.compareTo(ring.maxTtl()) > 0) {
                ring = new Ring(maxTtl, ring.keys());
                changed = true;
            }
            if (changed) {
                write(ring);
            }
            return ring;
        });
    }

    /** A new key signs from now; the old ones stay published for maxTtl, those past it are deleted. */
    Ring rotate(SigningAlgorithm algorithm, Duration maxTtl, Instant now) throws IOException {
        return locked(() -> {
            Ring current = open(algorithm, maxTtl, now);
            List<Entry> keys = new ArrayList<>();
            for (Entry key : current.keys()) {
                Entry retired = key.retiredAt() == null
                        ? new Entry(key.kid(), key.algorithm(), key.createdAt(), now, key.key()) : key;
                if (current.published(retired, now)) {
                    keys.add(retired);
                }
            }
            keys.add(generate(algorithm, now));
            Ring rotated = new Ring(current.maxTtl(), keys);
            write(rotated);
            Set<String> kept = new HashSet<>();
            keys.forEach(k -> kept.add(k.kid() + ".jwk"));
            for (Entry key : current.keys()) {
                if (!kept.contains(key.kid() + ".jwk")) {
                    Files.deleteIfExists(dir.resolve(key.kid() + ".jwk"));
                }
            }
            return rotated;
        });
    }

    void deny(String jti, Instant expiresAt) throws IOException {
        ObjectNode line = JSON.createObjectNode().put("jti", jti).put("expiresAt", expiresAt.toString());
        byte[] bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        locked(() -> {
            Path file = dir.resolve("denied.jsonl");
            try (FileChannel channel = FileChannel.open(file, creating(StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND, StandardOpenOption.CREATE), privateFile())) {
                ByteBuffer out = ByteBuffer.wrap(bytes);
                while (out.hasRemaining()) {
                    channel.write(out);
                }
                channel.force(true);
            }
            return null;
        });
    }

    /** Denied token ids; a line torn by a crash is skipped (its revocation was never confirmed). */
    Set<String> denied() throws IOException {
        Path file = dir.resolve("denied.jsonl");
        if (!Files.exists(file)) {
            return Set.of();
        }
        Set<String> ids = new HashSet<>();
        for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            try {
                JsonNode line = JSON.readTree(text);
                if (line != null && line.hasNonNull("jti")) {
                    ids.add(line.get("jti").asText());
                }
            } catch (IOException torn) {
                // skip
            }
        }
        return ids;
    }

    private Ring read() throws IOException {
        JsonNode root = JSON.readTree(SafeFiles.read(dir.resolve("keyring.json"), SafeFiles.Kind.KEYRING));
        List<Entry> keys = new ArrayList<>();
        for (JsonNode key : root.path("keys")) {
            String kid = key.path("kid").asText();
            Path file = dir.resolve(kid + ".jwk");
            byte[] stored = SafeFiles.read(file, SafeFiles.Kind.KEY);
            String privateJwk = new String(protection.load(stored), StandardCharsets.UTF_8);
            try {
                keys.add(new Entry(kid, SigningAlgorithm.valueOf(key.path("algorithm").asText()),
                        Instant.parse(key.path("createdAt").asText()),
                        key.hasNonNull("retiredAt") ? Instant.parse(key.path("retiredAt").asText()) : null,
                        JWK.parse(privateJwk)));
            } catch (ParseException | IllegalArgumentException e) {
                throw new IOException(file + ": not a valid key: " + e.getClass().getSimpleName());
            }
            if (protection.enabled() && !KeyProtection.isProtected(stored)) {
                // Written before protection was on: kept protected from now on.
                Path tmp = dir.resolve(kid + ".jwk.tmp");
                Files.deleteIfExists(tmp);
                writeNew(tmp, protection.store(privateJwk.getBytes(StandardCharsets.UTF_8)));
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        return new Ring(Duration.ofSeconds(root.path("maxTtlSeconds").asLong()), keys);
    }

    private void write(Ring ring) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("maxTtlSeconds", ring.maxTtl().toSeconds());
        ArrayNode keys = root.putArray("keys");
        for (Entry key : ring.keys()) {
            Path file = dir.resolve(key.kid() + ".jwk");
            if (!Files.exists(file)) {
                writeNew(file, protection.store(key.key().toJSONString().getBytes(StandardCharsets.UTF_8)));
            }
            ObjectNode node = keys.addObject().put("kid", key.kid()).put("algorithm", key.algorithm().name())
                    .put("createdAt", key.createdAt().toString());
            node.put("retiredAt", key.retiredAt() == null ? null : key.retiredAt().toString());
        }
        Path tmp = dir.resolve("keyring.json.tmp");
        Files.deleteIfExists(tmp);
        writeNew(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        Files.move(tmp, dir.resolve("keyring.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Entry generate(SigningAlgorithm algorithm, Instant now) throws IOException {
        try {
            JWK key = switch (algorithm) {
                case ED25519 -> Ed25519.generate();
                case RS256 -> new RSAKeyGenerator(2048).keyIDFromThumbprint(true).generate();
                case ES256 -> new com.nimbusds.jose.jwk.gen.ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true)
                        .generate();
            };
            return new Entry(key.getKeyID(), algorithm, now, null, key);
        } catch (JOSEException e) {
            throw new IOException("cannot generate a " + algorithm + " key: " + e.getMessage(), e);
        }
    }

    /** Created with mode 0600 from the start: never briefly readable by others. */
    private static void writeNew(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, creating(StandardOpenOption.WRITE,
                StandardOpenOption.CREATE_NEW), privateFile())) {
            ByteBuffer out = ByteBuffer.wrap(bytes);
            while (out.hasRemaining()) {
                channel.write(out);
            }
            channel.force(true);
        }
    }

    private static Set<OpenOption> creating(OpenOption... options) {
        return Set.of(options);
    }

    private static FileAttribute<?>[] privateFile() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }

    private static FileAttribute<?>[] privateDir() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
                : new FileAttribute<?>[0];
    }

    private <T> T locked(Action<T> action) throws IOException {
        ReentrantLock threads = IN_PROCESS.computeIfAbsent(dir, d -> new ReentrantLock());
        threads.lock(); // reentrant: rotate() calls open() under the same lock
        try {
            if (threads.getHoldCount() > 1) {
                return action.run();
            }
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, privateDir());
            }
            try (FileChannel lock = FileChannel.open(dir.resolve(".lock"), creating(StandardOpenOption.WRITE,
                    StandardOpenOption.CREATE), privateFile()); FileLock processes = lock.lock()) {
                return action.run();
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            threads.unlock();
        }
    }
}
