package dev.aigov.bench;

import dev.aigov.build.BuildRef;
import dev.aigov.ledger.Event;
import dev.aigov.ledger.Ledger;
import dev.aigov.ledger.LedgerVerifier;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Append rate with an fsync per event (one thread, then 4 threads sharing the ledger) and with group commit
 * ({@link Ledger#appendAll}, 100 events per fsync). Usage: {@code ./bench LedgerAppendBench [EVENTS] [DIR]}.
 */
public final class LedgerAppendBench {
    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Path dir = Path.of(args.length > 1 ? args[1] : "governance-bench/target/bench");
        Files.createDirectories(dir);
        BuildRef build = new BuildRef("bench/append", "1", "", "");

        // warm up the JIT and the file system path, not measured
        Path warm = fresh(dir.resolve("append-warmup.jsonl"));
        Ledger warmup = Ledger.open(warm, build);
        for (int i = 0; i < 300; i++) {
            warmup.append("bench", LedgerBenchEvents.event(i));
        }
        Files.delete(warm);

        Path single = fresh(dir.resolve("append-single.jsonl"));
        Ledger ledger = Ledger.open(single, build);
        long t0 = System.nanoTime();
        for (int i = 0; i < events; i++) {
            ledger.append("bench", LedgerBenchEvents.event(i));
        }
        report("fsync per event, 1 thread", events, t0, single);

        Path threaded = fresh(dir.resolve("append-threads.jsonl"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        long t1 = System.nanoTime();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                Ledger mine = Ledger.open(threaded, build);
                for (int i = thread; i < events; i += 4) {
                    mine.append("bench-" + thread, LedgerBenchEvents.event(i));
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        pool.shutdown();
        report("fsync per event, 4 threads", events, t1, threaded);

        Path grouped = fresh(dir.resolve("append-group.jsonl"));
        Ledger group = Ledger.open(grouped, build);
        long t2 = System.nanoTime();
        for (int i = 0; i < events; i += 100) {
            List<Event> batch = new ArrayList<>();
            for (int b = i; b < Math.min(events, i + 100); b++) {
                batch.add(LedgerBenchEvents.event(b));
            }
            group.appendAll("bench", batch);
        }
        report("group commit, 100 events per fsync", events, t2, grouped);
    }

    private static Path fresh(Path file) throws java.io.IOException {
        Files.deleteIfExists(file);
        return file;
    }

    private static void report(String what, int events, long startNanos, Path file) throws java.io.IOException {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        String verified = LedgerVerifier.verify(file, null).state();
        System.out.printf("%-36s %,7d events in %6.2f s: %,9.0f events/s (%s, %,d bytes)%n", what, events, seconds,
                events / seconds, verified, Files.size(file));
        Files.delete(file);
    }
}
