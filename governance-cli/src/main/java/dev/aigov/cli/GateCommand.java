package dev.aigov.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.aigov.gate.AttributedCommit;
import dev.aigov.gate.Decision;
import dev.aigov.gate.EvidenceCheck;
import dev.aigov.gate.EvidenceUnreadableException;
import dev.aigov.gate.GateEngine;
import dev.aigov.gate.GateResult;
import dev.aigov.gate.GateResultMaps;
import dev.aigov.gate.Reason;
import dev.aigov.policy.Policy;
import dev.aigov.policy.PolicyException;
import dev.aigov.policy.PolicyLoader;
import dev.aigov.provenance.ChangeSourceException;
import dev.aigov.provenance.GitChangeSource;
import dev.aigov.provenance.ProvenanceDetector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "gate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate a change against the policy: find the AI-attributed commits, classify what they touch, "
                + "check the evidence, and decide PASS, APPROVAL_REQUIRED or FAIL.",
                "Exit 0 PASS, 10 APPROVAL_REQUIRED, 20 FAIL, 2 bad usage or bad input."})
final class GateCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Option(names = "--repo", paramLabel = "DIR", defaultValue = ".",
            description = "The git repository (or a directory inside it). Default: the current directory.")
    Path repo;

    @Option(names = "--range", paramLabel = "REVRANGE",
            description = "The commits under review, e.g. origin/main..HEAD. Default: the commits not yet on the upstream "
                    + "branch (@{upstream}..HEAD, else origin/HEAD..HEAD), or every commit reachable from HEAD.")
    String range;

    @Option(names = "--policy", paramLabel = "FILE", description = "Policy YAML. Default: the built-in policy (aigov policy default).")
    Path policyFile;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (for people, the default) or json: {decision, categories, aiAttributedCommits, reasons, approval, evidence}.")
    Format format;

    @Override
    public Integer call() {
        Policy policy = loadPolicy();
        GateEngine engine = new GateEngine(policy);
        ProvenanceDetector detector = ProvenanceDetector.withAdditions(policy.attribution());
        Terminal terminal = Terminal.detect();
        List<AttributedCommit> commits = new ArrayList<>();
        GitChangeSource source;
        try {
            source = GitChangeSource.open(repo, range);
            try (Terminal.Progress progress = terminal.progress(spec.commandLine().getErr(), "reading " + source.describe())) {
                source.forEachCommit(commit -> {
                    commits.add(new AttributedCommit(commit, detector.detect(commit)));
                    progress.step();
                });
            }
        } catch (ChangeSourceException e) {
            throw new UsageException(e.getMessage(), e);
        }
        GateResult result;
        try {
            result = engine.evaluate(commits, evidenceCheck());
        } catch (EvidenceUnreadableException e) {
            throw new UsageException(e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            try {
                JSON.writeValue(out, GateResultMaps.decision(result));
            } catch (IOException e) {
                throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
            }
            out.println();
        } else {
            writeText(out, terminal, source.describe(), policy, result);
        }
        out.flush();
        return result.decision().exitCode();
    }

    private Policy loadPolicy() {
        if (policyFile == null) {
            return PolicyLoader.builtIn();
        }
        try {
            return PolicyLoader.load(policyFile);
        } catch (PolicyException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    private EvidenceCheck evidenceCheck() {
        return EvidenceCheck.NONE;
    }

    private static void writeText(PrintWriter out, Terminal terminal, String range, Policy policy, GateResult result) {
        Decision decision = result.decision();
        String colour = switch (decision) {
            case Decision.Pass pass -> "1;32";
            case Decision.ApprovalRequired approval -> "1;33";
            case Decision.Fail fail -> "1;31";
        };
        out.printf("%-10s %s%n", "Decision", terminal.colour(colour, decision.id()));
        out.printf("%-10s %s (%d commits, %d AI-attributed)%n", "Range", range, result.commits().size(), result.aiAttributedCommits().size());
        out.printf("%-10s %s%n", "Policy", policy.source());
        if (!result.categories().isEmpty()) {
            out.printf("%-10s %s%n", "Touches", String.join(", ", result.categories().keySet()));
        }
        if (result.requirement().required() > 0) {
            out.printf("%-10s %d%s%s%n", "Approval", result.requirement().required(),
                    result.requirement().groups().isEmpty() ? "" : " from " + String.join(" or ", result.requirement().groups()),
                    result.requirement().architecturalReview() ? ", including an architectural review" : "");
        }
        out.println();
        for (Reason reason : decision.reasons()) {
            out.println(terminal.colour("1", reason.code()));
            out.println("  " + reason.message());
            if (!reason.paths().isEmpty()) {
                out.println("  paths:    " + abbreviate(reason.paths()));
            }
            if (!reason.commits().isEmpty()) {
                out.println("  commits:  " + abbreviate(reason.commits().stream().map(id -> id.substring(0, Math.min(10, id.length()))).toList()));
            }
            if (!reason.controls().isEmpty()) {
                out.println("  controls: " + String.join(", ", reason.controls()));
            }
        }
    }

    private static String abbreviate(List<String> items) {
        int shown = Math.min(items.size(), 5);
        String text = String.join(", ", items.subList(0, shown));
        return items.size() > shown ? text + " (+" + (items.size() - shown) + " more)" : text;
    }
}
