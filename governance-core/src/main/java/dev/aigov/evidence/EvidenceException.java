package dev.aigov.evidence;

/**
 * A report that cannot be used: unreadable, malformed, of an unknown format, or over the size cap. The message
 * reads {@code FILE:LINE:COL: what is wrong} (line and column are omitted when the format gives none).
 */
public class EvidenceException extends Exception {
    private final String file;
    private final int line;
    private final int column;

    public EvidenceException(String file, int line, int column, String problem) {
        super((line > 0 ? file + ":" + line + ":" + Math.max(column, 1) : file) + ": " + problem);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    public EvidenceException(String file, String problem) {
        this(file, 0, 0, problem);
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
