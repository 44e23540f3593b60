package dev.aigov.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.aigov.approval.ApprovalException;
import dev.aigov.approval.ApprovalRequest;
import dev.aigov.approval.ApprovalRequests;
import dev.aigov.approval.Approvals;
import dev.aigov.build.BuildRef;
import dev.aigov.evidence.EvidenceChecks;
import dev.aigov.gate.AttributedCommit;
import dev.aigov.gate.Decision;
import dev.aigov.gate.EvidenceCheck;
import dev.aigov.gate.EvidenceUnreadableException;
import dev.aigov.gate.GateEngine;
import dev.aigov.gate.GateResult;
import dev.aigov.gate.GateResultMaps;
import dev.aigov.gate.Reason;
import dev.aigov.ledger.Events;
import dev.aigov.ledger.LedgerException;
import dev.aigov.policy.Policy;
import dev.aigov.policy.PolicyException;
import dev.aigov.policy.PolicyLoader;
import dev.aigov.provenance.ChangeSourceException;
import dev.aigov.provenance.GitChangeSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    @Mixin
    RangeOptions change;

    @Option(names = "--policy", paramLabel = "FILE", description = "Policy YAML. Default: the built-in policy (aigov policy default).")
    Path policyFile;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (for people, the default) or json: {decision, categories, aiAttributedCommits, reasons, approval, evidence}.")
    Format format;

    @Option(names = "--coverage", paramLabel = "FILE", description = "A coverage report (JaCoCo XML, Cobertura XML or LCOV). Repeatable.")
    List<Path> coverage = new ArrayList<>();

    @Option(names = "--sarif", paramLabel = "FILE", description = "A static-analysis report (SARIF 2.1.0). Repeatable.")
    List<Path> sarif = new ArrayList<>();

    @Option(names = "--baseline-sarif", paramLabel = "FILE",
            description = "The base branch's SARIF: only results absent from it count as new.")
    Path baselineSarif;

    @Option(names = "--sbom", paramLabel = "FILE", description = "A CycloneDX JSON SBOM with vulnerabilities. Repeatable.")
    List<Path> sbom = new ArrayList<>();

    @Option(names = "--request-out", paramLabel = "FILE",
            description = "On APPROVAL_REQUIRED, write the approval request here for 'aigov approve'.")
    Path requestOut;

    @Option(names = "--request", paramLabel = "FILE",
            description = "The approval request of an earlier run: exit 0 once it is approved, 20 once rejected, 10 while pending.")
    Path request;

    @Option(names = "--job", paramLabel = "NAME", description = "The job. Default: JOB_NAME, GITHUB_REPOSITORY or CI_PROJECT_PATH, else 'local'.")
    String job;

    @Option(names = "--build", paramLabel = "ID", description = "The run. Default: BUILD_NUMBER, GITHUB_RUN_ID or CI_PIPELINE_ID, else 'local'.")
    String build;

    @Option(names = "--triggered-by", paramLabel = "USER",
            description = "Who started the run; they may not approve it. Default: BUILD_USER_ID, GITHUB_ACTOR or GITLAB_USER_LOGIN.")
    String triggeredBy;

    @Option(names = "--ledger", paramLabel = "FILE",
            description = "The build's audit ledger: the decision, its reasons, attributions and evidence digests are appended.")
    Path ledgerFile;

    @Option(names = "--agent", paramLabel = "ID", description = "The AI agent's identity (e.g. claude[bot]); it may not approve.")
    String agent;

    @Override
    public Integer call() {
        Policy policy = loadPolicy();
        GateEngine engine = new GateEngine(policy);
        Terminal terminal = Terminal.detect();
        AttributedRange attributed = change.read(policy.attribution(), terminal, spec.commandLine().getErr());
        GitChangeSource source = attributed.source();
        List<AttributedCommit> commits = attributed.commits();
        GateResult result;
        try {
            result = engine.evaluate(commits, evidenceCheck(source, policy));
        } catch (EvidenceUnreadableException e) {
            throw new UsageException(e.getMessage(), e);
        }
        Map<String, String> env = System.getenv();
        BuildRef run = RunContext.build(job, build, env, "local", triggeredBy != null ? triggeredBy : RunContext.triggeredBy(env));
        ApprovalRequest pending = null;
        if (result.decision() instanceof Decision.ApprovalRequired required) {
            ApprovalRequest fresh = ApprovalRequest.create(run, required,
                    commits.stream().filter(AttributedCommit::aiAttributed).map(AttributedCommit::commit).toList(),
                    agent == null ? "" : agent, policy.approval(), Instant.now());
            pending = request != null ? readRequest(request, fresh) : writeRequest(fresh);
            result = Approvals.apply(result, pending);
        }
        record(run, result, pending, new Events.GateContext(source.describe(),
                GitChangeSource.baseCommit(commits.stream().map(AttributedCommit::commit).toList()),
                policy.source(), Policies.digest(policyFile), agent, RunContext.repositoryUrl(env, source)));
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            try {
                JSON.writeValue(out, Approvals.describe(GateResultMaps.decision(result), pending));
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

    /** Appends the decision (and a new approval request) to the build's ledger, when one is given. */
    private void record(BuildRef run, GateResult result, ApprovalRequest pending, Events.GateContext context) {
        AuditLog log = AuditLog.open(ledgerFile, run);
        try {
            log.record(AuditLog.cliActor(), Events.gateEvaluated(result, context));
            if (pending != null && request == null && pending.events().isEmpty()) {
                log.record(AuditLog.cliActor(), Events.approvalRequested(pending.id(), result.requirement()));
            }
        } catch (LedgerException e) {
            throw new UsageException("cannot record the decision in " + ledgerFile + ": " + e.getMessage(), e);
        }
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

    /** Evidence from the report options; the diff for the secret scan is read only when AI-attributed commits need it. */
    private EvidenceCheck evidenceCheck(GitChangeSource source, Policy policy) {
        return change -> {
            String diff;
            try {
                diff = policy.evidence().secrets() != null && policy.evidence().secrets().scanAddedLines() ? source.unifiedDiff() : null;
            } catch (ChangeSourceException e) {
                throw new EvidenceUnreadableException("cannot read the diff for the secret scan: " + e.getMessage(), e);
            }
            return new EvidenceChecks(coverage, sarif, Optional.ofNullable(baselineSarif), sbom, diff, policy.evidence()).check(change);
        };
    }

    private static ApprovalRequest readRequest(Path file, ApprovalRequest fresh) {
        try {
            return ApprovalRequests.readMatching(file, fresh);
        } catch (ApprovalException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    /**
     * Writes the request for reviewers, unless the file already holds this very request: a re-run of the same build
     * must not wipe the approvals given so far. A file for another decision is replaced.
     */
    private ApprovalRequest writeRequest(ApprovalRequest fresh) {
        if (requestOut == null) {
            return fresh;
        }
        if (java.nio.file.Files.exists(requestOut)) {
            try {
                return ApprovalRequests.readMatching(requestOut, fresh);
            } catch (ApprovalException replacedBelow) {
                // another build's or decision's request: this decision needs a new one
            }
        }
        try {
            ApprovalRequests.write(requestOut, fresh);
            return fresh;
        } catch (IOException e) {
            throw new UsageException("cannot write " + requestOut + ": " + e.getMessage(), e);
        }
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
