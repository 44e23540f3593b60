package dev.aigov.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigov.credentials.jwt.JwtIssuer;
import dev.aigov.credentials.jwt.WorkloadClaims;
import dev.aigov.ledger.LedgerException;
import dev.aigov.ledger.LedgerKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Private keys at rest under an embedding's key store: never in the clear on disk, read back, upgraded in place. */
class KeyProtectionTest {
    @TempDir
    Path dir;

    /** AES-GCM under a key only this "process" holds, as an embedding's confidential store would be. */
    static final class AesProtection implements KeyProtection {
        private final byte[] key = new byte[16];

        AesProtection() {
            new SecureRandom().nextBytes(key);
        }

        @Override
        public String protect(byte[] clear) throws IOException {
            try {
                byte[] iv = new byte[12];
                new SecureRandom().nextBytes(iv);
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
                return Base64.getEncoder().encodeToString(iv) + "." + Base64.getEncoder().encodeToString(cipher.doFinal(clear));
            } catch (GeneralSecurityException e) {
                throw new IOException(e);
            }
        }

        @Override
        public byte[] unprotect(String stored) throws IOException {
            try {
                String[] parts = stored.split("\\.");
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                        new GCMParameterSpec(128, Base64.getDecoder().decode(parts[0])));
                return cipher.doFinal(Base64.getDecoder().decode(parts[1]));
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new IOException("cannot decrypt the key (another key store?)");
            }
        }
    }

    private static final WorkloadClaims CLAIMS = new WorkloadClaims("app", "1", "agent", "", "", Map.of());

    @Test
    void theIssuersPrivateKeysAreNeverOnDiskInTheClearAndStillSign() throws Exception {
        AesProtection protection = new AesProtection();
        Path keys = dir.resolve("jwt");
        JwtIssuer issuer = JwtIssuer.open(keys, JwtIssuer.Settings.defaults(Duration.ofHours(1)), protection);
        String token = issuer.mint(CLAIMS, "aud", Duration.ofMinutes(5)).reveal();

        assertThat(privateKeyFiles(keys)).isNotEmpty().allSatisfy(f -> assertThat(Files.readString(f))
                .startsWith(KeyProtection.MARKER).doesNotContain("\"d\""));
        JwtIssuer reopened = JwtIssuer.open(keys, JwtIssuer.Settings.defaults(Duration.ofHours(1)), protection);
        assertThat(reopened.verify(token, "aud").subject()).isEqualTo("app#1");
        assertThatThrownBy(() -> JwtIssuer.open(keys, JwtIssuer.Settings.defaults(Duration.ofHours(1)),
                new AesProtection())).isInstanceOf(IOException.class).hasMessageContaining("cannot decrypt");
    }

    @Test
    void plainKeysFromBeforeAreReadAndRewrittenProtected() throws Exception {
        Path keys = dir.resolve("jwt");
        String token = JwtIssuer.open(keys, JwtIssuer.Settings.defaults(Duration.ofHours(1)))
                .mint(CLAIMS, "aud", Duration.ofMinutes(5)).reveal();
        assertThat(privateKeyFiles(keys)).allSatisfy(f -> assertThat(Files.readString(f)).contains("\"d\""));

        AesProtection protection = new AesProtection();
        JwtIssuer issuer = JwtIssuer.open(keys, JwtIssuer.Settings.defaults(Duration.ofHours(1)), protection);

        assertThat(issuer.verify(token, "aud").subject()).isEqualTo("app#1");
        assertThat(privateKeyFiles(keys)).allSatisfy(f -> assertThat(Files.readString(f))
                .startsWith(KeyProtection.MARKER).doesNotContain("\"d\""));
    }

    @Test
    void servingTheJwksCreatesNothingAndNeedsNoPolicy() throws Exception {
        Path keys = dir.resolve("jwt");
        assertThat(JwtIssuer.publishedJwks(keys, new AesProtection(), Clock.systemUTC())).isEqualTo("{\"keys\":[]}");
        assertThat(keys).doesNotExist();

        AesProtection protection = new AesProtection();
        JwtIssuer issuer = JwtIssuer.open(keys, JwtIssuer.Settings.defaults(Duration.ofHours(1)), protection);
        assertThat(JwtIssuer.publishedJwks(keys, protection, Clock.systemUTC())).isEqualTo(issuer.jwks());
        assertThat(issuer.jwks()).doesNotContain("\"d\"");
    }

    @Test
    void theLedgerKeyIsProtectedItsPublicHalfStaysReadable() throws Exception {
        AesProtection protection = new AesProtection();
        Path file = dir.resolve("secrets/ledger.key");
        LedgerKey key = LedgerKey.loadOrCreate(file, protection);

        String text = Files.readString(file, StandardCharsets.US_ASCII);
        assertThat(text).contains("BEGIN AIGOV PROTECTED PRIVATE KEY").doesNotContain("BEGIN PRIVATE KEY");
        assertThat(LedgerKey.readPublicKey(file)).isEqualTo(key.publicKey());
        assertThat(LedgerKey.loadOrCreate(file, protection).publicKey()).isEqualTo(key.publicKey());
        assertThatThrownBy(() -> LedgerKey.load(file, new AesProtection())).isInstanceOf(LedgerException.class);

        Path plain = dir.resolve("plain.key");
        LedgerKey before = LedgerKey.loadOrCreate(plain);
        assertThat(Files.readString(plain)).contains("BEGIN PRIVATE KEY");
        assertThat(LedgerKey.load(plain, protection).publicKey()).isEqualTo(before.publicKey());
        assertThat(Files.readString(plain)).doesNotContain("BEGIN PRIVATE KEY").contains("BEGIN AIGOV PROTECTED");
    }

    private static List<Path> privateKeyFiles(Path keys) throws IOException {
        try (Stream<Path> files = Files.list(keys)) {
            return files.filter(f -> f.toString().endsWith(".jwk")).toList();
        }
    }
}
