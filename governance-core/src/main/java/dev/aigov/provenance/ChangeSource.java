package dev.aigov.provenance;

import java.util.List;

/**
 * Where the commits under review come from: a git range in a workspace, or the change sets a CI system
 * recorded. Implementations return commits newest first.
 */
public interface ChangeSource {

    /** The commits under review, newest first. */
    List<Commit> commits() throws ChangeSourceException;

    /** A short human description of the range, e.g. {@code origin/main..HEAD}. */
    String describe();
}
