package dev.aigov.evidence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Finds evidence reports where build tools leave them, for a gate run that names none: JaCoCo XML under
 * {@code target/site/jacoco*}/ and {@code build/reports/jacoco/}, Cobertura {@code coverage.xml}, {@code lcov.info},
 * SARIF {@code *.sarif}, CycloneDX {@code bom.json} and {@code *.cdx.json}. It walks the repository to
 * {@link #MAX_DEPTH} levels and never enters {@code .git}, vendored or dependency trees ({@code node_modules},
 * {@code vendor}, ...) or test fixtures ({@code src/test}, {@code testdata}, {@code fixtures}): a report found there
 * describes someone else's code. Symbolic links are not followed. Used by the CLI's gate and the Jenkins gate step.
 */
public final class EvidenceDiscovery {
    /** How deep below the root reports are looked for. */
    public static final int MAX_DEPTH = 8;
    /** Directory names never entered. */
    public static final Set<String> SKIPPED_DIRECTORIES = Set.of(".git", ".hg", ".svn", ".aigov", "node_modules",
            "bower_components", "jspm_packages", "vendor", "third_party", "third-party", "external", ".venv", "venv",
            ".tox", ".gradle", ".m2", ".cache", "testdata", "fixtures", "__fixtures__");

    /** Evidence kind (as the CLI options and step parameters name them) to what a report of that kind looks like. */
    public static final Map<String, String> LOOKS_FOR = Map.of(
            "coverage", "target/site/jacoco*/*.xml, build/reports/jacoco/**/*.xml, coverage.xml, cobertura-coverage.xml, lcov.info",
            "sarif", "*.sarif, *.sarif.json",
            "sbom", "bom.json, *.cdx.json");

    private static final Map<String, Predicate<String>> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("coverage", EvidenceDiscovery::isCoverage);
        KINDS.put("sarif", p -> name(p).endsWith(".sarif") || name(p).endsWith(".sarif.json"));
        KINDS.put("sbom", p -> name(p).equals("bom.json") || name(p).endsWith(".cdx.json"));
    }

    private EvidenceDiscovery() {
    }

    /** The kind a repository-relative path ({@code /}-separated) is a report of, or null. */
    public static String kindOf(String relativePath) {
        String path = relativePath.replace('\\', '/');
        for (Map.Entry<String, Predicate<String>> kind : KINDS.entrySet()) {
            if (kind.getValue().test(path)) {
                return kind.getKey();
            }
        }
        return null;
    }

    /** Whether a repository-relative path lies in a tree discovery never enters. */
    public static boolean skipped(String relativePath) {
        String path = relativePath.replace('\\', '/');
        if (path.startsWith("src/test/") || path.contains("/src/test/")) {
            return true;
        }
        for (String segment : path.split("/")) {
            if (SKIPPED_DIRECTORIES.contains(segment)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The reports under {@code root}, by kind ({@code coverage}, {@code sarif}, {@code sbom}; every kind present,
     * possibly with no file), each list sorted by path.
     */
    public static Map<String, List<Path>> discover(Path root) {
        Map<String, List<Path>> found = new LinkedHashMap<>();
        KINDS.keySet().forEach(kind -> found.put(kind, new ArrayList<>()));
        Path start = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(start)) {
            return found;
        }
        try {
            Files.walkFileTree(start, Set.of(), MAX_DEPTH + 1, new FileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!dir.equals(start) && skipped(relative(start, dir) + "/")) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        String kind = kindOf(relative(start, file));
                        if (kind != null) {
                            found.get(kind).add(file);
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // unreadable corners of a work tree are not evidence
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot search " + start + " for evidence reports: " + e.getMessage(), e);
        }
        found.values().forEach(files -> files.sort(null));
        return found;
    }

    private static String relative(Path root, Path path) {
        return root.relativize(path).toString().replace('\\', '/');
    }

    private static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    }

    private static boolean isCoverage(String path) {
        String name = name(path);
        if (name.equals("coverage.xml") || name.equals("cobertura-coverage.xml") || name.equals("cobertura.xml")
                || name.equals("lcov.info")) {
            return true;
        }
        if (!name.endsWith(".xml")) {
            return false;
        }
        String dir = path.contains("/") ? "/" + path.substring(0, path.lastIndexOf('/')) + "/" : "/";
        return dir.matches(".*/target/site/jacoco[^/]*/") || dir.matches(".*/build/reports/jacoco/.*");
    }
}
