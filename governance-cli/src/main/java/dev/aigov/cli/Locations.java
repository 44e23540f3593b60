package dev.aigov.cli;

import dev.aigov.provenance.GitRevisions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Default places of the CLI's state: a per-user state directory, never the working tree (which a change, and
 * {@code git add -A}, can reach): {@code $AIGOV_HOME}, else {@code $XDG_STATE_HOME/aigov}, else
 * {@code ~/.local/state/aigov}, created {@code 0700}. Private keys are never created inside a git work tree unless
 * the caller says {@code --allow-key-in-worktree}.
 */
final class Locations {
    static final String ALLOW_OPTION = "--allow-key-in-worktree";

    private Locations() {
    }

    /** The state directory (not created). */
    static Path stateDir(Map<String, String> env) {
        String home = env.get("AIGOV_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home).toAbsolutePath();
        }
        String xdg = env.get("XDG_STATE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "aigov");
        }
        return Path.of(System.getProperty("user.home"), ".local", "state", "aigov");
    }

    static Path journal(Path option) {
        return journal(option, System.getenv());
    }

    static Path journal(Path option, Map<String, String> env) {
        return option != null ? option : ensureStateDir(env).resolve("leases.journal");
    }

    static Path keys(Path option, Map<String, String> env) {
        return keys(option, env, false);
    }

    /** The JWT key store: refused inside a git work tree when keys would be created there, unless allowed. */
    static Path keys(Path option, Map<String, String> env, boolean allowInWorkTree) {
        Path dir = option != null ? option : ensureStateDir(env).resolve("jwt-keys");
        refuseInWorkTree(dir, allowInWorkTree, "JWT signing keys");
        return dir;
    }

    /** The ledger sealing key file: refused inside a git work tree when it would be created there, unless allowed. */
    static Path ledgerKey(Path option, Map<String, String> env, boolean allowInWorkTree) {
        Path file = option != null ? option : ensureStateDir(env).resolve("ledger-key");
        refuseInWorkTree(file, allowInWorkTree, "the ledger sealing key");
        return file;
    }

    private static void refuseInWorkTree(Path path, boolean allow, String what) {
        if (allow || !wouldCreate(path)) {
            return;
        }
        Optional<Path> workTree = GitRevisions.workTreeOf(path);
        if (workTree.isPresent()) {
            throw new UsageException("refusing to create " + what + " at " + path.toAbsolutePath().normalize()
                    + ": it is inside the git work tree " + workTree.get() + ", where a commit (git add -A) would publish "
                    + "it; use a path outside it or the default ($AIGOV_HOME, else $XDG_STATE_HOME/aigov, else "
                    + "~/.local/state/aigov), or pass " + ALLOW_OPTION);
        }
    }

    /** True when no key exists there yet: a missing file, or a directory without files. */
    private static boolean wouldCreate(Path path) {
        if (Files.isRegularFile(path)) {
            return false;
        }
        if (Files.isDirectory(path)) {
            try (Stream<Path> files = Files.list(path)) {
                return files.noneMatch(Files::isRegularFile);
            } catch (IOException e) {
                return true;
            }
        }
        return true;
    }

    private static Path ensureStateDir(Map<String, String> env) {
        Path dir = stateDir(env);
        if (Files.isDirectory(dir)) {
            return dir;
        }
        try {
            if (dir.getParent() != null) {
                Files.createDirectories(dir.getParent());
            }
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            return dir;
        } catch (UnsupportedOperationException e) {
            try {
                Files.createDirectories(dir);
            } catch (IOException io) {
                throw new UncheckedIOException("cannot create the state directory " + dir + ": " + io.getMessage(), io);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the state directory " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }
}
