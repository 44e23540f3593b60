package dev.aigov.risk;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Sorts changed paths into risk categories (governance, authentication, secrets, data-access, deployment, ci-config,
 * dependencies, or an admin's own). Matching ignores case, as the file systems of macOS and Windows do: a
 * {@code Dockerfile} glob covers {@code dockerfile.prod}, {@code **}{@code /*login*} covers {@code LoginController.ts}. Globs are compiled once; the common shapes are answered by hash look-ups
 * on the path's name, directories and prefixes, so classifying 10,000 paths against hundreds of globs stays
 * in milliseconds. Only irregular globs fall back to a regex.
 */
public final class RiskClassifier {
    private final List<String> categories;
    private final Map<String, Long> exact = new HashMap<>();
    private final Map<String, Long> names = new HashMap<>();
    private final Map<String, Long> directoryNames = new HashMap<>();
    private final Map<String, Long> directoryPrefixes = new HashMap<>();
    private final List<Map.Entry<String, Long>> suffixes = new ArrayList<>();
    private final List<Map.Entry<Glob, Long>> nameWildcards = new ArrayList<>();
    private final List<Map.Entry<Glob, Long>> others = new ArrayList<>();

    private RiskClassifier(Map<String, List<String>> globsByCategory) {
        if (globsByCategory.size() > 64) {
            throw new IllegalArgumentException("at most 64 categories are supported, got " + globsByCategory.size());
        }
        this.categories = List.copyOf(globsByCategory.keySet());
        Map<String, Long> suffixMasks = new LinkedHashMap<>();
        int index = 0;
        for (List<String> globs : globsByCategory.values()) {
            long bit = 1L << index++;
            for (String text : globs) {
                Glob glob = Glob.compile(text.toLowerCase(Locale.ROOT));
                switch (glob.shape()) {
                    case EXACT -> exact.merge(glob.literal(), bit, (a, b) -> a | b);
                    case NAME_ANYWHERE -> names.merge(glob.literal(), bit, (a, b) -> a | b);
                    case SUFFIX_ANYWHERE -> suffixMasks.merge(glob.literal(), bit, (a, b) -> a | b);
                    case UNDER_DIRECTORY_ANYWHERE -> directoryNames.merge(glob.literal(), bit, (a, b) -> a | b);
                    case UNDER_DIRECTORY -> directoryPrefixes.merge(glob.literal(), bit, (a, b) -> a | b);
                    case NAME_WILDCARD_ANYWHERE -> nameWildcards.add(Map.entry(glob, bit));
                    case UNDER_DIRECTORY_WILDCARD_ANYWHERE, REGEX -> others.add(Map.entry(glob, bit));
                }
            }
        }
        suffixes.addAll(suffixMasks.entrySet());
    }

    /** Compiles category id to globs, in the order the categories should be reported. */
    public static RiskClassifier compile(Map<String, List<String>> globsByCategory) {
        return new RiskClassifier(globsByCategory);
    }

    /** The categories one path falls into, in declaration order. */
    public List<String> classify(String path) {
        return names(mask(path));
    }

    /** Category id to the paths in it (declaration order; only categories with at least one path). */
    public Map<String, List<String>> classifyAll(Collection<String> paths) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        List<List<String>> buckets = new ArrayList<>();
        for (int i = 0; i < categories.size(); i++) {
            buckets.add(new ArrayList<>());
        }
        for (String path : new TreeSet<>(paths)) {
            long mask = mask(path);
            while (mask != 0) {
                int bit = Long.numberOfTrailingZeros(mask);
                buckets.get(bit).add(path);
                mask &= mask - 1;
            }
        }
        for (int i = 0; i < categories.size(); i++) {
            if (!buckets.get(i).isEmpty()) {
                out.put(categories.get(i), List.copyOf(buckets.get(i)));
            }
        }
        return out;
    }

    long mask(String originalPath) {
        String path = originalPath.toLowerCase(Locale.ROOT);
        long mask = exact.getOrDefault(path, 0L);
        String name = Glob.fileName(path);
        mask |= names.getOrDefault(name, 0L);
        for (Map.Entry<String, Long> suffix : suffixes) {
            if (name.endsWith(suffix.getKey())) {
                mask |= suffix.getValue();
            }
        }
        if (!directoryNames.isEmpty() || !directoryPrefixes.isEmpty()) {
            int start = 0;
            for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
                mask |= directoryNames.getOrDefault(path.substring(start, slash), 0L);
                mask |= directoryPrefixes.getOrDefault(path.substring(0, slash), 0L);
                start = slash + 1;
            }
        }
        for (Map.Entry<Glob, Long> wildcard : nameWildcards) {
            if ((mask & wildcard.getValue()) != wildcard.getValue() && wildcard.getKey().wildcardMatches(name)) {
                mask |= wildcard.getValue();
            }
        }
        for (Map.Entry<Glob, Long> other : others) {
            if ((mask & other.getValue()) != other.getValue() && other.getKey().matches(path)) {
                mask |= other.getValue();
            }
        }
        return mask;
    }

    private List<String> names(long mask) {
        List<String> out = new ArrayList<>();
        while (mask != 0) {
            int bit = Long.numberOfTrailingZeros(mask);
            out.add(categories.get(bit));
            mask &= mask - 1;
        }
        return out;
    }
}
