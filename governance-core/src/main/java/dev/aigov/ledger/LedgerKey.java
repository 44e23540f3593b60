package dev.aigov.ledger;

import dev.aigov.files.SafeFiles;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aigov.keys.KeyProtection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * The Ed25519 key that seals ledgers (the JDK's own {@code Ed25519}). The key file (PKCS#8 private key plus its
 * public key, both PEM) is created with mode 0600 on first use; the public key is exported as PEM, as a JWK, or raw in base64url (the form
 * a seal records).
 */
public final class LedgerKey {
    /** X.509 SubjectPublicKeyInfo prefix of an Ed25519 key; the 32 raw key bytes follow it. */
    /** The PEM label of a private key kept under a {@link KeyProtection} (its protected text, base64). */
    private static final String PROTECTED_LABEL = "AIGOV PROTECTED PRIVATE KEY";
    private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private LedgerKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /**
     * {@code ledger-key} in the per-user state directory, never the working tree: {@code $AIGOV_HOME}, else
     * {@code $XDG_STATE_HOME/aigov}, else {@code ~/.local/state/aigov}.
     */
    public static Path defaultPath() {
        String home = System.getenv("AIGOV_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home, "ledger-key");
        }
        String xdg = System.getenv("XDG_STATE_HOME");
        return xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg, "aigov", "ledger-key")
                : Path.of(System.getProperty("user.home"), ".local", "state", "aigov", "ledger-key");
    }

    /** Loads the key in {@code file}, creating it (mode 0600, parents as needed) when there is none. */
    public static LedgerKey loadOrCreate(Path file) {
        return loadOrCreate(file, KeyProtection.NONE);
    }

    /**
     * As {@link #loadOrCreate(Path)}, with the private key kept at rest under {@code protection} (the public key
     * stays readable in the same file, for {@link #readPublicKey}).
     */
    public static LedgerKey loadOrCreate(Path file, KeyProtection protection) {
        if (Files.exists(file)) {
            return load(file, protection);
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            var pair = generator.generateKeyPair();
            Path temp = Files.createTempFile(dir, ".ledger-key", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(temp, text(pair.getPrivate(), pair.getPublic(), protection));
                // A link does not replace: if another process created the key meanwhile, use theirs.
                Files.createLink(file, temp);
            } catch (FileAlreadyExistsException raced) {
                return load(file, protection);
            } finally {
                Files.deleteIfExists(temp);
            }
            return new LedgerKey(pair.getPrivate(), pair.getPublic());
        } catch (IOException | GeneralSecurityException e) {
            throw new LedgerException("cannot create ledger key " + file + ": " + e.getMessage(), e);
        }
    }

    private static String text(PrivateKey privateKey, PublicKey publicKey, KeyProtection protection)
            throws IOException {
        String privatePart = protection.enabled()
                ? pem(PROTECTED_LABEL, protection.protect(privateKey.getEncoded()).getBytes(StandardCharsets.UTF_8))
                : pem("PRIVATE KEY", privateKey.getEncoded());
        return privatePart + pem("PUBLIC KEY", publicKey.getEncoded());
    }

    /** Loads an existing private key file. */
    public static LedgerKey load(Path file) {
        return load(file, KeyProtection.NONE);
    }

    /** Loads an existing private key file, protected or plain; a plain one is rewritten protected when enabled. */
    public static LedgerKey load(Path file, KeyProtection protection) {
        try {
            String text = new String(SafeFiles.read(file, SafeFiles.Kind.KEY), StandardCharsets.US_ASCII);
            boolean isProtected = text.contains("-----BEGIN " + PROTECTED_LABEL + "-----");
            byte[] pkcs8 = isProtected
                    ? protection.unprotect(new String(fromPem(text, PROTECTED_LABEL, file), StandardCharsets.UTF_8))
                    : fromPem(text, "PRIVATE KEY", file);
            KeyFactory factory = KeyFactory.getInstance("Ed25519");
            PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            // The JDK cannot derive an Ed25519 public key from the private one, so the file holds both.
            PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(fromPem(text, "PUBLIC KEY", file)));
            LedgerKey key = new LedgerKey(privateKey, publicKey);
            byte[] probe = "aigov-ledger-key-check".getBytes(StandardCharsets.US_ASCII);
            if (!verify(publicKey, probe, key.sign(probe))) {
                throw new LedgerException(file + ": the public key does not belong to the private key");
            }
            if (!isProtected && protection.enabled()) {
                Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".ledger-key", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(temp, text(privateKey, publicKey, protection));
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return key;
        } catch (IOException e) {
            throw new LedgerException("cannot read ledger key " + SafeFiles.describe(e, file), e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new LedgerException(file + ": not an Ed25519 private key in PEM (PKCS#8): " + e.getMessage(), e);
        }
    }

    /**
     * Reads a public key file: PEM ({@code BEGIN PUBLIC KEY}), a JWK ({@code {"kty":"OKP","crv":"Ed25519","x":..}}),
     * or the raw 32-byte key in base64url.
     */
    public static PublicKey readPublicKey(Path file) {
        String text;
        try {
            text = new String(SafeFiles.read(file, SafeFiles.Kind.KEY), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new LedgerException("cannot read public key " + SafeFiles.describe(e, file), e);
        }
        try {
            if (text.startsWith("-----BEGIN")) {
                return KeyFactory.getInstance("Ed25519")
                        .generatePublic(new X509EncodedKeySpec(fromPem(text, "PUBLIC KEY", file)));
            }
            if (text.startsWith("{")) {
                JsonNode jwk = Canonical.MAPPER.readTree(text);
                if (!"OKP".equals(jwk.path("kty").asText()) || !"Ed25519".equals(jwk.path("crv").asText())) {
                    throw new LedgerException(file + ": JWK must have \"kty\":\"OKP\" and \"crv\":\"Ed25519\"");
                }
                return publicKeyFromRaw(jwk.path("x").asText());
            }
            return publicKeyFromRaw(text);
        } catch (LedgerException e) {
            throw e;
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new LedgerException(file + ": not an Ed25519 public key (PEM, JWK or raw base64url): "
                    + e.getMessage(), e);
        }
    }

    /** The public key from its raw 32 bytes in base64url (as a seal records it). */
    public static PublicKey publicKeyFromRaw(String base64url) throws GeneralSecurityException {
        byte[] raw = Base64.getUrlDecoder().decode(base64url);
        if (raw.length != 32) {
            throw new GeneralSecurityException("an Ed25519 public key has 32 bytes, not " + raw.length);
        }
        byte[] der = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + 32);
        System.arraycopy(raw, 0, der, X509_PREFIX.length, 32);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    }

    /** The raw 32-byte public key in base64url without padding. */
    public static String rawBase64Url(PublicKey key) {
        byte[] der = key.getEncoded();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOfRange(der, der.length - 32, der.length));
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public String publicKeyPem() {
        return pem("PUBLIC KEY", publicKey.getEncoded());
    }

    public String publicKeyJwk() {
        return "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + rawBase64Url(publicKey) + "\"}\n";
    }

    public String publicKeyRaw() {
        return rawBase64Url(publicKey);
    }

    /**
     * Signs a DSSE envelope's payload (DSSE v1): Ed25519 over its Pre-Authentication Encoding. The encoding starts
     * with {@code DSSEv1}, so such a signature can never pass for a seal's.
     */
    public byte[] signDsse(String payloadType, byte[] payload) {
        return sign(pae(payloadType, payload));
    }

    /** DSSE v1's Pre-Authentication Encoding: {@code "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body}, lengths in bytes. */
    public static byte[] pae(String payloadType, byte[] payload) {
        byte[] type = payloadType.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] head = ("DSSEv1 " + type.length + " " + payloadType + " " + payload.length + " ")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] all = java.util.Arrays.copyOf(head, head.length + payload.length);
        System.arraycopy(payload, 0, all, head.length, payload.length);
        return all;
    }

    byte[] sign(byte[] message) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(privateKey);
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    static boolean verify(PublicKey key, byte[] message, byte[] signatureBytes) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(key);
            signature.update(message);
            return signature.verify(signatureBytes);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static byte[] fromPem(String text, String label, Path file) {
        String begin = "-----BEGIN " + label + "-----", end = "-----END " + label + "-----";
        int from = text.indexOf(begin), to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new LedgerException(file + ": expected a PEM block '" + begin + "'");
        }
        return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    }
}
