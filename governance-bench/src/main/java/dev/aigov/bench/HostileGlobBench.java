package dev.aigov.bench;

import dev.aigov.risk.Glob;

import java.util.List;

/**
 * Hostile globs, the worst the policy limits let through ({@link Glob#MAX_GLOBSTARS} {@code **} segments, many
 * {@code *}), matched against ever deeper paths that almost match: the time per match must grow linearly with the
 * path length (about 10x per 10x), never exponentially. Also prints what {@code policy check} says of the glob from
 * the attack (24 {@code **}). Usage: {@code ./bench HostileGlobBench [rounds]}.
 */
public final class HostileGlobBench {
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        List<String> globs = List.of(
                "**/*a*/**/*a*/**/*a*/**/x",
                "**/**/**/**/x",
                "**/" + "*a".repeat(15) + "*/**/x",
                "**/{a,b,c,d,e}*{f,g}?/**/[a-z]*/**/*.{java,kt}");
        for (String text : globs) {
            Glob glob = Glob.compile(text);
            System.out.printf("glob %s%n", text);
            double previous = 0;
            for (int depth : new int[] {60, 600, 6_000}) {
                String path = "aaaa/".repeat(depth) + "y";
                boolean matched = false;
                long best = Long.MAX_VALUE;
                for (int r = 0; r < rounds; r++) {
                    long start = System.nanoTime();
                    matched |= glob.matches(path);
                    best = Math.min(best, System.nanoTime() - start);
                }
                double ms = best / 1e6;
                System.out.printf("  %,6d directories (%,7d chars): best %9.3f ms, matched %s%s%n", depth, path.length(), ms, matched,
                        previous > 0 ? String.format(", %.1fx the previous (10x longer)", ms / previous) : "");
                previous = ms;
            }
        }
        String attack = "**/".repeat(24) + "x";
        System.out.printf("the attack's glob (24 '**'): %s%n", Glob.problem(attack));
    }
}
