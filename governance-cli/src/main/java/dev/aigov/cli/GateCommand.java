package dev.aigov.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.aigov.approval.ApprovalException;
import dev.aigov.approval.ApprovalRequest;
import dev.aigov.approval.ApprovalRequests;
import dev.aigov.approval.Approvals;
import dev.aigov.approval.SignedApprovals;
import dev.aigov.build.BuildRef;
import dev.aigov.evidence.EvidenceChecks;
import dev.aigov.evidence.EvidenceDiscovery;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "gate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate a change against the policy: find the AI-attributed commits, classify what they touch, "
                + "check the evidence, and decide PASS, APPROVAL_REQUIRED or FAIL.",
                "Exit 0 PASS, 10 APPROVAL_REQUIRED, 20 FAIL, 2 bad usage or bad input."})
final class GateCommand implements Callable<Integer> {
    /** Created on first JSON output only: text runs never load Jackson's databind for it. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Mixin
    RangeOptions change;

    @Option(names = "--policy", paramLabel = "FILE", description = "Policy YAML. Default: .aigov/policy.yaml as it is at "
            + "the trusted base commit (never the working tree, which the change controls), else the built-in policy.")
    Path policyFile;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (for people, the default) or json: {decision, categories, aiAttributedCommits, reasons, approval, evidence}.")
    Format format;

    @Option(names = "--coverage", paramLabel = "FILE", description = "A coverage report (JaCoCo XML, Cobertura XML or LCOV). "
            + "Repeatable. Without it, found in the repository (see --no-discovery).")
    List<Path> coverage = new ArrayList<>();

    @Option(names = "--sarif", paramLabel = "FILE", description = "A static-analysis report (SARIF 2.1.0). Repeatable. "
            + "Without it, *.sarif files in the repository.")
    List<Path> sarif = new ArrayList<>();

    @Option(names = "--baseline-sarif", paramLabel = "FILE",
            description = "The base branch's SARIF: only results absent from it count as new.")
    Path baselineSarif;

    @Option(names = "--sbom", paramLabel = "FILE", description = "A CycloneDX JSON SBOM with vulnerabilities. Repeatable. "
            + "Without it, bom.json and *.cdx.json files in the repository.")
    List<Path> sbom = new ArrayList<>();

    @Option(names = "--no-discovery", description = "Use only the reports the options name. Default: for each kind "
            + "no option names, the repository's own reports (JaCoCo under target/site/jacoco/ and build/reports/jacoco/, "
            + "coverage.xml, lcov.info, *.sarif, bom.json, *.cdx.json; not in .git, vendored trees or src/test).")
    boolean noDiscovery;

    @Option(names = "--request-out", paramLabel = "FILE",
            description = "On APPROVAL_REQUIRED, write the approval request here for 'aigov approve'.")
    Path requestOut;

    @Option(names = "--request", paramLabel = "FILE",
            description = "The approval request of an earlier run: only approvals signed over the decision recomputed here "
                    + "count. Exit 0 once approved, 20 once rejected, 10 while pending.")
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
        Map<String, String> env = System.getenv();
        TrustedChange trusted = TrustedChange.resolve(change.repo, change.range, policyFile, env);
        Policy policy = trusted.policy().policy();
        GateEngine engine = new GateEngine(policy);
        Terminal terminal = Terminal.detect();
        AttributedRange attributed = AttributedRange.read(trusted.revisions(), change.repo, trusted.rangeToRead(change.range),
                policy.attribution(), terminal, spec.commandLine().getErr());
        GitChangeSource source = attributed.source();
        List<AttributedCommit> commits = attributed.commits();
        Map<String, EvidenceFiles> evidence = evidenceFiles(source.repository());
        GateResult result;
        try {
            result = engine.evaluate(commits, evidenceCheck(source, commits, policy, evidence));
        } catch (EvidenceUnreadableException e) {
            throw new UsageException(e.getMessage(), e);
        }
        BuildRef run = RunContext.build(job, build, env, "local", triggeredBy != null ? triggeredBy : RunContext.triggeredBy(env));
        ApprovalRequest pending = null;
        List<String> notes = new ArrayList<>();
        if (!trusted.covers()) {
            notes.add(trusted.notCoveringNote());
        }
        boolean fresh = false;
        if (result.decision() instanceof Decision.ApprovalRequired required) {
            ApprovalRequest recomputed = ApprovalRequest.create(run, required,
                    commits.stream().filter(AttributedCommit::aiAttributed).map(AttributedCommit::commit).toList(),
                    agent == null ? "" : agent, policy.approval(), trusted.scope(), Instant.now());
            ApprovalRequest carrier = request != null ? readRequest(request) : writeRequest(recomputed);
            fresh = carrier == recomputed;
            SignedApprovals.Replay replay = SignedApprovals.replay(recomputed, carrier == recomputed ? null : carrier,
                    trusted.policy());
            notes.addAll(replay.notes());
            pending = replay.request();
            result = Approvals.apply(result, pending);
            result = RejectionMemory.apply(result, ledgerFile, pending, notes);
        }
        String base = !trusted.base().isEmpty() ? trusted.base()
                : GitChangeSource.baseCommit(commits.stream().map(AttributedCommit::commit).toList());
        if (ledgerFile != null) { // else no event to build (it would read git's config and load the ledger's JSON code for nothing)
            record(run, result, pending, fresh, new Events.GateContext(source.describe(), base, trusted.policy().origin(),
                    trusted.policy().digest(), agent, RunContext.repositoryUrl(env, source)));
        }
        PrintWriter out = spec.commandLine().getOut();
        notes.forEach(spec.commandLine().getErr()::println);
        spec.commandLine().getErr().flush();
        if (format == Format.json) {
            try {
                Map<String, Object> document = new java.util.LinkedHashMap<>(
                        Approvals.describe(GateResultMaps.decision(result), pending));
                Map<String, Object> trust = new java.util.LinkedHashMap<>();
                trust.put("policy", trusted.policy().origin());
                trust.put("policyDigest", trusted.policy().digest());
                trust.put("trustedBase", trusted.trustedBase().commit());
                trust.put("trustedBaseSource", trusted.trustedBase().source());
                trust.put("base", trusted.base());
                trust.put("head", trusted.head());
                trust.put("coversTrustedRange", trusted.covers());
                trust.put("notes", notes);
                document.put("trust", trust);
                if (!source.limitations().isEmpty()) {
                    document.put("limitations", source.limitations());
                }
                Map<String, Object> files = new LinkedHashMap<>();
                evidence.forEach((kind, found) -> {
                    Map<String, Object> entry = new LinkedHashMap<>(); // in this order every run (Map.of's is random)
                    entry.put("from", found.discovered() ? "discovered" : "options");
                    entry.put("files", found.files().stream().map(f -> shown(source.repository(), f)).toList());
                    files.put(kind, entry);
                });
                document.put("evidenceFiles", files);
                Json.MAPPER.writeValue(out, document);
            } catch (IOException e) {
                throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
            }
            out.println();
        } else {
            writeText(out, terminal, source.describe(), policy, trusted.policy().digest(), result, evidence, source.repository());
            source.limitations().forEach(limitation -> out.println("note: " + limitation));
        }
        out.flush();
        return result.decision().exitCode();
    }

    /** Appends the decision (and a new approval request) to the build's ledger. */
    private void record(BuildRef run, GateResult result, ApprovalRequest pending, boolean fresh,
                        Events.GateContext context) {
        AuditLog log = AuditLog.open(ledgerFile, run);
        try {
            log.record(AuditLog.cliActor(), Events.gateEvaluated(result, context));
            if (pending != null && request == null && fresh) {
                log.record(AuditLog.cliActor(), Events.approvalRequested(pending.id(), result.requirement()));
            }
        } catch (LedgerException e) {
            throw new UsageException("cannot record the decision in " + ledgerFile + ": " + e.getMessage(), e);
        }
    }

    /** The reports of one kind the gate reads, and whether they were discovered (no option named any). */
    record EvidenceFiles(List<Path> files, boolean discovered) {
    }

    /** The options' reports; for each kind no option names, the repository's own (unless --no-discovery). */
    private Map<String, EvidenceFiles> evidenceFiles(Path repository) {
        Map<String, List<Path>> given = new LinkedHashMap<>();
        given.put("coverage", coverage);
        given.put("sarif", sarif);
        given.put("sbom", sbom);
        Map<String, List<Path>> found = noDiscovery || given.values().stream().allMatch(l -> !l.isEmpty())
                ? Map.of() : EvidenceDiscovery.discover(repository);
        Map<String, EvidenceFiles> out = new LinkedHashMap<>();
        given.forEach((kind, files) -> out.put(kind, !files.isEmpty() || noDiscovery ? new EvidenceFiles(List.copyOf(files), false)
                : new EvidenceFiles(found.getOrDefault(kind, List.of()), true)));
        return out;
    }

    private static String shown(Path repository, Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Path root = repository.toAbsolutePath().normalize();
        return absolute.startsWith(root) ? root.relativize(absolute).toString() : file.toString();
    }

    /** Evidence from the report options or discovery; the diff for the secret scan is read only when AI-attributed commits need it. */
    private EvidenceCheck evidenceCheck(GitChangeSource source, List<AttributedCommit> commits, Policy policy,
                                        Map<String, EvidenceFiles> evidence) {
        return change -> {
            boolean scanSecrets = policy.evidence().secrets() != null && policy.evidence().secrets().scanAddedLines();
            String diff;
            try {
                diff = scanSecrets ? source.unifiedDiff(commits.stream().map(AttributedCommit::commit).toList()) : null;
            } catch (dev.aigov.provenance.MissingObjectsException e) {
                diff = null; // a partial clone: the secret scan of the commits' patches says what cannot be read
            } catch (ChangeSourceException e) {
                throw new EvidenceUnreadableException("cannot read the diff for the secret scan: " + e.getMessage(), e);
            }
            return new EvidenceChecks(evidence.get("coverage").files(), evidence.get("sarif").files(),
                    Optional.ofNullable(baselineSarif), evidence.get("sbom").files(), diff,
                    scanSecrets ? source::commitPatches : null, policy.evidence()).check(change);
        };
    }

    private static ApprovalRequest readRequest(Path file) {
        try {
            return ApprovalRequests.read(file);
        } catch (ApprovalException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    /**
     * Writes the request for reviewers, unless the file already holds this very request: a re-run of the same build
     * must not wipe the approvals given so far. A file for another decision is replaced.
     *
     * @return the file's request when it is this very one (its signed approvals are then replayed), else {@code fresh}
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

    private static void writeText(PrintWriter out, Terminal terminal, String range, Policy policy, String digest,
                                  GateResult result, Map<String, EvidenceFiles> evidence, Path repository) {
        Decision decision = result.decision();
        String colour = switch (decision) {
            case Decision.Pass pass -> "1;32";
            case Decision.ApprovalRequired approval -> "1;33";
            case Decision.Fail fail -> "1;31";
        };
        line(out, "Decision", terminal.colour(colour, decision.id()));
        line(out, "Range", Terminal.visible(range) + " (" + result.commits().size() + " commits, " + result.aiAttributedCommits().size()
                + " AI-attributed)");
        line(out, "Policy", Terminal.visible(policy.source() + (digest.isEmpty() ? "" : " (" + digest.substring(0, Math.min(19, digest.length())) + ")")));
        String label = "Evidence";
        for (Map.Entry<String, EvidenceFiles> kind : evidence.entrySet()) {
            EvidenceFiles found = kind.getValue();
            String files = found.files().isEmpty()
                    ? (found.discovered() ? "none found (looked for " + EvidenceDiscovery.LOOKS_FOR.get(kind.getKey()) + ")" : "none given")
                    : abbreviate(found.files().stream().map(f -> shown(repository, f)).toList())
                            + (found.discovered() ? " (discovered)" : "");
            line(out, label, pad(kind.getKey() + ":", 9) + " " + files);
            label = "";
        }
        if (!result.categories().isEmpty()) {
            line(out, "Touches", Terminal.visible(String.join(", ", result.categories().keySet())));
        }
        if (result.requirement().required() > 0) {
            line(out, "Approval", result.requirement().required()
                    + (result.requirement().groups().isEmpty() ? "" : " from " + Terminal.visible(String.join(" or ", result.requirement().groups())))
                    + (result.requirement().architecturalReview() ? ", including an architectural review" : ""));
        }
        out.println();
        for (Reason reason : decision.reasons()) {
            out.println(terminal.colour("1", reason.code()));
            out.println("  " + Terminal.visible(reason.message()));
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

    /** One "Label      value" line: printf's {@code %-10s %s}, without a Formatter (milliseconds on a cold JVM). */
    private static void line(PrintWriter out, String label, String value) {
        out.println(pad(label, 10) + " " + value);
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    private static String abbreviate(List<String> items) {
        int shown = Math.min(items.size(), 5);
        String text = Terminal.visible(String.join(", ", items.subList(0, shown)));
        return items.size() > shown ? text + " (+" + (items.size() - shown) + " more)" : text;
    }
}
