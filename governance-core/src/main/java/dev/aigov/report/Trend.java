package dev.aigov.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The governance trend of a job over its recent builds, oldest first: per build, the AI-attributed commits among
 * those reviewed and the gate's decision, as each build's verified ledger records them.
 */
public record Trend(List<Point> points) {
    public Trend {
        points = List.copyOf(points);
    }

    /**
     * One build.
     *
     * @param build        the build's label ({@code #12})
     * @param link         where its record is (relative URL), or empty
     * @param aiCommits    AI-attributed commits the gate reviewed
     * @param commits      commits the gate reviewed
     * @param decision     {@code PASS}, {@code APPROVAL_REQUIRED}, {@code FAIL}, or empty when no gate ran
     * @param verification the ledger's verification state ({@code INTACT_SEALED}, ...)
     */
    public record Point(String build, String link, int aiCommits, int commits, String decision, String verification) {
    }

    /** A build's point from its audit record. */
    public static Point point(String build, String link, AuditRecord record) {
        int ai = 0;
        int all = 0;
        String decision = "";
        if (record.gate() != null) {
            decision = record.gate().decision();
            all = record.gate().commits().size();
            ai = (int) record.gate().commits().stream().filter(AuditRecord.CommitView::aiAttributed).count();
        }
        return new Point(build, link, ai, all, decision, record.verification().state());
    }

    /** The points in the order given, most recent {@code max} kept. */
    public static Trend of(List<Point> oldestFirst, int max) {
        List<Point> kept = new ArrayList<>(oldestFirst);
        while (kept.size() > max) {
            kept.remove(0);
        }
        return new Trend(kept);
    }
}
