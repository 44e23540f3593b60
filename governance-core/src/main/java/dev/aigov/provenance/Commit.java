package dev.aigov.provenance;

import java.util.List;
import java.util.Objects;

/**
 * A commit as the engine sees it, whatever the {@link ChangeSource} (git in a workspace, Jenkins change sets).
 *
 * @param id        full 40-hex object id
 * @param author    author identity
 * @param committer committer identity
 * @param message   the full message, decoded leniently (invalid UTF-8 replaced, never an error)
 * @param paths     the changed paths, renames resolved
 * @param parents   parent ids, empty for a root commit (or a shallow-clone boundary)
 * @param signature signature status when cheaply known
 * @param aiNote    the {@code refs/notes/ai} note attached to this commit, or empty
 */
public record Commit(String id, Person author, Person committer, String message, List<ChangedPath> paths,
                     List<String> parents, SignatureStatus signature, String aiNote) {
    public Commit {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(committer, "committer");
        message = message == null ? "" : message;
        paths = List.copyOf(paths);
        parents = List.copyOf(parents);
        signature = signature == null ? SignatureStatus.UNKNOWN : signature;
        aiNote = aiNote == null ? "" : aiNote;
    }

    /** The first line of the message. */
    public String subject() {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    public enum SignatureStatus { GOOD, BAD, UNSIGNED, UNKNOWN }
}
