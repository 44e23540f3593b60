package dev.aigov.provenance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the {@code git} command in one repository: no shell, arguments passed as given, stderr drained on its own
 * thread so a chatty git never blocks, and the environment cleared of variables that would point git elsewhere.
 */
final class Git {
    /** Variables that would make git read another repository than the one asked for (e.g. inside a hook). */
    private static final List<String> LOCATION_VARIABLES = List.of("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE",
            "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR", "GIT_NAMESPACE");
    private static final int STDERR_KEPT = 4096;

    private final Path directory;

    Git(Path directory) {
        this.directory = directory;
    }

    Path directory() {
        return directory;
    }

    /** What a finished git command returned. */
    record Result(int exitCode, byte[] stdout, String stderr) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8).strip();
        }

        boolean ok() {
            return exitCode == 0;
        }

        /** Whether git failed because objects are missing from this clone (a partial clone, a snapshot without blobs). */
        boolean lacksObjects() {
            return stderr.contains("unable to read") || stderr.contains("from promisor remote")
                    || stderr.contains("lazy fetching disabled") || stderr.contains("missing blob");
        }

        /** "first: ID" for the first object id git named, else "objects". */
        String firstMissingObject() {
            java.util.regex.Matcher id = java.util.regex.Pattern.compile("\\b[0-9a-f]{40,64}\\b").matcher(stderr);
            return id.find() ? "first: " + id.group() : "objects";
        }
    }

    /** The first index of {@code value} in {@code bytes} at or after {@code from}, or -1 (for git's batch output). */
    static int indexOf(byte[] bytes, byte value, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }

    @FunctionalInterface
    interface StdoutReader {
        void read(InputStream stdout) throws IOException, ChangeSourceException;
    }

    /** Runs a command with small output and returns it whatever the exit code. */
    Result run(String... args) throws ChangeSourceException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] exit = new int[1];
        String err = execute(List.of(args), null, in -> in.transferTo(out), exit);
        return new Result(exit[0], out.toByteArray(), err);
    }

    /** Runs a command with {@code input} on its stdin and small output; returns it whatever the exit code. */
    Result runWithInput(byte[] input, String... args) throws ChangeSourceException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] exit = new int[1];
        String err = execute(List.of(args), input, in -> in.transferTo(out), exit);
        return new Result(exit[0], out.toByteArray(), err);
    }

    /**
     * Runs a command and hands its stdout to {@code reader} while it runs.
     *
     * @return the exit code and stderr (stdout already consumed)
     */
    Result stream(List<String> args, StdoutReader reader) throws ChangeSourceException {
        int[] exit = new int[1];
        String err = execute(args, null, reader, exit);
        return new Result(exit[0], new byte[0], err);
    }

    private String execute(List<String> args, byte[] input, StdoutReader reader, int[] exit) throws ChangeSourceException {
        List<String> command = new ArrayList<>(args.size() + 8);
        command.add("git");
        command.add("-C");
        command.add(directory.toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE);
        Map<String, String> env = builder.environment();
        LOCATION_VARIABLES.forEach(env::remove);
        env.put("LC_ALL", "C");            // stable, English error messages
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("GIT_PAGER", "cat");
        env.put("GIT_NO_LAZY_FETCH", "1"); // a partial clone must never fetch missing objects behind our back
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ChangeSourceException("cannot run git (is it installed and on PATH?): " + e.getMessage(), e);
        }
        StderrTail stderr = new StderrTail(process.getErrorStream());
        Thread drain = Thread.ofPlatform().daemon().name("git-stderr").start(stderr);
        try {
            if (input == null) {
                process.getOutputStream().close();
            } else {
                Thread.ofPlatform().daemon().name("git-stdin").start(() -> {
                    try (OutputStream stdin = process.getOutputStream()) {
                        stdin.write(input);
                    } catch (IOException ignored) {
                        // git went away; its exit code says why
                    }
                });
            }
            try (InputStream stdout = process.getInputStream()) {
                reader.read(stdout);
                stdout.transferTo(OutputStream.nullOutputStream()); // a reader that stops early must not block git
            }
            exit[0] = process.waitFor();
            drain.join();
            return stderr.text();
        } catch (IOException e) {
            throw new ChangeSourceException("reading from git failed in " + directory + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChangeSourceException("interrupted while running git in " + directory, e);
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    /** Keeps the last few kilobytes of git's stderr: enough for the error, bounded for hostile output. */
    private static final class StderrTail implements Runnable {
        private final InputStream in;
        private final byte[] tail = new byte[STDERR_KEPT];
        private int length;

        StderrTail(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            byte[] chunk = new byte[1024];
            try (in) {
                for (int n; (n = in.read(chunk)) > 0; ) {
                    synchronized (this) {
                        if (n >= tail.length) {
                            System.arraycopy(chunk, n - tail.length, tail, 0, tail.length);
                            length = tail.length;
                        } else {
                            int keep = Math.min(length, tail.length - n);
                            System.arraycopy(tail, length - keep, tail, 0, keep);
                            System.arraycopy(chunk, 0, tail, keep, n);
                            length = keep + n;
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process went away; what was read is what there is
            }
        }

        synchronized String text() {
            return new String(tail, 0, length, StandardCharsets.UTF_8).strip();
        }
    }

    /** The first line of git's error output, for one-line messages. */
    static String firstLine(String stderr) {
        String text = stderr.strip();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline).strip();
    }
}
