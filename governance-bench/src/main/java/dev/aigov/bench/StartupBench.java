package dev.aigov.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Start-up of the CLI against a bare {@code java -version} of the same JVM, side by side in one run: each command is
 * started as users start it (the distribution's launcher {@code bin/aigov}, with the start-up cache where it applies),
 * in turn, several rounds; prints the median wall time, the median CPU time (user + system, from the children's
 * accounting in {@code /proc/self/stat}) and the ratio to {@code java -version}. Targets: {@code --version} and
 * {@code --help} ≤ 3x, {@code gate} over a one-commit range ≤ 8x (also shown with {@code --ledger}, as a pipeline
 * runs it: the ledger's JSON code then loads too). Also shown: the same jar without the cache
 * ({@code java -jar}) and through the full picocli tree ({@code dev.aigov.cli.Main}) for comparison.
 *
 * <pre>./bench StartupBench [--rounds N] [--dist DIR]</pre>
 * DIR defaults to governance-cli/target/aigov of this checkout (built by ./bench, as by ./mvnw package).
 */
public final class StartupBench {
    private StartupBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = 15;
        Path dist = Path.of(StartupBench.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .getParent().getParent().getParent().resolve("governance-cli/target/aigov");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--dist" -> dist = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: StartupBench [--rounds N] [--dist DIR]");
                    System.exit(2);
                }
            }
        }
        String java = ProcessHandle.current().info().command().orElseThrow();
        String launcher = dist.resolve("bin/aigov").toString();
        String jar = dist.resolve("lib/aigov.jar").toString();
        boolean cache = Files.exists(dist.resolve("lib/aigov.aot"));
        Path temp = Files.createTempDirectory("aigov-startupbench");
        try {
            Path repo = oneCommitRepository(temp.resolve("repo"));
            String r = repo.toString();
            Map<String, List<String>> commands = new LinkedHashMap<>();
            commands.put("java -version", List.of(java, "-version"));
            commands.put("aigov --version", List.of(launcher, "--version"));
            commands.put("aigov --help", List.of(launcher, "--help"));
            commands.put("aigov gate (1 commit)", List.of(launcher, "gate", "--repo", r, "--range", "HEAD~1..HEAD"));
            String ledger = temp.resolve("bench.ledger").toString();
            commands.put("aigov gate --ledger (1 commit)", List.of(launcher, "gate", "--repo", r, "--range", "HEAD~1..HEAD",
                    "--ledger", ledger));
            commands.put("java -jar --version (no cache)", List.of(java, "-jar", jar, "--version"));
            commands.put("java -jar --help (no cache)", List.of(java, "-jar", jar, "--help"));
            commands.put("java -jar gate (no cache)", List.of(java, "-jar", jar, "gate", "--repo", r, "--range", "HEAD~1..HEAD"));
            commands.put("java -cp Main --version (all commands)", List.of(java, "-cp", jar, "dev.aigov.cli.Main", "--version"));
            Map<String, long[]> wall = new LinkedHashMap<>();
            Map<String, long[]> cpu = new LinkedHashMap<>();
            for (String name : commands.keySet()) {
                wall.put(name, new long[rounds]);
                cpu.put(name, new long[rounds]);
            }
            for (List<String> command : commands.values()) {
                run(command, temp); // warm the page cache once
            }
            for (int round = 0; round < rounds; round++) {
                for (Map.Entry<String, List<String>> command : commands.entrySet()) {
                    long cpuBefore = childCpuMillis();
                    long start = System.nanoTime();
                    run(command.getValue(), temp);
                    wall.get(command.getKey())[round] = (System.nanoTime() - start) / 1_000_000;
                    cpu.get(command.getKey())[round] = childCpuMillis() - cpuBefore;
                }
            }
            System.out.printf("%s, %d rounds, JVM %s, start-up cache %s, %d CPUs, load average %s%n", dist, rounds,
                    Runtime.version(), cache ? "lib/aigov.aot" : "none", Runtime.getRuntime().availableProcessors(),
                    loadAverage());
            long baseWall = median(wall.get("java -version"));
            long baseCpu = Math.max(1, median(cpu.get("java -version")));
            System.out.printf("%-40s %10s %8s %10s %8s%n", "command", "wall ms", "x java", "cpu ms", "x java");
            for (String name : commands.keySet()) {
                long w = median(wall.get(name));
                long c = median(cpu.get(name));
                System.out.printf("%-40s %10d %8.1f %10d %8.1f%n", name, w, (double) w / baseWall, c, (double) c / baseCpu);
            }
        } finally {
            try (Stream<Path> files = Files.walk(temp)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(List<String> command, Path dir) throws IOException, InterruptedException {
        Files.deleteIfExists(dir.resolve("bench.ledger")); // each gate --ledger run starts a build's ledger afresh
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().put("AIGOV_JAVA", ProcessHandle.current().info().command().orElseThrow());
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("did not end: " + command);
        }
        int exit = process.exitValue();
        if (exit != 0 && exit != 10 && exit != 20) {
            throw new IllegalStateException("exit " + exit + ": " + command);
        }
    }

    /** CPU time (user + system) of the children this JVM has waited for, from /proc/self/stat (clock ticks of 10 ms). */
    private static long childCpuMillis() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after "pid (comm) ": state is field 3, so cutime (16) and cstime (17) are at 13 and 14
        return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) * 10;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static Path oneCommitRepository(Path repo) throws IOException, InterruptedException {
        Files.createDirectories(repo.resolve("src/auth"));
        git(repo, "init", "-q");
        Files.writeString(repo.resolve("README.md"), "service\n");
        git(repo, "add", "-A");
        git(repo, "commit", "-q", "-m", "Initial import");
        Files.writeString(repo.resolve("src/auth/Login.java"), "class Login {}\n");
        git(repo, "add", "-A");
        git(repo, "commit", "-q", "-m", "Add login\n\nCo-authored-by: Claude <noreply@anthropic.com>");
        return repo;
    }

    private static void git(Path repo, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString(), "-c", "user.name=Ada",
                "-c", "user.email=ada@example.com"));
        command.addAll(List.of(args));
        Process git = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!git.waitFor(60, TimeUnit.SECONDS) || git.exitValue() != 0) {
            throw new IOException("git " + String.join(" ", args) + " failed");
        }
    }
}
