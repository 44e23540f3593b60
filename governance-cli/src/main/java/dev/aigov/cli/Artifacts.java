package dev.aigov.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Build artifacts named by digest ({@code seal --artifact}, {@code report --artifact}). */
final class Artifacts {
    /** An artifact's file name (never its local path), SHA-256 (hex) and size. */
    record Digest(String name, String sha256, long size) {
    }

    private Artifacts() {
    }

    static Digest digest(Path artifact) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(artifact), MessageDigest.getInstance("SHA-256"))) {
            long size = in.transferTo(OutputStream.nullOutputStream());
            String sha256 = HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
            return new Digest(artifact.getFileName().toString(), sha256, size);
        } catch (IOException e) {
            throw new UsageException("cannot read artifact " + artifact + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
