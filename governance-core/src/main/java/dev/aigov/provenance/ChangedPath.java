package dev.aigov.provenance;

/**
 * One path a commit changed.
 *
 * @param path         the path after the change (for a deletion, the deleted path)
 * @param previousPath the path before a rename or copy, else empty
 * @param type         what happened to it
 */
public record ChangedPath(String path, String previousPath, ChangeType type) {
    public ChangedPath {
        previousPath = previousPath == null ? "" : previousPath;
    }

    public static ChangedPath of(String path, ChangeType type) {
        return new ChangedPath(path, "", type);
    }

    public enum ChangeType { ADDED, MODIFIED, DELETED, RENAMED, COPIED, TYPE_CHANGED }
}
