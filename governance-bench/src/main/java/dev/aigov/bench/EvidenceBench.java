package dev.aigov.bench;

import dev.aigov.evidence.EvidenceEvaluator;
import dev.aigov.evidence.EvidenceInputs;
import dev.aigov.evidence.EvidenceResult;
import dev.aigov.policy.EvidencePolicy;
import dev.aigov.provenance.ChangedPath;

import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Evidence costs: (1) the secret scan of a diff of N added lines of ordinary code with a few real-shaped tokens;
 * (2) streaming a generated JaCoCo XML report of about M megabytes and a SARIF log of R results, with the peak heap
 * seen. Usage: {@code ./bench EvidenceBench [addedLines] [jacocoMegabytes] [sarifResults]}.
 */
public final class EvidenceBench {
    public static void main(String[] args) throws Exception {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int megabytes = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int sarifResults = args.length > 2 ? Integer.parseInt(args[2]) : 300_000;

        String diff = diff(lines);
        EvidencePolicy secrets = new EvidencePolicy(null, null, null, new EvidencePolicy.Secrets(true));
        EvidenceInputs scanInputs = new EvidenceInputs(List.of(), List.of(), Optional.empty(), List.of(), List.of(), "", diff);
        long best = Long.MAX_VALUE;
        int found = 0;
        for (int round = 0; round < 8; round++) {
            long start = System.nanoTime();
            EvidenceResult result = EvidenceEvaluator.evaluate(scanInputs, secrets);
            long elapsed = System.nanoTime() - start;
            found = result.reasons().size();
            if (round >= 3) {
                best = Math.min(best, elapsed);
            }
        }
        System.out.printf("secret scan: %d added lines (%.1f MB diff), %d findings: best %.1f ms (%.0f lines/ms)%n",
                lines, diff.length() / 1e6, found, best / 1e6, lines / (best / 1e6));

        Path dir = Files.createTempDirectory("evidence-bench");
        try {
            Path jacoco = dir.resolve("jacoco.xml");
            int files = jacoco(jacoco, megabytes);
            Path sarif = dir.resolve("results.sarif");
            sarif(sarif, sarifResults);
            resetPeaks();
            EvidencePolicy policy = new EvidencePolicy(new EvidencePolicy.Coverage(0.8, "changed-files"),
                    new EvidencePolicy.StaticAnalysis(Map.of("error", 0)), null, null);
            EvidenceInputs inputs = new EvidenceInputs(List.of(jacoco), List.of(sarif), Optional.empty(), List.of(),
                    List.of(ChangedPath.of("src/main/java/org/bench/p7/F7.java", ChangedPath.ChangeType.MODIFIED)), "", "");
            long start = System.nanoTime();
            EvidenceResult result = EvidenceEvaluator.evaluate(inputs, policy);
            long elapsed = System.nanoTime() - start;
            double size = (Files.size(jacoco) + Files.size(sarif)) / 1e6;
            System.out.printf("reports: JaCoCo %.0f MB (%d source files) + SARIF %.0f MB (%d results) in %.0f ms "
                            + "(%.0f MB/s incl. SHA-256), %d reasons; peak heap %.0f MB (max %d MB)%n",
                    Files.size(jacoco) / 1e6, files, Files.size(sarif) / 1e6, sarifResults, elapsed / 1e6,
                    size / (elapsed / 1e9), result.reasons().size(), peakHeap() / 1e6,
                    Runtime.getRuntime().maxMemory() / (1024 * 1024));
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String diff(int lines) {
        Random random = new Random(7);
        String[] code = {"    int total = items.stream().mapToInt(Item::price).sum();",
                "    private static final String TOKEN_HEADER = \"Authorization\";",
                "    if (password.length() < 12) throw new WeakPasswordException();",
                "    log.info(\"processed {} orders in {} ms\", count, elapsed);", "    }", "",
                "    return new Invoice(customer, lines, Instant.now());"};
        StringBuilder d = new StringBuilder();
        int perFile = 500;
        for (int file = 0; file * perFile < lines; file++) {
            int n = Math.min(perFile, lines - file * perFile);
            d.append("diff --git a/src/F").append(file).append(".java b/src/F").append(file).append(".java\n")
                    .append("--- a/src/F").append(file).append(".java\n+++ b/src/F").append(file).append(".java\n")
                    .append("@@ -1,0 +1,").append(n).append(" @@\n");
            for (int i = 0; i < n; i++) {
                if (random.nextInt(20_000) == 0) {
                    d.append("+GH=ghp_").append(token(random, 36)).append('\n');
                } else {
                    d.append('+').append(code[random.nextInt(code.length)]).append('\n');
                }
            }
        }
        return d.toString();
    }

    private static String token(Random random, int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    private static int jacoco(Path file, int megabytes) throws Exception {
        long target = megabytes * 1_000_000L;
        int files = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><!DOCTYPE report PUBLIC "
                    + "\"-//JACOCO//DTD Report 1.1//EN\" \"report.dtd\"><report name=\"bench\">\n");
            long written = 0;
            for (int p = 0; written < target; p++) {
                StringBuilder pkg = new StringBuilder("<package name=\"org/bench/p" + p + "\">\n");
                for (int f = 0; f < 100; f++, files++) {
                    pkg.append("<class name=\"org/bench/p").append(p).append("/F").append(f)
                            .append("\" sourcefilename=\"F").append(f).append(".java\"><method name=\"run\" desc=\"()V\" line=\"3\">")
                            .append("<counter type=\"LINE\" missed=\"1\" covered=\"3\"/></method></class>\n");
                    pkg.append("<sourcefile name=\"F").append(f).append(".java\">");
                    for (int line = 1; line <= 4; line++) {
                        pkg.append("<line nr=\"").append(line).append("\" mi=\"0\" ci=\"3\" mb=\"0\" cb=\"0\"/>");
                    }
                    pkg.append("<counter type=\"LINE\" missed=\"1\" covered=\"3\"/></sourcefile>\n");
                }
                pkg.append("</package>\n");
                w.write(pkg.toString());
                written += pkg.length();
            }
            w.write("</report>\n");
        }
        return files;
    }

    private static void sarif(Path file, int results) throws Exception {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"bench\",\"rules\":[{\"id\":\"r\"}]}},"
                    + "\"results\":[");
            for (int i = 0; i < results; i++) {
                w.write((i == 0 ? "" : ",") + "{\"ruleId\":\"r\",\"level\":\"warning\",\"message\":{\"text\":\"finding " + i
                        + "\"},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"src/main/java/org/bench/p"
                        + (i % 500) + "/F" + (i % 100) + ".java\"},\"region\":{\"startLine\":" + (i % 400 + 1) + "}}}]}");
            }
            w.write("]}]}");
        }
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
