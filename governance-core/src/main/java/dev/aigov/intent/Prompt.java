package dev.aigov.intent;

import dev.aigov.evidence.SecretScanner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The prompt an AI agent is given, as the pipeline declares it: its bytes, their SHA-256 and size, and the secrets
 * the added-lines scanner finds in it. A prompt is kept beside the ledger ({@link #store}) under its digest, so an
 * investigator can read it and check it against the {@code agent.declared} event; a prompt holding a secret is
 * refused and never stored.
 */
public final class Prompt {
    /** Where prompts are kept, relative to the ledger's directory (or the build's governance directory). */
    public static final String DIRECTORY = "prompts";

    private final String name;
    private final byte[] bytes;
    private final String sha256;

    private Prompt(String name, byte[] bytes) {
        this.name = Objects.requireNonNull(name, "name");
        this.bytes = bytes.clone();
        this.sha256 = sha256Hex(this.bytes);
    }

    public static Prompt of(String name, byte[] bytes) {
        return new Prompt(name, bytes);
    }

    public static Prompt read(Path file) throws IOException {
        return new Prompt(file.getFileName().toString(), Files.readAllBytes(file));
    }

    /** The file name it was read from (for messages only). */
    public String name() {
        return name;
    }

    /** {@code sha256:<hex>}, as the ledger records it. */
    public String digest() {
        return "sha256:" + sha256;
    }

    public String sha256() {
        return sha256;
    }

    public long size() {
        return bytes.length;
    }

    /** The kinds of secret found (e.g. {@code github-token}), in order of first appearance; empty when clean. */
    public List<String> secretKinds() {
        Set<String> kinds = new LinkedHashSet<>();
        for (SecretScanner.Finding f : SecretScanner.scanText(name, text())) {
            kinds.add(f.kind());
        }
        return List.copyOf(kinds);
    }

    /** The 1-based lines holding a secret: where to look, never what was found. */
    public List<Integer> secretLines() {
        return SecretScanner.scanText(name, text()).stream().map(SecretScanner.Finding::line).distinct().toList();
    }

    /** Where {@link #store} puts it, relative to the directory given there: {@code prompts/<sha256>.txt}. */
    public String storedName() {
        return DIRECTORY + "/" + sha256 + ".txt";
    }

    /**
     * Writes the prompt to {@code <dir>/prompts/<sha256>.txt} (atomically; an existing file with that name already
     * holds these bytes) and returns the path relative to {@code dir}.
     *
     * @throws IllegalStateException when the prompt holds a secret: such a prompt is never stored
     */
    public String store(Path dir) throws IOException {
        if (!secretKinds().isEmpty()) {
            throw new IllegalStateException("a prompt holding a secret is never stored");
        }
        Path target = dir.resolve(storedName());
        Files.createDirectories(target.getParent());
        if (!Files.isRegularFile(target) || !sha256Hex(Files.readAllBytes(target)).equals(sha256)) {
            Path temp = Files.createTempFile(target.getParent(), ".prompt-", ".tmp");
            Files.write(temp, bytes);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return storedName();
    }

    private String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
