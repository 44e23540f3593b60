package dev.aigov.ledger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LedgerKeyTest {
    @TempDir
    Path dir;

    @Test
    void keyIsCreatedOwnerOnlyOnFirstUseAndReloaded() throws Exception {
        Path file = dir.resolve("sub/ledger-key");
        LedgerKey created = LedgerKey.loadOrCreate(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        LedgerKey again = LedgerKey.loadOrCreate(file);
        assertThat(again.publicKeyRaw()).isEqualTo(created.publicKeyRaw());
        assertThat(Files.list(file.getParent())).hasSize(1);
    }

    @Test
    void exportedPublicKeysReadBackInEveryFormat() throws Exception {
        LedgerKey key = LedgerKey.loadOrCreate(dir.resolve("key"));
        Path pem = Files.writeString(dir.resolve("pub.pem"), key.publicKeyPem());
        Path jwk = Files.writeString(dir.resolve("pub.jwk"), key.publicKeyJwk());
        Path raw = Files.writeString(dir.resolve("pub.txt"), key.publicKeyRaw());
        assertThat(key.publicKeyPem()).startsWith("-----BEGIN PUBLIC KEY-----\n");
        assertThat(key.publicKeyJwk()).contains("\"kty\":\"OKP\"", "\"crv\":\"Ed25519\"", key.publicKeyRaw());
        for (Path file : new Path[] {pem, jwk, raw}) {
            assertThat(LedgerKey.readPublicKey(file)).isEqualTo(key.publicKey());
        }
    }

    @Test
    void garbageKeyFilesAreNamedInTheError() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.pem"), "not a key");
        assertThatThrownBy(() -> LedgerKey.load(bad)).isInstanceOf(LedgerException.class)
                .hasMessageContaining(bad.toString()).hasMessageContaining("PRIVATE KEY");
        assertThatThrownBy(() -> LedgerKey.readPublicKey(bad)).isInstanceOf(LedgerException.class)
                .hasMessageContaining(bad.toString());
    }
}
