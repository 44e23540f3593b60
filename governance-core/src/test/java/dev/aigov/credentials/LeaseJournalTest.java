package dev.aigov.credentials;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class LeaseJournalTest {
    @TempDir
    Path dir;

    static LeaseJournal.Entry entry(String id) {
        return new LeaseJournal.Entry(new LeaseHandle("jwt", id, Map.of("expiresAt", "2030-01-01T00:00:00Z")),
                "agent", "job#1", Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:15:00Z"));
    }

    @Test
    void listsIssuedHandlesUntilTheirRevocationIsRecorded() throws IOException {
        LeaseJournal journal = new LeaseJournal(dir.resolve("sub/leases.journal"));
        assertThat(journal.outstanding()).isEmpty();
        journal.issued(entry("a"));
        journal.issued(entry("b"));
        journal.revoked(entry("a").handle());
        assertThat(journal.outstanding()).containsExactly(entry("b"));
        assertThat(new LeaseJournal(journal.file()).outstanding()).containsExactly(entry("b"));
    }

    @Test
    void isAppendOnly() throws IOException {
        LeaseJournal journal = new LeaseJournal(dir.resolve("leases.journal"));
        journal.issued(entry("a"));
        String before = Files.readString(journal.file());
        journal.revoked(entry("a").handle());
        assertThat(Files.readString(journal.file())).startsWith(before);
        assertThat(Files.readAllLines(journal.file())).hasSize(2);
    }

    @Test
    void toleratesATornLastLineAndStartsTheNextRecordOnItsOwnLine() throws IOException {
        LeaseJournal journal = new LeaseJournal(dir.resolve("leases.journal"));
        journal.issued(entry("a"));
        Files.writeString(journal.file(), "{\"event\":\"issued\",\"provider\":\"jwt\",\"id\":\"tor",
                StandardOpenOption.APPEND);
        assertThat(journal.outstanding()).containsExactly(entry("a"));
        journal.issued(entry("b"));
        assertThat(journal.outstanding()).containsExactly(entry("a"), entry("b"));
        assertThat(Files.readAllLines(journal.file())).hasSize(3);
    }

    @Test
    void concurrentAppendersFromThreadsLoseNothing() throws Exception {
        LeaseJournal journal = new LeaseJournal(dir.resolve("leases.journal"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                for (int i = 0; i < 25; i++) {
                    new LeaseJournal(journal.file()).issued(entry(thread + "-" + i));
                    if (i % 2 == 0) {
                        journal.revoked(entry(thread + "-" + i).handle());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        assertThat(journal.outstanding()).hasSize(8 * 12);
        assertThat(Files.readAllLines(journal.file())).hasSize(8 * 25 + 8 * 13)
                .allSatisfy(line -> assertThat(line).startsWith("{").endsWith("}"));
    }

    @Test
    void concurrentAppendersFromTwoProcessesLoseNothing() throws Exception {
        Path file = dir.resolve("leases.journal");
        List<Process> processes = new ArrayList<>();
        for (String name : List.of("p1", "p2")) {
            processes.add(new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
                    System.getProperty("java.class.path"), JournalAppender.class.getName(), file.toString(), name, "100")
                    .redirectErrorStream(true).start());
        }
        for (Process p : processes) {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        }
        List<LeaseJournal.Entry> outstanding = new LeaseJournal(file).outstanding();
        assertThat(outstanding).hasSize(200);
        assertThat(outstanding.stream().map(e -> e.handle().id()).distinct()).hasSize(200);
        assertThat(Files.readAllLines(file)).hasSize(200);
    }

    /** Appends N entries to a journal from its own process. */
    public static final class JournalAppender {
        public static void main(String[] args) throws IOException {
            LeaseJournal journal = new LeaseJournal(Path.of(args[0]));
            for (int i = 0; i < Integer.parseInt(args[2]); i++) {
                journal.issued(entry(args[1] + "-" + i));
            }
        }
    }
}
