package dev.aigov.bench;

import dev.aigov.evidence.EvidenceEvaluator;
import dev.aigov.evidence.EvidenceInputs;
import dev.aigov.evidence.EvidenceResult;
import dev.aigov.policy.EvidencePolicy;
import dev.aigov.provenance.GitChangeSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * End to end, as a user runs them: the whole {@code aigov scan --format json > out} process (a fresh JVM: start-up,
 * cold JIT, git, parsing, detection, printing) against the whole {@code git log -z --name-status --format=…}
 * process reading the same fields into a file; and the per-commit secret scan (the gate's {@code git log -p -U0}
 * of the range, every added line scanned) against that {@code git log -p} alone. Alternating rounds over one
 * generated repository (the same one {@link ScanBench} builds); prints the medians and their ratios (targets:
 * scan at most 1.2x, the secret scan at most +0.5x).
 *
 * <pre>./bench EndToEndBench [--commits N] [--repetitions R] [--repo DIR] [--dist DIR | --cli JAR [--jvm-opts "OPTS"]] [--only scan|secrets]</pre>
 * By default {@code aigov} is started as users start it: the distribution's launcher ({@code
 * governance-cli/target/aigov/bin/aigov}, with its JVM options and start-up cache; {@code --dist DIR} for another
 * distribution). {@code --cli JAR} instead runs {@code java OPTS -cp JAR dev.aigov.cli.Main} (e.g. an older build,
 * to compare); {@code --jvm-opts} sets OPTS (default: the launcher's, C1 only and the serial GC; {@code ""} for none),
 * and also applies to this benchmark's own jar when given without {@code --cli}. {@code --only} times one of the two
 * comparisons. Wall time and CPU time (this JVM plus every finished child process, from
 * {@code /proc/self/stat}) are both printed: on a loaded machine CPU time is the steadier comparison, wall time is
 * what overlap wins.
 */
public final class EndToEndBench {

    public static void main(String[] args) throws Exception {
        int commits = 100_000;
        int repetitions = 5;
        Path repo = null;
        String cli = null;
        String jvmOpts = null; // null: the launcher's own (-XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=4 -XX:+UseSerialGC)
        Path dist = Path.of(EndToEndBench.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .getParent().getParent().getParent().resolve("governance-cli/target/aigov");
        String only = "";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--commits" -> commits = Integer.parseInt(args[++i]);
                case "--repetitions" -> repetitions = Integer.parseInt(args[++i]);
                case "--repo" -> repo = Path.of(args[++i]);
                case "--cli" -> cli = Path.of(args[++i]).toAbsolutePath().toString();
                case "--jvm-opts" -> jvmOpts = args[++i];
                case "--dist" -> dist = Path.of(args[++i]);
                case "--only" -> only = args[++i];
                default -> {
                    System.err.println("usage: EndToEndBench [--commits N] [--repetitions R] [--repo DIR] [--dist DIR | --cli JAR [--jvm-opts OPTS]] [--only scan|secrets]");
                    System.exit(2);
                }
            }
        }
        Path temp = Files.createTempDirectory("aigov-e2e");
        if (repo == null) {
            repo = temp.resolve("repo");
        }
        try {
            if (!Files.exists(repo)) {
                long start = System.nanoTime();
                ScanBench.buildRepository(repo, commits);
                System.out.printf("built %,d commits with fast-import in %.1f s%n", commits, (System.nanoTime() - start) / 1e9);
            }
            Path launcher = dist.resolve("bin/aigov");
            List<String> aigov = cli == null && jvmOpts == null && Files.isExecutable(launcher)
                    ? new java.util.ArrayList<>(List.of(launcher.toString()))
                    : javaCommand(cli, jvmOpts == null ? "-XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=4 -XX:+UseSerialGC" : jvmOpts);
            aigov.addAll(List.of("scan", "--repo", repo.toString(), "--range", "HEAD", "--format", "json"));
            measure(repo, repetitions, temp, aigov, only);
        } finally {
            ScanBench.deleteTree(temp);
        }
    }

    /** {@code java OPTS -cp JAR dev.aigov.cli.Main}; JAR null: this benchmark's own jar, which holds the CLI. */
    private static List<String> javaCommand(String cli, String jvmOpts) throws Exception {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        String classPath = cli != null ? cli
                : Path.of(EndToEndBench.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        List<String> command = new java.util.ArrayList<>(List.of(javaBin));
        for (String option : jvmOpts.trim().split("\\s+")) {
            if (!option.isEmpty()) {
                command.add(option);
            }
        }
        command.addAll(List.of("-cp", classPath, "dev.aigov.cli.Main"));
        return command;
    }

    private static void measure(Path repo, int repetitions, Path temp, List<String> aigov, String only) throws Exception {
        boolean scanPart = !only.equals("secrets");
        boolean secretPart = !only.equals("scan");
        List<String> gitLog = ScanBench.gitLogCommand(repo);
        List<String> gitPatches = List.of("git", "-C", repo.toString(), "-c", "core.quotePath=false", "-c", "log.showSignature=false",
                "log", "-p", "-U0", "--no-color", "--no-ext-diff", "--no-textconv", "--no-relative", "--src-prefix=a/",
                "--dst-prefix=b/", "--format=%x01%H", "--no-notes", "--end-of-options", "HEAD", "--");
        Path out = temp.resolve("out");
        System.out.println("aigov:      " + String.join(" ", aigov) + " > out");
        System.out.println("git log:    " + String.join(" ", gitLog.subList(3, gitLog.size())) + " > out");
        System.out.println("git log -p: " + String.join(" ", gitPatches.subList(3, gitPatches.size())) + " > out");
        long[] scan = new long[repetitions];
        long[] bare = new long[repetitions];
        long[] secrets = new long[repetitions];
        long[] patches = new long[repetitions];
        double[] scanCpu = new double[repetitions];
        double[] bareCpu = new double[repetitions];
        double[] secretsCpu = new double[repetitions];
        double[] patchesCpu = new double[repetitions];
        int findings = 0;
        for (int i = 0; i < repetitions; i++) {
            ScanBench.Cpu before;
            long scanBytes = 0;
            long bareBytes = 0;
            long patchBytes = 0;
            if (scanPart) {
                before = ScanBench.Cpu.now();
                scan[i] = timeProcess(aigov, out);
                scanCpu[i] = ScanBench.Cpu.now().minus(before).children();
                scanBytes = Files.size(out);
                before = ScanBench.Cpu.now();
                bare[i] = timeProcess(gitLog, out);
                bareCpu[i] = ScanBench.Cpu.now().minus(before).children();
                bareBytes = Files.size(out);
            }
            if (secretPart) {
                before = ScanBench.Cpu.now();
                long start = System.nanoTime();
                findings = secretScan(repo);
                secrets[i] = System.nanoTime() - start;
                secretsCpu[i] = ScanBench.Cpu.now().minus(before).total();
                before = ScanBench.Cpu.now();
                patches[i] = timeProcess(gitPatches, out);
                patchesCpu[i] = ScanBench.Cpu.now().minus(before).children();
                patchBytes = Files.size(out);
            }
            System.out.printf("  round %d: aigov scan %.2f s cpu %.2f s (%,d bytes JSON), git log %.2f s cpu %.2f s (%,d bytes); "
                            + "secret scan %.2f s cpu %.2f s (%d findings), git log -p %.2f s cpu %.2f s (%,d bytes)%n",
                    i + 1, scan[i] / 1e9, scanCpu[i], scanBytes, bare[i] / 1e9, bareCpu[i], bareBytes,
                    secrets[i] / 1e9, secretsCpu[i], findings, patches[i] / 1e9, patchesCpu[i], patchBytes);
        }
        double scanMedian = ScanBench.median(scan) / 1e9;
        double bareMedian = ScanBench.median(bare) / 1e9;
        double secretsMedian = ScanBench.median(secrets) / 1e9;
        double patchesMedian = ScanBench.median(patches) / 1e9;
        System.out.printf("machine:              %d processors, load average %.1f at the end%n",
                Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        if (scanPart) {
            System.out.printf("aigov scan (process): %.2f s median of %d%n", scanMedian, repetitions);
            System.out.printf("git log (process):    %.2f s median of %d%n", bareMedian, repetitions);
            System.out.printf("ratio end to end:     %.2fx (target <= 1.2x)%n", scanMedian / bareMedian);
            System.out.printf("cpu, end to end:      %.2fx (aigov scan %.2f s / git log %.2f s, medians)%n",
                    ScanBench.median(scanCpu) / ScanBench.median(bareCpu), ScanBench.median(scanCpu), ScanBench.median(bareCpu));
        }
        if (secretPart) {
            System.out.printf("secret scan:          %.2f s median (every commit's added lines)%n", secretsMedian);
            System.out.printf("git log -p (process): %.2f s median%n", patchesMedian);
            System.out.printf("secret scan added:    +%.2fx over git log -p (target <= +0.5x)%n", secretsMedian / patchesMedian - 1);
            System.out.printf("cpu, secret scan:     +%.2fx (%.2f s / git log -p %.2f s, medians)%n",
                    ScanBench.median(secretsCpu) / ScanBench.median(patchesCpu) - 1, ScanBench.median(secretsCpu), ScanBench.median(patchesCpu));
        }
    }

    /** The whole process, stdout to a file, from start to exit. */
    private static long timeProcess(List<String> command, Path out) throws Exception {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int exit = process.waitFor();
        long elapsed = System.nanoTime() - start;
        if (exit != 0) {
            throw new IllegalStateException("exit " + exit + ": " + String.join(" ", command));
        }
        return elapsed;
    }

    /** The gate's secret scan of every commit, in this JVM (warm after the first round). */
    private static int secretScan(Path repo) throws Exception {
        GitChangeSource source = GitChangeSource.open(repo, "HEAD");
        EvidenceInputs inputs = new EvidenceInputs(List.of(), List.of(), Optional.empty(), List.of(), List.of(), "", null,
                source::commitPatches);
        EvidenceResult result = EvidenceEvaluator.evaluate(inputs, new EvidencePolicy(null, null, null, new EvidencePolicy.Secrets(true)));
        return result.reasons().size();
    }
}
