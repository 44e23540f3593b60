package dev.aigov.provenance;

import dev.aigov.provenance.ChangedPath.ChangeType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Parses the output of {@code git log -z --name-status} with {@link #FORMAT}: one record per commit, opened by
 * the byte {@code 0x01}, eight NUL-terminated header fields, then NUL-separated status/path tokens. Fields are
 * read by position, so message text can never be taken for structure; bytes are decoded leniently (invalid
 * UTF-8 becomes U+FFFD, never an error).
 */
final class GitLogParser {
    static final char RECORD_START = '\u0001';
    /** Hash, parents, author name/e-mail, committer name/e-mail, raw message, then the notes field. */
    static final String FORMAT_WITHOUT_NOTES = "%x01%H%x00%P%x00%an%x00%ae%x00%cn%x00%ce%x00%B%x00";

    private final NulTokens tokens;
    private String pendingHash;

    GitLogParser(InputStream in) {
        this.tokens = new NulTokens(in);
    }

    /** The {@code --format} argument: the notes field is {@code %N} only when the notes are asked for. */
    static String format(boolean withNotes) {
        return "--format=" + FORMAT_WITHOUT_NOTES + (withNotes ? "%N" : "") + "%x00";
    }

    /**
     * Reads every commit, handing each to {@code sink} as soon as the next record starts (so git has finished it),
     * and returns the last one without handing it over: only the caller knows, from git's exit code, whether that
     * one is complete. Null when there was no commit.
     */
    Commit parse(Consumer<Commit> sink) throws IOException {
        pendingHash = nextRecordStart();
        Commit last = null;
        while (pendingHash != null) {
            String id = pendingHash;
            pendingHash = null;
            String parents = tokens.next();
            String authorName = tokens.next();
            String authorEmail = tokens.next();
            String committerName = tokens.next();
            String committerEmail = tokens.next();
            String message = tokens.next();
            String note = tokens.next();
            if (note == null) {
                break; // truncated output: git failed, and the exit code will say so
            }
            List<ChangedPath> paths = readPaths();
            if (last != null) {
                sink.accept(last);
            }
            last = new Commit(id, new Person(authorName, authorEmail), new Person(committerName, committerEmail),
                    message, paths, splitParents(parents), Commit.SignatureStatus.UNKNOWN, note.strip());
        }
        return last;
    }

    private String nextRecordStart() throws IOException {
        for (String token; (token = tokens.next()) != null; ) {
            String trimmed = stripNewlines(token);
            if (!trimmed.isEmpty() && trimmed.charAt(0) == RECORD_START) {
                return trimmed.substring(1);
            }
        }
        return null;
    }

    /** Status/path tokens until the next record (whose hash is kept in {@link #pendingHash}) or the end. */
    private List<ChangedPath> readPaths() throws IOException {
        List<ChangedPath> paths = new ArrayList<>();
        for (String token; (token = tokens.next()) != null; ) {
            String status = stripNewlines(token);
            if (status.isEmpty()) {
                continue;
            }
            if (status.charAt(0) == RECORD_START) {
                pendingHash = status.substring(1);
                return paths;
            }
            ChangeType type = switch (status.charAt(0)) {
                case 'A' -> ChangeType.ADDED;
                case 'D' -> ChangeType.DELETED;
                case 'R' -> ChangeType.RENAMED;
                case 'C' -> ChangeType.COPIED;
                case 'T' -> ChangeType.TYPE_CHANGED;
                default -> ChangeType.MODIFIED;
            };
            if (type == ChangeType.RENAMED || type == ChangeType.COPIED) {
                String from = tokens.next();
                String to = tokens.next();
                if (to == null) {
                    break;
                }
                paths.add(new ChangedPath(to, from, type));
            } else {
                String path = tokens.next();
                if (path == null) {
                    break;
                }
                paths.add(ChangedPath.of(path, type));
            }
        }
        return paths;
    }

    private static List<String> splitParents(String parents) {
        if (parents == null || parents.isBlank()) {
            return List.of();
        }
        return Arrays.asList(parents.strip().split(" "));
    }

    private static String stripNewlines(String token) {
        int start = 0;
        while (start < token.length() && token.charAt(start) == '\n') {
            start++;
        }
        return start == 0 ? token : token.substring(start);
    }

    /** NUL-terminated tokens from a stream, decoded leniently; tokens may be any length (a 5 MB message). */
    static final class NulTokens {
        private final InputStream in;
        /** A read shorter than this found the pipe nearly empty: the next one waits a little for more. */
        private static final int SHORT_READ = 16 * 1024;
        private final byte[] buffer = new byte[1 << 16];
        private int position;
        private int limit;
        private byte[] carry = new byte[1024];
        private int carried;
        private int lastRead;
        private long total;

        NulTokens(InputStream in) {
            this.in = in;
        }

        /** The next token, or null at the end of the stream. */
        String next() throws IOException {
            carried = 0;
            while (true) {
                if (position == limit) {
                    waitForMoreAfterShortRead();
                    int n = in.read(buffer, 0, buffer.length);
                    lastRead = n;
                    total += Math.max(n, 0);
                    if (n <= 0) {
                        position = limit = 0;
                        return carried > 0 ? new String(carry, 0, carried, StandardCharsets.UTF_8) : null;
                    }
                    position = 0;
                    limit = n;
                }
                int start = position;
                int end = start;
                while (end < limit && buffer[end] != 0) {
                    end++;
                }
                if (end < limit) {
                    position = end + 1;
                    if (carried == 0) {
                        return new String(buffer, start, end - start, StandardCharsets.UTF_8);
                    }
                    append(start, end - start);
                    return new String(carry, 0, carried, StandardCharsets.UTF_8);
                }
                append(start, end - start);
                position = limit;
            }
        }

        /**
         * git log writes each commit on its own (a write of a few hundred bytes). A reader that is always waiting
         * wakes up for every one: a context switch per commit in both processes (100,000 for 100,000 commits), which
         * cost more CPU than the parsing and slowed git itself. After a short read, wait two milliseconds instead and
         * let the pipe fill: it holds 64 KB, about seven milliseconds of git's output (git log writes some 9 KB per
         * ms here), so git does not wait for us; each wait costs some CPU too (1 ms waits cost twice the 2 ms ones
         * in a profile). Only once the output has proved long (a buffer's worth): a short range, such as the
         * gate's, never waits.
         */
        private void waitForMoreAfterShortRead() throws java.io.InterruptedIOException {
            if (lastRead > 0 && lastRead < SHORT_READ && total >= buffer.length) {
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while reading git's output");
                }
            }
        }

        private void append(int start, int length) {
            if (carried + length > carry.length) {
                carry = Arrays.copyOf(carry, Math.max(carry.length * 2, carried + length));
            }
            System.arraycopy(buffer, start, carry, carried, length);
            carried += length;
        }
    }
}
