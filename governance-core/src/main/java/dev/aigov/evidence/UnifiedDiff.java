package dev.aigov.evidence;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Walks the added lines of a unified diff ({@code git diff -U0} or with context). Inside a hunk the header's line
 * counts decide what a line is, so an added line whose text starts with {@code ++} is not mistaken for a file header.
 */
final class UnifiedDiff {
    interface AddedLine {
        void accept(String path, int line, String text);
    }

    private static final Pattern HUNK = Pattern.compile("^@@ -\\d+(?:,(\\d+))? \\+(\\d+)(?:,(\\d+))? @@");

    private UnifiedDiff() {
    }

    static void forEachAddedLine(String diff, AddedLine visitor) {
        String path = null;
        int newLine = 0;
        int oldLeft = 0;
        int newLeft = 0;
        int start = 0;
        int length = diff.length();
        while (start < length) {
            int end = diff.indexOf('\n', start);
            if (end < 0) {
                end = length;
            }
            String line = diff.substring(start, end > start && diff.charAt(end - 1) == '\r' ? end - 1 : end);
            start = end + 1;
            if (oldLeft > 0 || newLeft > 0) {
                if (line.startsWith("+")) {
                    if (path != null) {
                        visitor.accept(path, newLine, line.substring(1));
                    }
                    newLine++;
                    newLeft--;
                } else if (line.startsWith("-")) {
                    oldLeft--;
                } else if (line.startsWith(" ") || line.isEmpty()) {
                    oldLeft--;
                    newLeft--;
                    newLine++;
                }
                continue; // "\ No newline at end of file" changes nothing
            }
            if (line.startsWith("+++ ")) {
                path = newPath(line.substring(4));
            } else if (line.startsWith("diff --git ")) {
                path = null;
            } else if (line.startsWith("@@ ")) {
                Matcher m = HUNK.matcher(line);
                if (m.find()) {
                    oldLeft = m.group(1) == null ? 1 : Integer.parseInt(m.group(1));
                    newLine = Integer.parseInt(m.group(2));
                    newLeft = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
                }
            }
        }
    }

    /** Added lines per path. */
    static Map<String, Integer> addedLineCounts(String diff) {
        Map<String, Integer> counts = new HashMap<>();
        forEachAddedLine(diff, (path, line, text) -> counts.merge(path, 1, Integer::sum));
        return counts;
    }

    private static String newPath(String raw) {
        return headerPath(raw, "b/");
    }

    /** The path a {@code ---}/{@code +++} header names without its {@code a/} or {@code b/} prefix; null for /dev/null. */
    static String headerPath(String raw, String prefix) {
        String p = raw.strip();
        int tab = p.indexOf('\t'); // GNU diff appends a timestamp after a tab
        if (tab >= 0) {
            p = p.substring(0, tab);
        }
        if (p.startsWith("\"") && p.endsWith("\"") && p.length() > 1) {
            p = p.substring(1, p.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        if (p.equals("/dev/null")) {
            return null;
        }
        return p.startsWith(prefix) ? p.substring(prefix.length()) : p;
    }
}
