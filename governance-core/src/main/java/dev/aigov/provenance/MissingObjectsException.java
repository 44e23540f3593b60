package dev.aigov.provenance;

/**
 * git could not read objects the clone does not have (a partial clone, a snapshot without large blobs) and, as
 * {@code aigov} never lets git fetch them, the content asked for is not available here. The history itself may
 * still be readable: only what needs file contents (diffs, the secret scan) is not.
 */
public final class MissingObjectsException extends ChangeSourceException {
    public MissingObjectsException(String message) {
        super(message);
    }
}
