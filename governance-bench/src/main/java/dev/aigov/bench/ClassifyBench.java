package dev.aigov.bench;

import dev.aigov.policy.PolicyLoader;
import dev.aigov.risk.RiskClassifier;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Classification of changed paths into risk categories: 10,000 paths against 200 globs (the built-in categories
 * plus synthetic ones of every shape, a fifth of them irregular globs that need a regex). Target: under 50 ms,
 * compile included. Usage: {@code ./bench ClassifyBench [paths] [globs] [rounds]}.
 */
public final class ClassifyBench {
    public static void main(String[] args) {
        int pathCount = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int globCount = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 30;

        Map<String, List<String>> categories = new LinkedHashMap<>(PolicyLoader.builtIn().categories());
        int builtIn = categories.values().stream().mapToInt(List::size).sum();
        Random random = new Random(42);
        int extra = Math.max(0, globCount - builtIn);
        for (int c = 0; c < 10; c++) {
            List<String> globs = new ArrayList<>();
            for (int g = c; g < extra; g += 10) {
                globs.add(switch (g % 5) {
                    case 0 -> "**/module" + g + "/**";
                    case 1 -> "**/*.gen" + g;
                    case 2 -> "services/svc" + g + "/**";
                    case 3 -> "**/Handler" + g + ".java";
                    default -> "src/**/*Client" + g + "*.{java,kt}";
                });
            }
            categories.put("synthetic-" + c, globs);
        }
        int totalGlobs = categories.values().stream().mapToInt(List::size).sum();

        String[] dirs = {"src/main/java/com/acme", "services/svc12/api", "web/app/components", "deploy/prod", "db/migrations",
                "src/auth/oauth", "lib/module40/core", "docs", ".github/workflows", "infra/terraform"};
        String[] files = {"Invoice.java", "Handler13.java", "index.ts", "values.yaml", "V12__init.sql", "main.tf", "README.md",
                "LoginForm.tsx", "pom.xml", "package.json", "StripeClient44Impl.java", "data.gen21", "build.yml"};
        List<String> paths = new ArrayList<>(pathCount);
        for (int i = 0; i < pathCount; i++) {
            paths.add(dirs[random.nextInt(dirs.length)] + "/d" + random.nextInt(500) + "/" + files[random.nextInt(files.length)]);
        }

        long best = Long.MAX_VALUE;
        long total = 0;
        int hits = 0;
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            RiskClassifier classifier = RiskClassifier.compile(categories);
            Map<String, List<String>> result = classifier.classifyAll(paths);
            long elapsed = System.nanoTime() - start;
            hits = result.values().stream().mapToInt(List::size).sum();
            if (r >= rounds / 3) { // the first third warms the JIT
                best = Math.min(best, elapsed);
                total += elapsed;
            }
        }
        int measured = rounds - rounds / 3;
        System.out.printf("classify: %d paths x %d globs in %d categories, %d category hits%n", pathCount, totalGlobs, categories.size(), hits);
        System.out.printf("  cold-start first round included in warm-up; warm: best %.2f ms, mean %.2f ms over %d rounds (target < 50 ms)%n",
                best / 1e6, total / 1e6 / measured, measured);
    }
}
