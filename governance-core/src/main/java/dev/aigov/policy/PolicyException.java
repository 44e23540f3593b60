package dev.aigov.policy;

/**
 * A policy that cannot be used. The message reads {@code FILE:LINE:COL: field: what is wrong, what was expected}.
 */
public class PolicyException extends Exception {
    private final String file;
    private final int line;
    private final int column;
    private final String field;
    /** Every problem of the file in line order, this one first; null: this one alone. */
    private final java.util.List<PolicyException> problems;

    public PolicyException(String file, int line, int column, String field, String problem) {
        super(format(file, line, column, field, problem));
        this.file = file;
        this.line = line;
        this.column = column;
        this.field = field;
        this.problems = null;
    }

    private PolicyException(PolicyException first, java.util.List<PolicyException> all) {
        super(first.getMessage() + (all.size() > 1 ? " (and " + (all.size() - 1) + " more; 'aigov policy check "
                + first.file + "' lists them all)" : ""));
        this.file = first.file;
        this.line = first.line;
        this.column = first.column;
        this.field = first.field;
        this.problems = all;
    }

    /** All the problems found in one file, reported together in line order (then column). */
    public static PolicyException of(java.util.List<PolicyException> problems) {
        java.util.List<PolicyException> sorted = problems.stream()
                .flatMap(p -> p.problems().stream())
                .distinct()
                .sorted(java.util.Comparator.comparingInt(PolicyException::line).thenComparingInt(PolicyException::column))
                .toList();
        return sorted.size() == 1 ? sorted.getFirst() : new PolicyException(sorted.getFirst(), sorted);
    }

    /** Every problem this exception stands for, in line order: itself alone unless it gathers several. */
    public java.util.List<PolicyException> problems() {
        return problems == null ? java.util.List.of(this) : problems;
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
