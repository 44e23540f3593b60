package dev.aigov.ledger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Several threads of this JVM and two other JVMs append to one ledger at once. */
class LedgerConcurrencyTest {
    private static final int THREADS = 4;
    private static final int PROCESSES = 2;
    private static final int EACH = 40;

    @TempDir
    Path dir;

    @Test
    void threadsAndProcessesAppendingTogetherKeepOneIntactChain() throws Exception {
        Path file = dir.resolve("ledger.jsonl");
        List<Process> processes = new ArrayList<>();
        for (int p = 0; p < PROCESSES; p++) {
            processes.add(AppenderProcess.start(file, "process-" + p, EACH, 200));
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            String actor = "thread-" + t;
            // a Ledger per thread, as independent callers would have
            threads.add(pool.submit(() -> {
                Ledger ledger = Ledger.open(file, TestEvents.BUILD);
                for (int i = 0; i < EACH; i++) {
                    ledger.append(actor, Events.agentDeclared(actor + "-" + i, "m", ""));
                }
                return null;
            }));
        }
        for (Future<?> thread : threads) {
            thread.get();
        }
        pool.shutdown();
        for (Process process : processes) {
            assertThat(process.waitFor()).isZero();
        }

        VerifiedLedger verified = LedgerVerifier.read(file, null);
        int total = (THREADS + PROCESSES) * EACH;
        assertThat(verified.result()).isInstanceOf(VerificationResult.Unsealed.class);
        assertThat(verified.events()).extracting(LedgerEvent::seq)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, total).boxed().toList());
        Map<String, Long> perActor = verified.events().stream()
                .collect(Collectors.groupingBy(LedgerEvent::actor, Collectors.counting()));
        assertThat(perActor).hasSize(THREADS + PROCESSES).allSatisfy((actor, count) -> assertThat(count).isEqualTo(EACH));
        // each appender's own events stay in its order
        for (String actor : perActor.keySet()) {
            assertThat(verified.events().stream().filter(e -> e.actor().equals(actor))
                    .map(e -> e.data().get("agent").asText()).toList())
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, EACH).mapToObj(i -> actor + "-" + i).toList());
        }
    }
}
