package dev.aigov.credentials;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Cleans up after a crash or {@code kill -9}, for everything a journal still lists: ends the command the secret was
 * handed to (its process group, and only when the group's leader is the very process recorded: same id and same
 * start time, never another that reused the id), removes the files that held the secret, and revokes.
 */
public final class Reaper {
    /**
     * What happened to one outstanding lease.
     *
     * @param entry   the journal entry
     * @param failure why it could not be revoked, or empty when it was
     * @param cleanup what was done before revoking (process group ended, files removed), one note each
     */
    public record Outcome(LeaseJournal.Entry entry, String failure, List<String> cleanup) {
        public Outcome {
            cleanup = List.copyOf(cleanup);
        }

        public Outcome(LeaseJournal.Entry entry, String failure) {
            this(entry, failure, List.of());
        }

        public boolean revoked() {
            return failure.isEmpty();
        }
    }

    /** Everything a reap did, and each journal line it could not read. */
    public record Result(List<Outcome> outcomes, List<LeaseJournal.Unreadable> unreadable) {
        /** Every lease revoked and every line read. */
        public boolean complete() {
            return unreadable.isEmpty() && outcomes.stream().allMatch(Outcome::revoked);
        }
    }

    private final LeaseJournal journal;
    private final Revoker revoker;

    public Reaper(Map<String, CredentialProvider> providers, LeaseJournal journal) {
        this(providers, journal, Revoker.Backoff.DEFAULT);
    }

    Reaper(Map<String, CredentialProvider> providers, LeaseJournal journal, Revoker.Backoff backoff) {
        this.journal = journal;
        this.revoker = new Revoker(Map.copyOf(providers), journal, backoff);
    }

    /** Tries every outstanding handle, whatever happens to the others. */
    public List<Outcome> reap() throws IOException {
        return reapAll().outcomes();
    }

    /** Tries every outstanding handle the journal can read, and reports the lines it cannot. */
    public Result reapAll() throws IOException {
        LeaseJournal.Contents contents = journal.read();
        List<Outcome> outcomes = new ArrayList<>();
        for (LeaseJournal.Entry entry : contents.outstanding()) {
            List<String> notes = cleanUp(entry);
            try {
                revoker.revoke(entry.handle());
                outcomes.add(new Outcome(entry, "", notes));
            } catch (CredentialException e) {
                outcomes.add(new Outcome(entry, e.getMessage(), notes));
            }
        }
        return new Result(outcomes, contents.unreadable());
    }

    /** Ends the orphaned command, then removes the files that held the secret; one note per thing done or left. */
    static List<String> cleanUp(LeaseJournal.Entry entry) {
        List<String> notes = new ArrayList<>();
        if (entry.processGroup() > 1) {
            notes.add(endProcessGroup(entry.processGroup(), entry.processStart()));
        }
        // Files first, then the directories that held them (recorded after them).
        for (String name : entry.files()) {
            Path file = Path.of(name);
            try {
                if (Files.isDirectory(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                if (Files.deleteIfExists(file)) {
                    notes.add("removed " + file);
                }
            } catch (IOException e) {
                notes.add("cannot remove " + file + ": " + e.getMessage());
            }
        }
        for (String name : entry.files()) {
            Path dir = Path.of(name);
            try {
                if (Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(dir)) {
                    notes.add("removed " + dir);
                }
            } catch (IOException e) {
                notes.add("cannot remove " + dir + ": " + e.getMessage());
            }
        }
        return notes;
    }

    /** The start time of a live process as the journal records it, or empty when it is gone or unknown. */
    public static String startTime(ProcessHandle process) {
        return process.info().startInstant().map(Object::toString).orElse("");
    }

    private static String endProcessGroup(long group, String start) {
        Optional<ProcessHandle> leader = ProcessHandle.of(group).filter(ProcessHandle::isAlive);
        if (leader.isEmpty()) {
            return "process group " + group + ": already gone";
        }
        String now = startTime(leader.get());
        if (start.isEmpty() || !start.equals(now)) {
            return "process " + group + " started at " + (now.isEmpty() ? "an unknown time" : now) + ", not " + start
                    + ": another process reused the id; left alone";
        }
        signalGroup("TERM", group);
        try {
            leader.get().onExit().get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            // still running: killed below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        signalGroup("KILL", group); // also whatever in the group ignored TERM or outlived its leader
        return "ended process group " + group;
    }

    private static void signalGroup(String signal, long group) {
        try {
            new ProcessBuilder("kill", "-s", signal, "--", "-" + group).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            ProcessHandle.of(group).ifPresent(p -> {
                if (signal.equals("KILL")) {
                    p.destroyForcibly();
                } else {
                    p.destroy();
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
