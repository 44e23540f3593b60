package dev.aigov.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigov.build.BuildRef;
import dev.aigov.ledger.VerificationResult.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LedgerTest {
    @TempDir
    Path dir;

    private Path writeBuild() {
        Path file = dir.resolve("ledger.jsonl");
        Ledger ledger = Ledger.open(file, TestEvents.BUILD);
        for (Event event : TestEvents.buildEvents("Add login")) {
            ledger.append("aigov-cli", event);
        }
        return file;
    }

    @Test
    void eventsAreChainedHashedAndCanonical() throws Exception {
        Path file = writeBuild();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(8);
        String prev = Ledger.GENESIS;
        for (int i = 0; i < lines.size(); i++) {
            JsonNode event = Canonical.MAPPER.readTree(lines.get(i));
            assertThat(event.get("seq").asLong()).isEqualTo(i + 1);
            assertThat(event.get("prev").asText()).isEqualTo(prev);
            assertThat(event.get("build").get("job").asText()).isEqualTo("payments/api");
            // the line is the canonical encoding of itself, and the hash covers it without "hash"
            assertThat(new String(Canonical.encode(event), StandardCharsets.UTF_8)).isEqualTo(lines.get(i));
            String hash = event.get("hash").asText();
            ((com.fasterxml.jackson.databind.node.ObjectNode) event).remove("hash");
            assertThat(Canonical.sha256Hex(Canonical.encode(event))).isEqualTo(hash);
            prev = hash;
        }
        assertThat(lines.get(0)).startsWith("{\"actor\":\"aigov-cli\",\"build\":{\"job\":");
    }

    @Test
    void unsealedLedgerIsIntactButNotComplete() {
        Path file = writeBuild();
        VerifiedLedger verified = LedgerVerifier.read(file, null);
        assertThat(verified.result()).isInstanceOf(VerificationResult.Unsealed.class);
        assertThat(((VerificationResult.Unsealed) verified.result()).count()).isEqualTo(8);
        assertThat(verified.complete()).isFalse();
        assertThat(verified.events()).hasSize(8);
    }

    @Test
    void sealedLedgerVerifiesWithItsPublicKeyAndRefusesAppends() {
        Path file = writeBuild();
        LedgerKey key = LedgerKey.loadOrCreate(dir.resolve("key"));
        LedgerEvent seal = Ledger.seal(file, key, "aigov-cli");
        assertThat(seal.seq()).isEqualTo(9);
        assertThat(seal.data().get("count").asLong()).isEqualTo(8);

        VerificationResult pinned = LedgerVerifier.verify(file, key.publicKey());
        assertThat(pinned).isEqualTo(new VerificationResult.IntactSealed(8, seal.prev(), key.publicKeyRaw(), true));
        assertThat(LedgerVerifier.read(file, null).complete()).isTrue();

        assertThatThrownBy(() -> Ledger.open(file, TestEvents.BUILD).append("x", Events.agentDeclared("a", "m", "")))
                .isInstanceOf(LedgerException.class).hasMessageContaining("sealed")
                .hasMessageContaining("nothing can be appended after the seal");
        assertThatThrownBy(() -> Ledger.seal(file, key, "x")).hasMessageContaining("sealed");
    }

    @Test
    void anotherPublicKeyIsABadSignature() {
        Path file = writeBuild();
        Ledger.seal(file, LedgerKey.loadOrCreate(dir.resolve("key")), "aigov-cli");
        LedgerKey other = LedgerKey.loadOrCreate(dir.resolve("other"));
        VerificationResult result = LedgerVerifier.verify(file, other.publicKey());
        assertThat(result).isInstanceOfSatisfying(VerificationResult.Tampered.class, t -> {
            assertThat(t.line()).isEqualTo(9);
            assertThat(t.problem()).isEqualTo(Problem.BAD_SIGNATURE);
            assertThat(t.why()).contains("not sealed with the expected public key");
        });
    }

    @Test
    void aForgedSealWithAValidChainIsABadSignature() throws Exception {
        Path file = writeBuild();
        LedgerKey key = LedgerKey.loadOrCreate(dir.resolve("key"));
        Ledger.seal(file, key, "aigov-cli");
        // Re-sign with a different key but keep the claimed public key: the chain is rebuilt, the signature is not.
        List<String> lines = Files.readAllLines(file);
        var seal = (com.fasterxml.jackson.databind.node.ObjectNode) Canonical.MAPPER.readTree(lines.get(8));
        LedgerKey forger = LedgerKey.loadOrCreate(dir.resolve("forger"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) seal.get("data")).put("signature",
                java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                        forger.sign(Ledger.sealMessage(8, seal.get("prev").asText()))));
        seal.remove("hash");
        seal.put("hash", Canonical.sha256Hex(Canonical.encode(seal)));
        lines.set(8, new String(Canonical.encode(seal), StandardCharsets.UTF_8));
        Files.write(file, lines);
        assertThat(LedgerVerifier.verify(file, null)).isInstanceOfSatisfying(VerificationResult.Tampered.class,
                t -> assertThat(t.problem()).isEqualTo(Problem.BAD_SIGNATURE));
    }

    @Test
    void tornLastLineIsReportedAsTruncatedAndBlocksAppends() throws Exception {
        Path file = writeBuild();
        byte[] whole = Files.readAllBytes(file);
        Path before = dir.resolve("before.jsonl");
        Files.write(before, whole);
        Ledger.open(before, TestEvents.BUILD).append("aigov-cli", TestEvents.gate("one more"));
        byte[] longer = Files.readAllBytes(before);
        // what a writer killed in the middle of its write leaves: the old ledger plus half a line
        byte[] torn = java.util.Arrays.copyOf(longer, whole.length + (longer.length - whole.length) / 2);
        Files.write(file, torn);

        VerifiedLedger verified = LedgerVerifier.read(file, null);
        assertThat(verified.result()).isEqualTo(new VerificationResult.Truncated(9, 8,
                (torn.length - whole.length) + " bytes without a line end"));
        assertThat(verified.events()).hasSize(8);
        assertThatThrownBy(() -> Ledger.open(file, TestEvents.BUILD).append("x", Events.agentDeclared("a", "", "")))
                .isInstanceOf(LedgerException.class).hasMessageContaining("torn");
    }

    @Test
    void oneLedgerBelongsToOneBuild() {
        Path file = writeBuild();
        Ledger other = Ledger.open(file, new BuildRef("payments/api", "43", "", ""));
        assertThatThrownBy(() -> other.append("x", Events.agentDeclared("a", "", "")))
                .hasMessageContaining("is the ledger of payments/api#42, not of payments/api#43");
    }

    @Test
    void anEmptyLedgerCannotBeSealed() throws Exception {
        Path file = Files.createFile(dir.resolve("empty.jsonl"));
        assertThatThrownBy(() -> Ledger.seal(file, LedgerKey.loadOrCreate(dir.resolve("key")), "x"))
                .hasMessageContaining("nothing to seal");
        assertThat(LedgerVerifier.verify(file, null)).isEqualTo(new VerificationResult.Unsealed(0, Ledger.GENESIS));
    }

    @Test
    void groupCommitWritesEveryEventChained() {
        Path file = dir.resolve("group.jsonl");
        List<LedgerEvent> written = Ledger.open(file, TestEvents.BUILD).appendAll("aigov-cli",
                TestEvents.buildEvents("Add login"));
        assertThat(written).extracting(LedgerEvent::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(LedgerVerifier.read(file, null).events()).isEqualTo(written);
    }

    @Test
    void noSecretAndNoRawHandleReachesTheLedger() throws Exception {
        Path file = writeBuild();
        Ledger.seal(file, LedgerKey.loadOrCreate(dir.resolve("key")), "aigov-cli");
        String all = Files.readString(file);
        assertThat(all).doesNotContain(TestEvents.SECRET_VALUE).doesNotContain(TestEvents.HANDLE_ID)
                .doesNotContain("accessor-parent")
                .contains(Events.handleHash(TestEvents.lease().handle()));
    }

    @Test
    void aMissingLedgerIsAClearError() {
        assertThatThrownBy(() -> LedgerVerifier.verify(dir.resolve("nope.jsonl"), null))
                .isInstanceOf(LedgerException.class).hasMessageContaining("no ledger at");
    }
}
