package dev.aigov.evidence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Matches the paths that reports record (JaCoCo package-relative, Cobertura source-root-relative, LCOV and SARIF
 * absolute or {@code file:} URIs) to the repository paths of the change. Two paths match when one is a whole-segment
 * suffix of the other ({@code dev/x/A.java} and {@code core/src/main/java/dev/x/A.java}); when several changed paths
 * match, the one sharing the most trailing segments wins, and a tie matches none (ambiguous, so it stays uncovered).
 */
final class RepoPaths {
    /** Extensions of source code that a coverage report is expected to cover. */
    static final Set<String> CODE_EXTENSIONS = Set.of("java", "kt", "kts", "scala", "groovy", "py", "js", "jsx", "mjs",
            "cjs", "ts", "tsx", "go", "rb", "php", "cs", "c", "cc", "cpp", "cxx", "h", "hpp", "rs", "swift", "m", "mm");

    private final Map<String, List<String>> byFileName = new HashMap<>();

    RepoPaths(List<String> repoPaths) {
        for (String path : repoPaths) {
            String normalized = normalize(path);
            byFileName.computeIfAbsent(fileName(normalized), k -> new ArrayList<>()).add(normalized);
        }
    }

    /** The changed repository path that {@code reportPath} denotes, or null. */
    String match(String reportPath) {
        String normalized = normalize(reportPath);
        List<String> candidates = byFileName.get(fileName(normalized));
        if (candidates == null) {
            return null;
        }
        String best = null;
        int bestSegments = 0;
        boolean tie = false;
        for (String candidate : candidates) {
            int shared = sharedTrailingSegments(candidate, normalized);
            if (shared == 0) {
                continue;
            }
            if (shared > bestSegments) {
                best = candidate;
                bestSegments = shared;
                tie = false;
            } else if (shared == bestSegments) {
                tie = true;
            }
        }
        return tie ? null : best;
    }

    /** Segments shared at the end, or 0 unless one path is a whole-segment suffix of the other. */
    private static int sharedTrailingSegments(String a, String b) {
        String[] x = a.split("/");
        String[] y = b.split("/");
        int shared = 0;
        while (shared < x.length && shared < y.length && x[x.length - 1 - shared].equals(y[y.length - 1 - shared])) {
            shared++;
        }
        return shared == Math.min(x.length, y.length) ? shared : 0;
    }

    static String normalize(String path) {
        String p = path.trim().replace('\\', '/');
        if (p.regionMatches(true, 0, "file:", 0, 5)) {
            p = p.substring(p.regionMatches(true, 0, "file://", 0, 7) ? 7 : 5);
            p = java.net.URLDecoder.decode(p.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        }
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        p = p.replace("/./", "/");
        while (p.contains("//")) {
            p = p.replace("//", "/");
        }
        return p;
    }

    static String fileName(String normalized) {
        return normalized.substring(normalized.lastIndexOf('/') + 1);
    }

    /** Code by extension, and not a test source by the usual conventions (tests are not in coverage reports). */
    static boolean isCoverableCode(String path) {
        String p = normalize(path);
        String name = fileName(p);
        int dot = name.lastIndexOf('.');
        if (dot < 0 || !CODE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT))) {
            return false;
        }
        String lower = "/" + p.toLowerCase(Locale.ROOT);
        boolean testDir = lower.contains("/test/") || lower.contains("/tests/") || lower.contains("/__tests__/")
                || lower.contains("/testdata/") || lower.contains("/src/it/");
        String base = name.substring(0, dot);
        boolean testName = base.endsWith("Test") || base.endsWith("Tests") || base.endsWith("IT")
                || base.endsWith("_test") || base.startsWith("test_") || base.endsWith(".test") || base.endsWith(".spec");
        return !testDir && !testName;
    }
}
