package dev.aigov.ledger;

import dev.aigov.gate.ApprovalRequirement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property: on random sealed ledgers, every single-byte change, line deletion, duplication, swap and truncation
 * is detected (the verifier never answers INTACT_SEALED), 10,000 mutations with a fixed seed.
 */
class LedgerMutationTest {
    private static final int MUTATIONS = 10_000;
    private static final int LEDGERS = 40;
    private static final String ALPHABET = "abcXYZ019 \"\\/<>&'{}[]:,\n\t\u00e9\u4e2d\ud83d\ude00";

    @TempDir
    Path dir;

    enum Mutation { CHANGE_BYTE, DELETE_LINE, DUPLICATE_LINE, SWAP_LINES, TRUNCATE }

    @Test
    void everyMutationOfASealedLedgerIsDetected() throws Exception {
        long seed = Long.getLong("ledger.seed", 0x5EED_2026_1127L);
        System.out.println("LedgerMutationTest seed " + seed + " (rerun with -Dledger.seed=" + seed + ")");
        Random random = new Random(seed);
        LedgerKey key = LedgerKey.loadOrCreate(dir.resolve("key"));
        List<byte[]> ledgers = new ArrayList<>();
        for (int i = 0; i < LEDGERS; i++) {
            ledgers.add(randomSealedLedger(random, key, i));
        }

        Map<Mutation, Integer> applied = new EnumMap<>(Mutation.class);
        Map<String, Integer> outcomes = new TreeMap<>();
        int validJsonByteChanges = 0;
        Path target = dir.resolve("mutated.jsonl");
        int done = 0;
        while (done < MUTATIONS) {
            byte[] original = ledgers.get(random.nextInt(LEDGERS));
            Mutation mutation = Mutation.values()[random.nextInt(Mutation.values().length)];
            byte[] mutated = mutate(original, mutation, random);
            if (Arrays.equals(mutated, original)) {
                continue; // not a change, does not count
            }
            Files.write(target, mutated);
            VerificationResult result = LedgerVerifier.verify(target, key.publicKey());
            assertThat(result).as("%s of ledger (seed %d, mutation %d) went undetected", mutation, seed, done)
                    .isNotInstanceOf(VerificationResult.IntactSealed.class);
            if (mutation == Mutation.CHANGE_BYTE && everyLineIsJson(mutated)) {
                validJsonByteChanges++;
                assertThat(result).isInstanceOf(VerificationResult.Tampered.class);
            }
            applied.merge(mutation, 1, Integer::sum);
            outcomes.merge(result instanceof VerificationResult.Tampered t ? "TAMPERED/" + t.problem()
                    : result.state(), 1, Integer::sum);
            done++;
        }
        System.out.println("applied " + applied + "; outcomes " + outcomes
                + "; byte changes that kept every line valid JSON: " + validJsonByteChanges);
        assertThat(applied.keySet()).containsExactlyInAnyOrder(Mutation.values());
        assertThat(validJsonByteChanges).as("some byte changes keep valid JSON and only the hash catches them")
                .isPositive();
    }

    private byte[] randomSealedLedger(Random random, LedgerKey key, int index) {
        Path file = dir.resolve("ledger-" + index + ".jsonl");
        Ledger ledger = Ledger.open(file, TestEvents.BUILD);
        int events = 2 + random.nextInt(12);
        for (int i = 0; i < events; i++) {
            ledger.append(randomText(random), switch (random.nextInt(4)) {
                case 0 -> TestEvents.gate(randomText(random));
                case 1 -> Events.agentDeclared(randomText(random), randomText(random), "");
                case 2 -> Events.approvalGranted("req-" + i, randomText(random), List.of(randomText(random)),
                        "rule", randomText(random));
                default -> Events.approvalRequested("req-" + i,
                        new ApprovalRequirement(random.nextInt(3), List.of(randomText(random)), random.nextBoolean()));
            });
        }
        Ledger.seal(file, key, "aigov-cli");
        try {
            return Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        int[] codePoints = ALPHABET.codePoints().toArray();
        for (int i = random.nextInt(20); i > 0; i--) {
            text.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
        }
        return text.toString();
    }

    private static byte[] mutate(byte[] ledger, Mutation mutation, Random random) {
        List<byte[]> lines = lines(ledger);
        switch (mutation) {
            case CHANGE_BYTE -> {
                byte[] copy = ledger.clone();
                int at = random.nextInt(copy.length);
                copy[at] = (byte) (copy[at] + 1 + random.nextInt(255));
                return copy;
            }
            case DELETE_LINE -> lines.remove(random.nextInt(lines.size()));
            case DUPLICATE_LINE -> {
                int from = random.nextInt(lines.size());
                lines.add(random.nextInt(lines.size() + 1), lines.get(from));
            }
            case SWAP_LINES -> {
                int a = random.nextInt(lines.size()), b = random.nextInt(lines.size());
                byte[] line = lines.get(a);
                lines.set(a, lines.get(b));
                lines.set(b, line);
            }
            case TRUNCATE -> {
                return Arrays.copyOf(ledger, random.nextInt(ledger.length));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        lines.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** The ledger's lines, each with its line end. */
    private static List<byte[]> lines(byte[] ledger) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < ledger.length; i++) {
            if (ledger[i] == '\n') {
                lines.add(Arrays.copyOfRange(ledger, start, i + 1));
                start = i + 1;
            }
        }
        return lines;
    }

    private static boolean everyLineIsJson(byte[] ledger) {
        for (String line : new String(ledger, StandardCharsets.UTF_8).split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            try {
                Canonical.MAPPER.readTree(line);
            } catch (Exception e) {
                return false;
            }
        }
        return ledger.length > 0 && ledger[ledger.length - 1] == '\n';
    }
}
