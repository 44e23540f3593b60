package dev.aigov.ledger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigov.ledger.VerificationResult.Problem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** Each kind of tampering is reported as itself, at the first line where it shows. */
class LedgerTamperKindsTest {
    @TempDir
    Path dir;
    private Path file;
    private LedgerKey key;
    private List<String> lines;

    @BeforeEach
    void sealedLedger() throws Exception {
        file = dir.resolve("ledger.jsonl");
        Ledger ledger = Ledger.open(file, TestEvents.BUILD);
        TestEvents.buildEvents("Add login").forEach(event -> ledger.append("aigov-cli", event));
        key = LedgerKey.loadOrCreate(dir.resolve("key"));
        Ledger.seal(file, key, "aigov-cli");
        lines = Files.readAllLines(file);
        assertThat(lines).hasSize(9);
    }

    private VerificationResult after(UnaryOperator<List<String>> change) throws Exception {
        Files.write(file, change.apply(new ArrayList<>(lines)));
        return LedgerVerifier.verify(file, key.publicKey());
    }

    private static VerificationResult.Tampered tampered(VerificationResult result) {
        assertThat(result).isInstanceOf(VerificationResult.Tampered.class);
        return (VerificationResult.Tampered) result;
    }

    /** A line re-encoded and re-hashed after {@code edit}: its own hash is right, so only other checks can fail. */
    private static String rehashed(String line, java.util.function.Consumer<ObjectNode> edit) {
        try {
            ObjectNode event = (ObjectNode) Canonical.MAPPER.readTree(line);
            edit.accept(event);
            event.remove("hash");
            event.put("hash", Canonical.sha256Hex(Canonical.encode(event)));
            return new String(Canonical.encode(event), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void editedValueIsABadHash() throws Exception {
        var t = tampered(after(l -> { l.set(4, l.get(4).replace("carol", "carla")); return l; }));
        assertThat(t.line()).isEqualTo(5);
        assertThat(t.problem()).isEqualTo(Problem.BAD_HASH);
    }

    @Test
    void brokenSyntaxIsBadJson() throws Exception {
        var t = tampered(after(l -> { l.set(1, l.get(1).substring(1)); return l; }));
        assertThat(t).extracting(VerificationResult.Tampered::line, VerificationResult.Tampered::problem)
                .containsExactly(2L, Problem.BAD_JSON);
    }

    @Test
    void anExtraFieldIsBadJson() throws Exception {
        var t = tampered(after(l -> { l.set(2, l.get(2).replace("{\"actor\"", "{\"admin\":true,\"actor\"")); return l; }));
        assertThat(t.problem()).isEqualTo(Problem.BAD_JSON);
        assertThat(t.why()).contains("unexpected field 'admin'");
    }

    @Test
    void aRepeatedLineIsDuplicated() throws Exception {
        var t = tampered(after(l -> { l.add(3, l.get(2)); return l; }));
        assertThat(t).extracting(VerificationResult.Tampered::line, VerificationResult.Tampered::problem)
                .containsExactly(4L, Problem.DUPLICATED);
    }

    @Test
    void swappedLinesAreReordered() throws Exception {
        var t = tampered(after(l -> { String two = l.get(1); l.set(1, l.get(2)); l.set(2, two); return l; }));
        assertThat(t).extracting(VerificationResult.Tampered::line, VerificationResult.Tampered::problem)
                .containsExactly(2L, Problem.REORDERED);
    }

    @Test
    void aDeletedMiddleLineIsReported() throws Exception {
        var t = tampered(after(l -> { l.remove(3); return l; }));
        assertThat(t).extracting(VerificationResult.Tampered::line, VerificationResult.Tampered::problem)
                .containsExactly(4L, Problem.REORDERED);
        assertThat(t.why()).contains("seq 5 where 4 belongs");
    }

    @Test
    void aRehashedLineWithAnotherPrevBreaksTheChain() throws Exception {
        var t = tampered(after(l -> { l.set(3, rehashed(l.get(3), e -> e.put("prev", "1".repeat(64)))); return l; }));
        assertThat(t).extracting(VerificationResult.Tampered::line, VerificationResult.Tampered::problem)
                .containsExactly(4L, Problem.BROKEN_CHAIN);
    }

    @Test
    void aRewrittenHistoryWithAValidChainFailsTheSeal() throws Exception {
        // rewrite line 5 and re-chain every later line: only the signature can tell
        VerificationResult result = after(l -> {
            String prev = null;
            for (int i = 4; i < l.size(); i++) {
                String previousHash = prev;
                l.set(i, rehashed(l.get(i), e -> {
                    if (previousHash != null) {
                        e.put("prev", previousHash);
                    } else {
                        ((ObjectNode) e.get("data")).put("approver", "mallory");
                    }
                    if (e.get("type").asText().equals(Events.SEALED)) {
                        ((ObjectNode) e.get("data")).put("head", previousHash);
                    }
                }));
                prev = hashOf(l.get(i));
            }
            return l;
        });
        var t = tampered(result);
        assertThat(t).extracting(VerificationResult.Tampered::line, VerificationResult.Tampered::problem)
                .containsExactly(9L, Problem.BAD_SIGNATURE);
    }

    private static String hashOf(String line) {
        try {
            return Canonical.MAPPER.readTree(line).get("hash").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aLineAfterTheSealIsReported() throws Exception {
        var t = tampered(after(l -> {
            String sealHash = hashOf(l.get(8));
            l.add(rehashed(l.get(7), e -> e.put("seq", 10).put("prev", sealHash)));
            return l;
        }));
        assertThat(t).extracting(VerificationResult.Tampered::line, VerificationResult.Tampered::problem)
                .containsExactly(10L, Problem.AFTER_SEAL);
    }

    @Test
    void aLostSealLeavesItUnsealedAndALostLineEndLeavesItTruncated() throws Exception {
        assertThat(after(l -> l.subList(0, 6))).isInstanceOfSatisfying(VerificationResult.Unsealed.class,
                u -> assertThat(u.count()).isEqualTo(6));
        byte[] whole = String.join("\n", lines).getBytes(StandardCharsets.UTF_8); // no final line end
        Files.write(file, whole);
        assertThat(LedgerVerifier.verify(file, key.publicKey())).isInstanceOfSatisfying(VerificationResult.Truncated.class,
                t -> assertThat(t.line()).isEqualTo(9));
    }

    @Test
    void sealingAMissingLedgerDoesNotCreateOne() {
        Path missing = dir.resolve("missing.jsonl");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Ledger.seal(missing, key, "x"))
                .hasMessageContaining("no ledger at");
        assertThat(missing).doesNotExist();
    }
}
