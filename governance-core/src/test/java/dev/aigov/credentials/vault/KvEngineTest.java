package dev.aigov.credentials.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigov.credentials.CredentialException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Vault plugin's prefixPath and engine version, as the engine's HTTP client applies them to a role's secret. */
class KvEngineTest {
    @Test
    void aSecretUnderAVersion2MountOfSeveralSegmentsIsReadThroughItsDataApi() throws Exception {
        KvEngine kv = KvEngine.of("/team/kv/", "2");
        assertThat(kv.readPath("team/kv/deploy/key")).isEqualTo("team/kv/data/deploy/key");
        var answer = new ObjectMapper().readTree("{\"data\":{\"data\":{\"token\":\"t\"},\"metadata\":{\"version\":3}}}");
        assertThat(kv.fields("team/kv/deploy/key", answer).properties()).extracting(Map.Entry::getKey)
                .containsExactly("token");
    }

    @Test
    void dynamicSecretsOutsideTheMountAndVersion1AreReadAsGiven() throws Exception {
        assertThat(KvEngine.of("team/kv", "2").readPath("database/creds/ci")).isEqualTo("database/creds/ci");
        assertThat(KvEngine.of("team/kv", "1").readPath("team/kv/deploy")).isEqualTo("team/kv/deploy");
        assertThat(KvEngine.of("team/kv", "2").readPath("team/kv/data/deploy")).isEqualTo("team/kv/data/deploy");
        var answer = new ObjectMapper().readTree("{\"data\":{\"username\":\"u\"}}");
        assertThat(KvEngine.of("team/kv", "2").fields("database/creds/ci", answer).has("username")).isTrue();
    }

    @Test
    void anEngineVersionOtherThan1Or2IsNamed() {
        assertThatThrownBy(() -> KvEngine.of("kv", "3")).isInstanceOf(CredentialException.class)
                .hasMessageContaining("VAULT_KV_VERSION must be 1 or 2");
    }
}
