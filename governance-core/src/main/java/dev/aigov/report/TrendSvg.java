package dev.aigov.report;

import java.util.Locale;

/**
 * The trend as an inline SVG chart drawn on the server (no JavaScript, no library): one bar per build, its height
 * the AI-attributed commits, its colour the gate's decision, its label the build, each with a {@code <title>} for
 * the details and a link to the build's record. Every value goes through {@link HtmlReport#escape}.
 */
public final class TrendSvg {
    static final int WIDTH = 640;
    static final int HEIGHT = 220;
    private static final int TOP = 20;
    private static final int BOTTOM = 40;
    private static final int LEFT = 40;

    private TrendSvg() {
    }

    public static String render(Trend trend) {
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"aigov-trend\" role=\"img\" width=\"")
                .append(WIDTH).append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH)
                .append(' ').append(HEIGHT).append("\">");
        svg.append("<title>AI-attributed commits and gate decision per build</title>");
        int plot = HEIGHT - TOP - BOTTOM;
        svg.append(line(LEFT, TOP + plot, WIDTH - 10, TOP + plot));
        svg.append(line(LEFT, TOP, LEFT, TOP + plot));
        if (trend.points().isEmpty()) {
            svg.append(text(WIDTH / 2, TOP + plot / 2, "middle", "No governed builds yet"));
            return svg.append("</svg>").toString();
        }
        int max = Math.max(1, trend.points().stream().mapToInt(Trend.Point::aiCommits).max().orElse(1));
        svg.append(text(LEFT - 6, TOP + 4, "end", Integer.toString(max)));
        svg.append(text(LEFT - 6, TOP + plot + 4, "end", "0"));
        int n = trend.points().size();
        double slot = (WIDTH - 10 - LEFT) / (double) n;
        double bar = Math.max(2, slot * 0.6);
        for (int i = 0; i < n; i++) {
            Trend.Point p = trend.points().get(i);
            double x = LEFT + i * slot + (slot - bar) / 2;
            double h = p.aiCommits() == 0 ? 2 : plot * (p.aiCommits() / (double) max);
            double y = TOP + plot - h;
            String title = p.build() + ": " + (p.decision().isEmpty() ? "no gate" : p.decision()) + ", "
                    + p.aiCommits() + " AI-attributed of " + p.commits() + " commits, ledger " + p.verification();
            boolean linked = !p.link().isEmpty();
            if (linked) {
                svg.append("<a href=\"").append(HtmlReport.escape(p.link())).append("\">");
            }
            svg.append("<g class=\"aigov-trend-build\" data-decision=\"").append(HtmlReport.escape(p.decision()))
                    .append("\"><title>").append(HtmlReport.escape(title)).append("</title>");
            svg.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"")
                    .append(num(bar)).append("\" height=\"").append(num(h)).append("\" fill=\"")
                    .append(colour(p.decision())).append("\"/>");
            svg.append(text(x + bar / 2, TOP + plot + 16, "middle", p.build()));
            svg.append("</g>");
            if (linked) {
                svg.append("</a>");
            }
        }
        return svg.append("</svg>").toString();
    }

    /** The fill for a decision: green, amber, red; grey when no gate ran. */
    static String colour(String decision) {
        return switch (decision) {
            case "PASS" -> "#2e7d32";
            case "APPROVAL_REQUIRED" -> "#f9a825";
            case "FAIL" -> "#c62828";
            default -> "#9e9e9e";
        };
    }

    private static String line(int x1, int y1, int x2, int y2) {
        return "<line x1=\"" + x1 + "\" y1=\"" + y1 + "\" x2=\"" + x2 + "\" y2=\"" + y2 + "\" stroke=\"#777\"/>";
    }

    private static String text(double x, double y, String anchor, String value) {
        return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" + anchor
                + "\" font-size=\"11\" fill=\"#333\">" + HtmlReport.escape(value) + "</text>";
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
