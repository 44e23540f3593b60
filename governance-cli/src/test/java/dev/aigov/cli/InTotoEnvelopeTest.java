package dev.aigov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.bundle.ImmutableDsseEnvelope;
import dev.sigstore.bundle.ImmutableSignature;
import dev.sigstore.dsse.InTotoPayload;
import dev.aigov.provenance.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import static dev.aigov.cli.ExecPromptTest.sha256;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code report --format intoto}: the in-toto statement in a DSSE envelope signed with the ledger key, checked by an
 * independent DSSE implementation (sigstore-java's envelope and Pre-Authentication Encoding, the JDK's Ed25519).
 */
class InTotoEnvelopeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void envelopeVerifiesWithSigstoresDsseAndTheSealingKey() throws Exception {
        Path ledger = sealedLedger();
        Path artifact = Files.writeString(tmp.resolve("shop.jar"), "jar bytes");
        Path out = tmp.resolve("attestation.intoto.json");

        CliRun report = CliRun.of("report", "--ledger", ledger.toString(), "--out", out.toString(), "--format", "intoto",
                "--key", tmp.resolve("ledger-key").toString(), "--artifact", artifact.toString(),
                "--public-key", ExecPromptTest.pinned(tmp).toString());

        assertThat(report.exit()).as(report.err()).isZero();
        JsonNode envelope = JSON.readTree(out.toFile());
        Bundle.DsseEnvelope dsse = dsse(envelope, Base64.getDecoder().decode(envelope.get("payload").asText()));
        assertThat(dsse.getPayloadType()).isEqualTo("application/vnd.in-toto+json");
        assertThat(ed25519(publicKey()).apply(dsse.getPAE(), dsse.getSignature())).as("signature over sigstore's PAE").isTrue();
        InTotoPayload statement = InTotoPayload.from(dsse);
        assertThat(statement.getType()).isEqualTo("https://in-toto.io/Statement/v1");
        assertThat(statement.getPredicateType()).isEqualTo("https://aigov.dev/governance-decision/v1");
        assertThat(statement.getSubject()).anySatisfy(s -> {
            assertThat(s.getName()).isEqualTo("shop.jar");
            assertThat(s.getDigest()).containsEntry("sha256", sha256("jar bytes".getBytes()));
        });
        assertThat(statement.getPredicate().getAsJsonObject().get("decision").getAsString()).isEqualTo("APPROVAL_REQUIRED");
        assertThat(envelope.get("signatures").get(0).get("keyid").asText()).isNotBlank();

        byte[] altered = new String(dsse.getPayload(), java.nio.charset.StandardCharsets.US_ASCII)
                .replace("APPROVAL_REQUIRED", "PASS_AAAAAAAAAAAA").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Bundle.DsseEnvelope tampered = dsse(envelope, altered);
        assertThat(ed25519(publicKey()).apply(tampered.getPAE(), tampered.getSignature())).as("an altered payload fails").isFalse();
    }

    @Test
    void aKeyThatDidNotSealTheLedgerIsRefused() throws Exception {
        Path ledger = sealedLedger();

        CliRun report = CliRun.of("report", "--ledger", ledger.toString(), "--out", tmp.resolve("a.json").toString(),
                "--format", "intoto", "--key", tmp.resolve("other-key").toString());

        assertThat(report.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(report.err()).contains("no ledger key at");
        // seal creates its key before it looks for the ledger: another key, which sealed nothing here
        CliRun.of("seal", "--ledger", tmp.resolve("scratch.ledger").toString(), "--key", tmp.resolve("other-key").toString());
        assertThat(tmp.resolve("other-key")).exists();
        CliRun wrong = CliRun.of("report", "--ledger", ledger.toString(), "--out", tmp.resolve("a.json").toString(),
                "--format", "intoto", "--key", tmp.resolve("other-key").toString());
        assertThat(wrong.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(wrong.err()).contains("did not seal this ledger");
    }

    private Path sealedLedger() throws Exception {
        TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        repo.commit().message("Initial import\n").file("README.md", "hi\n").create();
        String base = repo.head();
        repo.commit().message("Café menu: prix révisés\n\nCo-authored-by: Claude <noreply@anthropic.com>\n")
                .file("src/Menu.java", "class Menu {}\n").create();
        Path policy = Files.writeString(tmp.resolve("policy.yaml"), "version: 1\nevidence: {}\n");
        Path ledger = tmp.resolve("build.ledger");
        assertThat(CliRun.of("gate", "--repo", repo.dir().toString(), "--range", base + "..HEAD", "--policy", policy.toString(),
                "--ledger", ledger.toString(), "--job", "shop", "--build", "3").exit()).isEqualTo(10);
        assertThat(CliRun.of("seal", "--ledger", ledger.toString(), "--key", tmp.resolve("ledger-key").toString()).exit()).isZero();
        return ledger;
    }

    private static Bundle.DsseEnvelope dsse(JsonNode envelope, byte[] payload) {
        return ImmutableDsseEnvelope.builder().payloadType(envelope.get("payloadType").asText()).payload(payload)
                .addSignatures(ImmutableSignature.builder()
                        .sig(Base64.getDecoder().decode(envelope.get("signatures").get(0).get("sig").asText())).build())
                .build();
    }

    /** The ledger key's public half, read with the JDK from the key file's PEM block. */
    private PublicKey publicKey() throws Exception {
        String text = Files.readString(tmp.resolve("ledger-key"));
        String begin = "-----BEGIN PUBLIC KEY-----";
        String pem = text.substring(text.indexOf(begin) + begin.length(), text.indexOf("-----END PUBLIC KEY-----"));
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder().decode(pem)));
    }

    private static java.util.function.BiFunction<byte[], byte[], Boolean> ed25519(PublicKey key) {
        return (message, signature) -> {
            try {
                Signature verifier = Signature.getInstance("Ed25519");
                verifier.initVerify(key);
                verifier.update(message);
                return verifier.verify(signature);
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        };
    }
}
