package dev.aigov.policy;

/**
 * A policy that cannot be used. The message reads {@code FILE:LINE:COL: field: what is wrong, what was expected}.
 */
public class PolicyException extends Exception {
    private final String file;
    private final int line;
    private final int column;
    private final String field;

    public PolicyException(String file, int line, int column, String field, String problem) {
        super(format(file, line, column, field, problem));
        this.file = file;
        this.line = line;
        this.column = column;
        this.field = field;
    }

    private static String format(String file, int line, int column, String field, String problem) {
        String where = line > 0 ? file + ":" + line + ":" + column : file;
        return where + ": " + (field.isEmpty() ? "" : field + ": ") + problem;
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

    public String field() {
        return field;
    }
}
