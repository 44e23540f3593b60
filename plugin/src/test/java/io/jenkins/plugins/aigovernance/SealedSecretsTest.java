package io.jenkins.plugins.aigovernance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealedSecretsTest {
    @TempDir
    Path home;

    @Test
    void sealedValuesOpenAgainAfterSerializationAndNeverAppearInTheBytes() throws Exception {
        Path key = home.resolve("secrets/ai-governance-leases.key");
        SealedSecrets sealed = SealedSecrets.seal(Map.of("VAULT_TOKEN", "hvs.CAESIJ-very-secret"), key);
        byte[] bytes = Serialization.bytes(sealed);
        assertThat(Serialization.contains(bytes, "very-secret")).isFalse();
        SealedSecrets restored = (SealedSecrets) Serialization.read(bytes)[0];
        assertThat(restored.open()).containsEntry("VAULT_TOKEN", "hvs.CAESIJ-very-secret");
        assertThat(restored.names()).containsExactly("VAULT_TOKEN");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    }

    @Test
    void aChangedKeyFailsWithoutRevealingAnything() throws Exception {
        Path key = home.resolve("k");
        SealedSecrets sealed = SealedSecrets.seal(Map.of("T", "s3cr3t-value"), key);
        Files.delete(key);
        SealedSecrets.seal(Map.of(), key); // a new controller key
        assertThatThrownBy(sealed::open).isInstanceOf(IOException.class).hasMessageContaining("key changed")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
    }

    @Test
    void aDamagedKeyFileIsNamed() throws Exception {
        Path key = home.resolve("k");
        Files.write(key, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> SealedSecrets.seal(Map.of("T", "x"), key)).hasMessageContaining(key.toString())
                .hasMessageContaining("32-byte");
    }
}
