package dev.aigov.credentials.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jwt.SignedJWT;
import dev.aigov.testing.ClassPathWithout;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issuer signs and verifies Ed25519 with the JDK alone: no Google Tink (nor the protobuf and gson it brings),
 * which the Jenkins plugin would otherwise have to bundle. Nimbus's Tink-based verifier, on the test class path
 * only, checks the JDK's signatures independently.
 */
class WithoutTinkTest {
    @TempDir
    Path dir;

    @Test
    void theIssuersEd25519CycleNeedsNoTink() throws Exception {
        try (URLClassLoader loader = new ClassPathWithout("no Tink, protobuf or gson here",
                "com.google.crypto.tink.", "com.google.protobuf.", "com.google.gson.")) {
            assertThatThrownBy(() -> loader.loadClass("com.google.crypto.tink.subtle.Ed25519Sign"))
                    .isInstanceOf(ClassNotFoundException.class);
            Object result = loader.loadClass(TinklessProbe.class.getName()).getMethod("mintRotateVerify", Path.class)
                    .invoke(null, dir.resolve("keys"));
            assertThat(result).isEqualTo("app#7 true");
        }
    }

    @Test
    void theJdksSignaturesVerifyWithNimbusOwnEd25519Verifier() throws Exception {
        JwtIssuer issuer = JwtIssuer.open(dir.resolve("keys"), JwtIssuer.Settings.defaults(Duration.ofHours(1)));
        SignedJWT jwt = SignedJWT.parse(issuer.mint(new WorkloadClaims("app", "8", "agent", "", "", Map.of()), "aud",
                Duration.ofMinutes(5)).reveal());
        OctetKeyPair key = OctetKeyPair.parse(com.nimbusds.jose.jwk.JWKSet.parse(issuer.jwks()).getKeys().get(0)
                .toJSONObject());
        assertThat(jwt.verify(new Ed25519Verifier(key))).isTrue();
    }
}
