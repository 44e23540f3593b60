package dev.aigov.approval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real ssh-keygen: signatures in the aigov-approval namespace, checked against an allowed-signers file. */
class SshSignaturesTest {
    @TempDir
    Path dir;

    private Path key(String name) throws Exception {
        Path key = dir.resolve(name);
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", key.toString())
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        return key;
    }

    private String signer(String principal, Path key) throws Exception {
        return principal + " " + Files.readString(Path.of(key + ".pub")).strip() + "\n";
    }

    @Test
    void aSignatureVerifiesOnlyOverItsPayloadAndOnlyForAnAllowedSigner() throws Exception {
        Path alice = key("alice");
        Path mallory = key("mallory");
        String allowed = signer("alice@example.org", alice);
        byte[] payload = "aigov-approval/1\nrequest abc\n".getBytes(StandardCharsets.UTF_8);

        String signature = SshSignatures.sign(alice, payload);
        assertThat(signature).startsWith("-----BEGIN SSH SIGNATURE-----");
        StringBuilder why = new StringBuilder();
        assertThat(SshSignatures.verify(allowed, payload, signature, why)).hasValueSatisfying(s -> {
            assertThat(s.principal()).isEqualTo("alice@example.org");
            assertThat(s.fingerprint()).startsWith("SHA256:");
        });

        why.setLength(0);
        assertThat(SshSignatures.verify(allowed, "aigov-approval/1\nrequest abd\n".getBytes(StandardCharsets.UTF_8),
                signature, why)).isEmpty();
        assertThat(why).contains("does not verify over this request's payload");

        why.setLength(0);
        assertThat(SshSignatures.verify(allowed, payload, SshSignatures.sign(mallory, payload), why)).isEmpty();
        assertThat(why).contains("not in the allowed signers file");

        why.setLength(0);
        assertThat(SshSignatures.verify("", payload, signature, why)).isEmpty();
        assertThat(why).contains("names no allowed signers");
        why.setLength(0);
        assertThat(SshSignatures.verify(allowed, payload, "", why)).isEmpty();
        assertThat(why).contains("not signed");
    }

    @Test
    void aSignatureInAnotherNamespaceNeverCounts() throws Exception {
        Path alice = key("alice");
        byte[] payload = "aigov-approval/1\n".getBytes(StandardCharsets.UTF_8);
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-Y", "sign", "-f", alice.toString(), "-n", "git").start();
        p.getOutputStream().write(payload);
        p.getOutputStream().close();
        String gitSignature = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        assertThat(SshSignatures.verify(signer("alice@example.org", alice), payload, gitSignature, new StringBuilder()))
                .as("a commit signature is no approval").isEmpty();
    }

    @Test
    void aMissingKeyFileIsAClearError() {
        assertThatThrownBy(() -> SshSignatures.sign(dir.resolve("none"), new byte[0]))
                .isInstanceOf(ApprovalException.class).hasMessageContaining("no such key file");
    }
}
