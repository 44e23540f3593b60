package dev.aigov.bench;

import dev.aigov.build.BuildRef;
import dev.aigov.ledger.Event;
import dev.aigov.ledger.Ledger;
import dev.aigov.ledger.LedgerKey;
import dev.aigov.ledger.LedgerVerifier;
import dev.aigov.ledger.VerificationResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies a ledger of about SIZE_MB (default 100) and hashes the same file with {@code sha256sum} in the same run.
 * Usage: {@code ./bench LedgerVerifyBench [SIZE_MB] [DIR] [keep]}. Target: verify at least half of sha256sum's throughput.
 */
public final class LedgerVerifyBench {
    public static void main(String[] args) throws Exception {
        long sizeMb = args.length > 0 ? Long.parseLong(args[0]) : 100;
        Path dir = Path.of(args.length > 1 ? args[1] : "governance-bench/target/bench");
        Files.createDirectories(dir);
        Path file = dir.resolve("ledger-" + sizeMb + "mb.jsonl");
        Files.deleteIfExists(file);
        Ledger ledger = Ledger.open(file, new BuildRef("bench/ledger", "1", "", ""));
        long started = System.nanoTime();
        long i = 0;
        while (!Files.exists(file) || Files.size(file) < sizeMb * 1_000_000) {
            List<Event> batch = new ArrayList<>();
            for (int b = 0; b < 2000; b++) {
                batch.add(LedgerBenchEvents.event(i++));
            }
            ledger.appendAll("bench", batch);
        }
        Ledger.seal(file, LedgerKey.loadOrCreate(dir.resolve("bench-key")), "bench");
        long bytes = Files.size(file);
        System.out.printf("built %s: %,d bytes, %,d events in %.1f s (group commit, 2000 events per fsync)%n",
                file, bytes, i + 1, (System.nanoTime() - started) / 1e9);

        double bestVerify = Double.MAX_VALUE, bestSha = Double.MAX_VALUE;
        List<Double> pairedRatios = new ArrayList<>();
        for (int run = 1; run <= 5; run++) {
            long t0 = System.nanoTime();
            VerificationResult result = LedgerVerifier.verify(file, null);
            double verify = (System.nanoTime() - t0) / 1e9;
            if (!(result instanceof VerificationResult.IntactSealed)) {
                throw new IllegalStateException("bench ledger did not verify: " + result.describe());
            }
            long t1 = System.nanoTime();
            Process sha = new ProcessBuilder("sha256sum", file.toString()).redirectErrorStream(true).start();
            String out = new String(sha.getInputStream().readAllBytes());
            if (sha.waitFor() != 0) {
                throw new IllegalStateException("sha256sum failed: " + out);
            }
            double shaSeconds = (System.nanoTime() - t1) / 1e9;
            System.out.printf("run %d: verify %.3f s (%.0f MB/s), sha256sum %.3f s (%.0f MB/s)%n", run, verify,
                    bytes / 1e6 / verify, shaSeconds, bytes / 1e6 / shaSeconds);
            if (run > 1) { // run 1 warms up the JIT
                pairedRatios.add(shaSeconds / verify);
            }
            bestVerify = Math.min(bestVerify, verify);
            bestSha = Math.min(bestSha, shaSeconds);
        }
        pairedRatios.sort(null);
        System.out.printf("median over runs 2-5 of (verify throughput / sha256sum throughput in the same run): %.2f%n",
                pairedRatios.get(pairedRatios.size() / 2));
        double ratio = bestSha / bestVerify;
        System.out.printf("best: verify %.0f MB/s, sha256sum %.0f MB/s: verify runs at %.2f x sha256sum (target >= 0.5): %s%n",
                bytes / 1e6 / bestVerify, bytes / 1e6 / bestSha, ratio, ratio >= 0.5 ? "MET" : "NOT MET");
        if (!(args.length > 2 && args[2].equals("keep"))) {
            Files.delete(file);
        }
    }
}
