package dev.aigov.files;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The file rules every command follows, in one place: inputs are read up to a cap by kind (a policy, a key, a
 * token… never more than it can sensibly be, so {@code /dev/zero} or a huge file is refused, not read until the heap
 * runs out); outputs are written atomically (a temporary file in the same directory, then a rename); a path we
 * create or append to is never followed through a symbolic link; and an I/O failure says what went wrong, not only
 * which path.
 */
public final class SafeFiles {

    /** What an input is, and the most bytes it may have. */
    public enum Kind {
        POLICY("policy", 1L << 20),
        KEY("key", 64L << 10),
        /** The embedded issuer's list of keys: a few hundred bytes per key, rotated keys included. */
        KEYRING("key ring", 1L << 20),
        TOKEN("token", 64L << 10),
        REQUEST("approval request", 16L << 20),
        EVIDENCE("evidence report", 1L << 30),
        /** A CycloneDX document is read whole as a tree: its cap holds for a pipe or device too, whose size is 0. */
        SBOM("CycloneDX document", 64L << 20),
        LEDGER_LINE("ledger line", 1L << 20),
        JOURNAL_LINE("journal line", 64L << 10),
        ARTIFACT("artifact", Long.MAX_VALUE);

        private final String label;
        private final long cap;

        Kind(String label, long cap) {
            this.label = label;
            this.cap = cap;
        }

        public String label() {
            return label;
        }

        public long cap() {
            return cap;
        }
    }

    /** An input or output refused by these rules; the message names the file and says why. */
    public static final class RefusedException extends IOException {
        public RefusedException(String message) {
            super(message);
        }
    }

    private SafeFiles() {
    }

    /** {@code 1 MiB}, {@code 64 KiB}: how a cap reads in a message. */
    public static String size(long bytes) {
        if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + " GiB";
        }
        if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        if (bytes >= 1L << 10 && bytes % (1L << 10) == 0) {
            return (bytes >> 10) + " KiB";
        }
        return bytes + " bytes";
    }

    static RefusedException tooLarge(String name, Kind kind) {
        return new RefusedException(name + ": larger than " + size(kind.cap) + ", the most a " + kind.label + " may have");
    }

    /** Reads a whole input file of this kind, refusing past its cap without reading further. */
    public static byte[] read(Path file, Kind kind) throws IOException {
        try (InputStream in = open(file, kind)) {
            return in.readAllBytes();
        }
    }

    /** Reads standard input (or any stream) of this kind, refusing past its cap. */
    public static byte[] read(InputStream in, String name, Kind kind) throws IOException {
        return capped(in, name, kind).readAllBytes();
    }

    /** Opens an input file of this kind for streaming: reading past the cap throws {@link RefusedException}. */
    public static InputStream open(Path file, Kind kind) throws IOException {
        if (Files.isDirectory(file)) {
            throw new RefusedException(file + ": is a directory");
        }
        // A missing or unreadable file throws the JDK's own exception, which describe() puts in words.
        return capped(Files.newInputStream(file), file.toString(), kind);
    }

    /** Wraps a stream so that reading more than the kind's cap throws {@link RefusedException}. */
    public static InputStream capped(InputStream in, String name, Kind kind) {
        return new FilterInputStream(in) {
            private long count;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    count(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int off, int len) throws IOException {
                int n = super.read(buffer, off, len);
                if (n > 0) {
                    count(n);
                }
                return n;
            }

            private void count(int n) throws IOException {
                count += n;
                if (count > kind.cap) {
                    throw tooLarge(name, kind);
                }
            }
        };
    }

    /**
     * What went wrong, in words, for an I/O failure whose own message is often only the path:
     * {@code FILE: no such file}, {@code FILE: is a directory}, {@code FILE: permission denied}.
     */
    public static String describe(IOException e, Path fallback) {
        if (e instanceof RefusedException) {
            return e.getMessage();
        }
        if (e instanceof FileSystemException fs) {
            String file = fs.getFile() != null ? fs.getFile() : String.valueOf(fallback);
            String what;
            if (e instanceof NoSuchFileException) {
                what = "no such file or directory";
            } else if (e instanceof AccessDeniedException) {
                what = "permission denied";
            } else if (e instanceof NotDirectoryException) {
                what = "not a directory";
            } else if (e instanceof FileAlreadyExistsException) {
                what = "already exists";
            } else if (e instanceof DirectoryNotEmptyException) {
                what = "directory not empty";
            } else {
                what = fs.getReason() != null ? lower(fs.getReason()) : e.getClass().getSimpleName();
            }
            return file + (fs.getOtherFile() != null ? " -> " + fs.getOtherFile() : "") + ": " + what;
        }
        String message = e.getMessage();
        return (fallback == null ? "" : fallback + ": ") + (message == null ? e.getClass().getSimpleName() : lower(message));
    }

    private static String lower(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    /** Refuses a path that is a symbolic link (dangling or not): we never write through one. */
    public static void refuseSymlink(Path file) throws RefusedException {
        if (Files.isSymbolicLink(file)) {
            throw new RefusedException(file + ": is a symbolic link; refusing to write through it");
        }
    }

    /**
     * Writes the whole file atomically: a temporary file in the same directory, flushed to disk, then renamed over
     * the target, so a reader sees the old content or the new, never a part. A symbolic link at the target is
     * refused (a rename would replace the link, not its target, but a link there is a sign of an attack).
     */
    public static void writeAtomically(Path file, byte[] bytes) throws IOException {
        writeAtomically(file, bytes, null);
    }

    /** As {@link #writeAtomically(Path, byte[])}, with these permissions on the new file (null: the default). */
    public static void writeAtomically(Path file, byte[] bytes, Set<PosixFilePermission> permissions) throws IOException {
        refuseSymlink(file);
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new RefusedException(file + ": is a directory");
        }
        Path absolute = file.toAbsolutePath();
        Path dir = absolute.getParent();
        Path temp = dir.resolve("." + absolute.getFileName() + ".tmp-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                if (permissions != null) {
                    try {
                        Files.setPosixFilePermissions(temp, permissions);
                    } catch (UnsupportedOperationException notPosix) {
                        // Not a POSIX file system: the default permissions stay.
                    }
                }
                OutputStream out = Channels.newOutputStream(channel);
                out.write(bytes);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e instanceof RefusedException ? e : new RefusedException(describe(e, file));
        }
    }

    /** Opens a file to append to, creating it if asked; a symbolic link at the path is refused, never followed. */
    public static FileChannel openForAppend(Path file, boolean create) throws IOException {
        refuseSymlink(file);
        OpenOption[] options = create
                ? new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS}
                : new OpenOption[] {StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS};
        try {
            return FileChannel.open(file, options);
        } catch (FileSystemException e) {
            if (Files.isSymbolicLink(file)) {
                throw new RefusedException(file + ": is a symbolic link; refusing to write through it");
            }
            throw new RefusedException(describe(e, file));
        }
    }

    /** A private directory ({@code 0700}) for files only this user may read, created if missing. */
    public static Path privateDirectory(Path dir) throws IOException {
        if (Files.isSymbolicLink(dir)) {
            throw new RefusedException(dir + ": is a symbolic link; refusing to use it as a private directory");
        }
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException notPosix) {
            Files.createDirectories(dir);
        }
        return dir;
    }
}
