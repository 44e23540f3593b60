package dev.aigov.bench;

import dev.aigov.provenance.Attribution;
import dev.aigov.provenance.ChangeSourceException;
import dev.aigov.provenance.GitChangeSource;
import dev.aigov.provenance.ProvenanceDetector;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scan throughput against bare {@code git log}: builds a synthetic repository (default 100,000 commits, a realistic
 * mix of AI markers, traps and git-ai notes) with {@code git fast-import}, then, in one run, times the engine's scan
 * of the whole history ({@link GitChangeSource} + {@link ProvenanceDetector}) and the same {@code git log} command
 * with its output merely drained, alternating, several times; prints the medians and their ratio (target ≤ 1.5).
 *
 * <pre>./bench ScanBench [--commits N] [--repetitions R] [--repo DIR]</pre>
 * With {@code --repo DIR} the repository there is measured; when DIR does not exist the synthetic repository is
 * built there and kept (without it, it is built in a temporary directory and deleted).
 */
public final class ScanBench {
    private static final String NOREPLY = "@users.noreply.github.com";

    public static void main(String[] args) throws Exception {
        int commits = 100_000;
        int repetitions = 5;
        Path repo = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--commits" -> commits = Integer.parseInt(args[++i]);
                case "--repetitions" -> repetitions = Integer.parseInt(args[++i]);
                case "--repo" -> repo = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: ScanBench [--commits N] [--repetitions R] [--repo DIR]");
                    System.exit(2);
                }
            }
        }
        Path temp = null;
        if (repo == null) {
            temp = Files.createTempDirectory("aigov-scanbench");
            repo = temp.resolve("repo");
        }
        if (!Files.exists(repo)) {
            long start = System.nanoTime();
            int expectedAi = buildRepository(repo, commits);
            System.out.printf("built %,d commits with fast-import in %.1f s (%,d carry AI markers by construction)%n",
                    commits, seconds(System.nanoTime() - start), expectedAi);
        }
        try {
            measure(repo, repetitions);
        } finally {
            if (temp != null) {
                deleteTree(temp);
            }
        }
    }

    private static void measure(Path repo, int repetitions) throws Exception {
        ProvenanceDetector detector = ProvenanceDetector.builtIn();
        List<String> gitLog = gitLogCommand(repo);
        System.out.println("bare: " + String.join(" ", gitLog));
        // The first round is a fresh JVM's scan (what a single `aigov scan` run pays: class loading, JIT);
        // it is reported apart, and the medians are of the rounds after it.
        long start = System.nanoTime();
        scan(repo, detector);
        long coldEngine = System.nanoTime() - start;
        start = System.nanoTime();
        drain(gitLog);
        long coldBare = System.nanoTime() - start;
        System.out.printf("  cold round: engine %.2f s, git log %.2f s, ratio %.2fx%n", seconds(coldEngine), seconds(coldBare),
                (double) coldEngine / coldBare);
        long[] engine = new long[repetitions];
        long[] bare = new long[repetitions];
        double[] engineCpu = new double[repetitions];
        double[] bareCpu = new double[repetitions];
        Scan last = null;
        for (int i = 0; i < repetitions; i++) {
            Cpu before = Cpu.now();
            start = System.nanoTime();
            last = scan(repo, detector);
            engine[i] = System.nanoTime() - start;
            Cpu engineUsed = Cpu.now().minus(before);
            before = Cpu.now();
            start = System.nanoTime();
            long bytes = drain(gitLog);
            bare[i] = System.nanoTime() - start;
            Cpu bareUsed = Cpu.now().minus(before);
            engineCpu[i] = engineUsed.total();
            bareCpu[i] = bareUsed.total();
            System.out.printf("  round %d: engine %.2f s (cpu: java %.2f s + git %.2f s), git log %.2f s (cpu %.2f s), %,d bytes%n",
                    i + 1, seconds(engine[i]), engineUsed.jvm(), engineUsed.children(), seconds(bare[i]), bareCpu[i], bytes);
        }
        double engineMedian = seconds(median(engine));
        double bareMedian = seconds(median(bare));
        System.out.printf("commits scanned:   %,d (%,d AI-attributed)%n", last.commits(), last.aiAttributed());
        System.out.printf("machine:           %d processors, load average %.1f at the end%n",
                Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf("engine scan:       %.2f s median of %d%n", engineMedian, repetitions);
        System.out.printf("bare git log:      %.2f s median of %d%n", bareMedian, repetitions);
        System.out.printf("ratio:             %.2fx (target <= 1.5x)%n", engineMedian / bareMedian);
        System.out.printf("cpu ratio:         %.2fx (engine %.2f s / git log %.2f s, medians)%n",
                median(engineCpu) / median(bareCpu), median(engineCpu), median(bareCpu));
    }

    record Scan(int commits, int aiAttributed) {
    }

    /**
     * CPU seconds used so far by this JVM (all threads) and by its finished children (git), from
     * {@code /proc/self/stat}: on a shared machine, CPU time compares the two sides where wall time is noise.
     */
    record Cpu(double jvm, double children) {
        static Cpu now() {
            double jvm = ((com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
            double children = Double.NaN;
            try {
                String stat = Files.readString(Path.of("/proc/self/stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                children = (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) / 100.0; // cutime + cstime, USER_HZ
            } catch (IOException | RuntimeException e) {
                // not Linux: wall time only
            }
            return new Cpu(jvm, children);
        }

        Cpu minus(Cpu earlier) {
            return new Cpu(jvm - earlier.jvm, children - earlier.children);
        }

        double total() {
            return jvm + children;
        }
    }

    private static Scan scan(Path repo, ProvenanceDetector detector) throws ChangeSourceException {
        AtomicInteger commits = new AtomicInteger();
        AtomicInteger ai = new AtomicInteger();
        GitChangeSource.open(repo, "HEAD").forEachCommit(commit -> {
            Attribution attribution = detector.detect(commit);
            commits.incrementAndGet();
            if (attribution.aiAttributed()) {
                ai.incrementAndGet();
            }
        });
        return new Scan(commits.get(), ai.get());
    }

    /** The command GitChangeSource runs for this range: the same fields, read the same way. */
    static List<String> gitLogCommand(Path repo) throws IOException, InterruptedException {
        boolean notes = new ProcessBuilder("git", "-C", repo.toString(), "rev-parse", "--verify", "-q", "refs/notes/ai")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        return List.of("git", "-C", repo.toString(), "-c", "log.showSignature=false", "-c", "core.quotePath=false",
                "log", "-z", "--no-color", "--no-relative", "--root", "--name-status", "-M",
                "--format=%x01%H%x00%P%x00%an%x00%ae%x00%cn%x00%ce%x00%B%x00" + (notes ? "%N" : "") + "%x00",
                notes ? "--notes=ai" : "--no-notes", "--end-of-options", "HEAD", "--");
    }

    /** Runs the command and reads its output into a buffer that is thrown away; returns the byte count. */
    private static long drain(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long total = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = process.getInputStream()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
            }
        }
        if (process.waitFor() != 0) {
            throw new IllegalStateException("git log failed: " + command);
        }
        return total;
    }

    // -- the synthetic repository ---------------------------------------------------------------------------------

    /** Realistic shares, per 1,000 commits: most are human; agents, declared help, notes and traps are mixed in. */
    private static final String[][] AI_MARKERS = {
            // {kind, author or trailer/footer text}
            {"coauthor", "Co-authored-by: Claude <noreply@anthropic.com>"},
            {"footer", "🤖 Generated with [Claude Code](https://claude.com/claude-code)\n\nCo-Authored-By: Claude <noreply@anthropic.com>"},
            {"session", "Claude-Session: https://claude.ai/code/session_01R5HnfdYMwXXrJGAkYVE48c"},
            {"author", "copilot-swe-agent[bot]|198982749+Copilot" + NOREPLY},
            {"session", "Agent-Logs-Url: https://github.com/acme/app/sessions/31474705-fbd9-4eed-bbb9-f011558ccd5e"},
            {"author", "Cursor Agent|cursoragent@cursor.com"},
            {"author", "devin-ai-integration[bot]|158243242+devin-ai-integration[bot]" + NOREPLY},
            {"declared", "Assisted-by: gpt-4o"},
            {"declared", "Made-with: Cursor"},
            {"session", "Amp-Thread-ID: https://ampcode.com/threads/T-5c1e2f"},
            {"session", "Replit-Commit-Author: Agent"},
            {"author", "Ada Lovelace (aider)|ada@example.com"},
            {"note", "claude"},
            {"squash", "Co-authored-by: google-labs-jules[bot] <161369871+google-labs-jules[bot]" + NOREPLY + ">"},
    };
    private static final String[] SUBJECTS = {"Fix null check in parser", "Add retry to HTTP client", "Refactor cache eviction",
            "Update dependencies", "Improve error messages", "Add tests for login flow", "Remove dead code",
            "Document configuration options", "Speed up path matching", "Handle empty input"};
    private static final String[] DIRS = {"src/main/java/app/auth", "src/main/java/app/api", "src/main/java/app/data",
            "src/test/java/app", "deploy/k8s", "docs", ".github/workflows", "web/src/components", "migrations", "lib"};
    private static final String[][] HUMANS = {{"Ada Lovelace", "ada@example.com"}, {"Grace Hopper", "grace@example.com"},
            {"Claude Monet", "claude@monet.example"}, {"Linus T", "linus@example.org"}, {"Margaret H", "mh@example.net"}};

    /** Writes the fast-import stream and imports it; returns how many commits carry an AI marker by construction. */
    static int buildRepository(Path repo, int commits) throws IOException, InterruptedException {
        Files.createDirectories(repo);
        run(repo, "git", "init", "-q", "-b", "main");
        Process importer = new ProcessBuilder("git", "-C", repo.toString(), "fast-import", "--quiet")
                .redirectError(ProcessBuilder.Redirect.INHERIT).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Random random = new Random(42);
        List<String> files = new ArrayList<>();
        List<Integer> notedMarks = new ArrayList<>();
        int ai = 0;
        try (OutputStream raw = importer.getOutputStream(); OutputStream out = new BufferedOutputStream(raw, 1 << 20)) {
            for (int i = 1; i <= commits; i++) {
                String[] human = HUMANS[random.nextInt(HUMANS.length)];
                String authorName = human[0];
                String authorEmail = human[1];
                StringBuilder message = new StringBuilder(SUBJECTS[random.nextInt(SUBJECTS.length)]).append(" (#").append(i).append(")\n");
                if (random.nextInt(3) > 0) {
                    message.append("\nThe change keeps the old behaviour for existing callers and adds a check\n")
                            .append("for the case reported in the issue. Tests cover both paths.\n");
                }
                int roll = random.nextInt(1000);
                if (roll < 30) {           // trap: dependabot is a bot, not AI
                    authorName = "dependabot[bot]";
                    authorEmail = "49699333+dependabot[bot]" + NOREPLY;
                    message.append("\nSigned-off-by: dependabot[bot] <support@github.com>\n");
                } else if (roll < 40) {    // trap: markers quoted in prose
                    message.append("\nWe now strip \"Co-authored-by: Claude <noreply@anthropic.com>\" from templates.\n");
                } else if (roll < 40 + AI_MARKERS.length * 14) { // ~19% AI-marked
                    String[] marker = AI_MARKERS[(roll - 40) / 14];
                    ai++;
                    switch (marker[0]) {
                        case "author" -> {
                            String[] identity = marker[1].split("\\|");
                            authorName = identity[0];
                            authorEmail = identity[1];
                        }
                        case "note" -> notedMarks.add(i);
                        case "squash" -> message.append("\n* first part\n\n").append(marker[1]).append("\n\n* second part\n\n---------\n\nCo-authored-by: Grace Hopper <grace@example.com>\n");
                        default -> message.append('\n').append(marker[1]).append('\n');
                    }
                }
                long when = 1_600_000_000L + i * 600L;
                byte[] body = message.toString().getBytes(StandardCharsets.UTF_8);
                StringBuilder commit = new StringBuilder()
                        .append("commit refs/heads/main\nmark :").append(i).append('\n')
                        .append("author ").append(authorName).append(" <").append(authorEmail).append("> ").append(when).append(" +0000\n")
                        .append("committer ").append(authorName).append(" <").append(authorEmail).append("> ").append(when).append(" +0000\n")
                        .append("data ").append(body.length).append('\n');
                out.write(commit.toString().getBytes(StandardCharsets.UTF_8));
                out.write(body);
                out.write('\n');
                int changes = 1 + random.nextInt(4);
                for (int c = 0; c < changes; c++) {
                    int op = random.nextInt(100);
                    if (op < 2 && !files.isEmpty()) {
                        int index = random.nextInt(files.size());
                        String from = files.get(index);
                        String to = packageDir(random) + "/Moved" + i + "_" + c + ".java";
                        out.write(("R " + from + " " + to + "\n").getBytes(StandardCharsets.UTF_8));
                        files.set(index, to);
                    } else if (op < 10 || files.size() < 50) {
                        String path = packageDir(random) + "/File" + i + "_" + c + ".java";
                        files.add(path);
                        writeFile(out, path, i, c);
                    } else {
                        writeFile(out, files.get(random.nextInt(files.size())), i, c);
                    }
                }
                out.write('\n');
            }
            if (!notedMarks.isEmpty()) {
                out.write(("commit refs/notes/ai\ncommitter git-ai <git-ai@example.com> 1700000000 +0000\ndata 9\ngit-ai v1\n")
                        .getBytes(StandardCharsets.UTF_8));
                for (int mark : notedMarks) {
                    String note = "src/main/java/app/api/File.java\n  d4a7828bfdafe456 1-12\n---\n"
                            + "{\"schema_version\":\"authorship/3.0.0\",\"base_commit_sha\":\"0\",\"prompts\":{\"d4a7828bfdafe456\":"
                            + "{\"agent_id\":{\"tool\":\"claude\",\"id\":\"x\",\"model\":\"claude-opus-4-7\"},\"accepted_lines\":12}}}";
                    byte[] bytes = note.getBytes(StandardCharsets.UTF_8);
                    out.write(("N inline :" + mark + "\ndata " + bytes.length + "\n").getBytes(StandardCharsets.UTF_8));
                    out.write(bytes);
                    out.write('\n');
                }
                out.write('\n');
            }
        }
        if (importer.waitFor() != 0) {
            throw new IllegalStateException("git fast-import failed");
        }
        return ai;
    }

    /** One of 1,000 leaf directories, so trees stay the size real projects have. */
    private static String packageDir(Random random) {
        return DIRS[random.nextInt(DIRS.length)] + "/module" + random.nextInt(10) + "/pkg" + random.nextInt(10);
    }

    private static void writeFile(OutputStream out, String path, int commit, int change) throws IOException {
        byte[] content = ("class C" + commit + "_" + change + " {\n    int value = " + commit + ";\n}\n").getBytes(StandardCharsets.UTF_8);
        out.write(("M 100644 inline " + path + "\ndata " + content.length + "\n").getBytes(StandardCharsets.UTF_8));
        out.write(content);
        out.write('\n');
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
