package dev.aigov.evidence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The secret scan of every commit of a range, fed line by line with {@code git log -p -U0} output whose commit
 * header is the byte {@code 0x01} followed by the commit id (newest commit first, as git writes it). Added lines
 * are scanned for secrets; removed lines too, only to recognise a secret that a later commit took out again. Each
 * finding names the commit that added it and, if a newer commit of the range removed it from the same path, that
 * commit. Secrets are compared by an in-memory fingerprint; no secret text is kept.
 */
final class CommitSecretScan implements Consumer<String> {
    static final char COMMIT_MARKER = '\u0001';

    /**
     * One secret added by one commit.
     *
     * @param removedIn the newer commit of the range that removed it from the path, or empty when it is still there
     */
    record Found(String commit, String path, int line, String kind, String masked, String removedIn) {
        String location() {
            return shortId(commit) + " " + path + ":" + line + " " + kind + " " + masked
                    + (removedIn.isEmpty() ? "" : " (removed in " + shortId(removedIn) + ")");
        }
    }

    private record Key(String path, long fingerprint) {
    }

    private record Added(SecretScanner.Finding finding, long fingerprint) {
    }

    private static final Pattern HUNK = Pattern.compile("^@@ -(\\d+)(?:,(\\d+))? \\+(\\d+)(?:,(\\d+))? @@");

    private final Map<Key, String> removedBy = new HashMap<>();
    private final List<Found> found = new ArrayList<>();
    private final List<Added> added = new ArrayList<>();
    private final List<Key> removed = new ArrayList<>();
    private String commit;
    private String oldPath;
    private String newPath;
    private int newLine;
    private int oldLeft;
    private int newLeft;
    private int commits;

    @Override
    public void accept(String raw) {
        String line = !raw.isEmpty() && raw.charAt(raw.length() - 1) == '\r' ? raw.substring(0, raw.length() - 1) : raw;
        if (oldLeft > 0 || newLeft > 0) {
            if (line.startsWith("+")) {
                if (newPath != null) {
                    SecretScanner.scanLine(newPath, newLine, line.substring(1),
                            (finding, fingerprint) -> added.add(new Added(finding, fingerprint)));
                }
                newLine++;
                newLeft--;
                return;
            }
            if (line.startsWith("-")) {
                if (oldPath != null) {
                    SecretScanner.scanLine(oldPath, 0, line.substring(1),
                            (finding, fingerprint) -> removed.add(new Key(oldPath, fingerprint)));
                }
                oldLeft--;
                return;
            }
            if (line.startsWith(" ")) {
                oldLeft--;
                newLeft--;
                newLine++;
                return;
            }
            if (line.startsWith("\\")) {
                return; // "\ No newline at end of file"
            }
            oldLeft = newLeft = 0; // anything else ends the hunk early (a truncated or unexpected patch)
        }
        if (!line.isEmpty() && line.charAt(0) == COMMIT_MARKER) {
            finishCommit();
            commit = line.substring(1).strip();
            commits++;
            oldPath = newPath = null;
        } else if (line.startsWith("diff --git ")) {
            oldPath = newPath = null;
        } else if (line.startsWith("--- ")) {
            oldPath = UnifiedDiff.headerPath(line.substring(4), "a/");
        } else if (line.startsWith("+++ ")) {
            newPath = UnifiedDiff.headerPath(line.substring(4), "b/");
        } else if (line.startsWith("@@ ")) {
            Matcher m = HUNK.matcher(line);
            if (m.find()) {
                oldLeft = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
                newLine = Integer.parseInt(m.group(3));
                newLeft = m.group(4) == null ? 1 : Integer.parseInt(m.group(4));
            }
        }
    }

    /** Every finding, newest commit first; call once the patches are read. */
    List<Found> findings() {
        finishCommit();
        return List.copyOf(found);
    }

    /** How many commits the patches held. */
    int commits() {
        return commits;
    }

    private void finishCommit() {
        if (commit != null) {
            for (Added each : added) {
                SecretScanner.Finding f = each.finding();
                String removal = removedBy.getOrDefault(new Key(f.path(), each.fingerprint()), "");
                found.add(new Found(commit, f.path(), f.line(), f.kind(), f.masked(), removal));
            }
            for (Key key : removed) {
                removedBy.put(key, commit); // older commits come later: keep the first removal after the addition
            }
        }
        added.clear();
        removed.clear();
    }

    static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
