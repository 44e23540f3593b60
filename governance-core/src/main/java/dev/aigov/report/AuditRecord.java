package dev.aigov.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigov.ledger.Events;
import dev.aigov.ledger.LedgerEvent;
import dev.aigov.ledger.VerificationResult;
import dev.aigov.ledger.VerifiedLedger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One build's audit record, read from a verified ledger: what every report format renders. Field names are the
 * JSON export's, so they are stable.
 *
 * @param verification how far the ledger can be trusted
 * @param build        the run
 * @param gate         the last gate verdict, or null when the ledger holds none
 * @param approvals    approval events in order
 * @param credentials  one per issued credential, with its revocation joined in
 * @param agents       declared AI agents
 * @param events       every verified event, as in the ledger
 * @param rollback     the way back: the trusted base, the head, the revert range and the artifacts built, or null
 *                     when the ledger names none of them
 */
public record AuditRecord(Verification verification, Build build, Gate gate, List<Approval> approvals,
                          List<Credential> credentials, List<Agent> agents, List<LedgerEvent> events,
                          Rollback rollback) {

    /**
     * How to undo the governed change.
     *
     * @param baseCommit    the range's base: the last trusted commit, where the code goes back to
     * @param headCommit    the newest commit the gate evaluated
     * @param approved      whether that head was let through (PASS, or the approvals its decision required)
     * @param revertRange   {@code base..head}, the commits a revert undoes (empty without a base)
     * @param revertCommand the exact command, e.g. {@code git revert --no-edit base..head}
     * @param artifacts     the artifacts the build recorded, by digest
     */
    public record Rollback(String baseCommit, String headCommit, boolean approved, String revertRange,
                           String revertCommand, List<ArtifactView> artifacts) {
    }

    /** An artifact the build produced, by name and SHA-256. */
    public record ArtifactView(String time, String name, String sha256, long size) {
    }

    public record Verification(String state, String summary, long count, String head, long badLine, String problem,
                               String publicKey, boolean keyPinned) {
    }

    public record Build(String job, String number, String url) {
    }

    /**
     * The gate's verdict. {@code range}, {@code baseCommit}, {@code policySource}, {@code policyDigest}, {@code agent}
     * and {@code repositoryUrl} are empty when the ledger's gate event does not record them.
     */
    public record Gate(String time, String decision, String headCommit, List<ReasonView> reasons,
                       List<String> controls, RequiredApprovals requiredApprovals, List<CommitView> commits,
                       List<EvidenceView> evidence, String range, String baseCommit, String policySource,
                       String policyDigest, String agent, String repositoryUrl) {
    }

    public record ReasonView(String code, String message, List<String> paths, List<String> commits,
                             List<String> controls) {
    }

    public record RequiredApprovals(int required, List<String> groups, boolean architecturalReview) {
    }

    /**
     * A commit with its attribution: the model its markers name, the agent sessions they reference, and the digest
     * of the prompt declared in this build for an agent of the commit's tool (empty when none).
     */
    public record CommitView(String id, String subject, String author, boolean aiAttributed, String confidence,
                             List<String> tools, List<Finding> evidence, String model, List<Session> sessions,
                             String promptDigest) {
    }

    /**
     * A session reference from a commit's markers. {@code promptText} is the prompt the marker carries;
     * {@code promptWithheld} names the kinds of secret found in it when it was not kept.
     */
    public record Session(String tool, String kind, String id, String url, String model, String promptDigest,
                          String promptText, List<String> promptWithheld) {
    }

    public record Finding(String source, String marker, String tool) {
    }

    /** {@code values}: what was measured (coverage figures, findings counted), as recorded. */
    public record EvidenceView(String check, String outcome, String summary, String file, String sha256,
                               JsonNode values) {
    }

    /** {@code action} is {@code requested}, {@code granted}, {@code refused} or {@code rejected}. */
    public record Approval(String time, String action, String requestId, String approver, List<String> groups,
                           String rule, String reason, int required, boolean architectural) {
    }

    /**
     * {@code status} is {@code REVOKED}, {@code REVOKE_FAILED} or {@code NOT_REVOKED}; {@code agent}, {@code model} and
     * {@code promptDigest} name the declared agent the credential was issued to, {@code requestId} the approval request
     * that authorised it (each empty when none).
     */
    public record Credential(String handleHash, String provider, String role, List<String> policies,
                             long ttlSeconds, String issuedAt, String expiresAt, String status, String revokedAt,
                             String revokeError, String agent, String model, String promptDigest, String requestId) {
        Credential withStatus(String status, String revokedAt, String revokeError) {
            return new Credential(handleHash, provider, role, policies, ttlSeconds, issuedAt, expiresAt, status,
                    revokedAt, revokeError, agent, model, promptDigest, requestId);
        }
    }

    /**
     * A declared agent. {@code status} is {@code DECLARED}, {@code PROMPT_REFUSED} when its prompt held a secret
     * ({@code refusedFor} then names the kinds of secret; the prompt was not kept), or {@code NAMED_BY_GATE} for the
     * agent identity the gate was given ({@code gate --agent}) that nothing declared. {@code promptFile} is where the
     * prompt's text is kept, relative to the ledger's directory; {@code promptSize} is -1 when no prompt was declared.
     */
    public record Agent(String time, String agent, String model, String promptDigest, long promptSize,
                        String promptFile, String status, List<String> refusedFor) {
    }

    /** Reads the record out of a verified ledger (tampered or unsealed ones too: the verification says so). */
    public static AuditRecord of(VerifiedLedger ledger) {
        List<LedgerEvent> events = ledger.events();
        Build build = events.isEmpty() ? new Build("", "", "")
                : new Build(events.get(0).build().job(), events.get(0).build().number(), events.get(0).build().url());
        Gate gate = null;
        List<Approval> approvals = new ArrayList<>();
        Map<String, Credential> credentials = new LinkedHashMap<>();
        List<Agent> agents = new ArrayList<>();
        List<ArtifactView> artifacts = new ArrayList<>();
        for (LedgerEvent event : events) {
            JsonNode data = event.data();
            String time = event.time().toString();
            switch (event.type()) {
                case Events.GATE_EVALUATED -> gate = gate(time, data);
                case Events.APPROVAL_REQUESTED, Events.APPROVAL_GRANTED, Events.APPROVAL_REFUSED,
                     Events.APPROVAL_REJECTED, Events.APPROVAL_CANCELLED -> approvals.add(new Approval(time,
                        event.type().substring("approval.".length()), data.path("requestId").asText(),
                        data.path("approver").asText(), strings(data.path("groups")), data.path("rule").asText(),
                        data.path("reason").asText(), data.path("required").asInt(0),
                        data.path("architectural").asBoolean(false)));
                case Events.CREDENTIAL_ISSUED -> credentials.put(data.path("handleHash").asText(), new Credential(
                        data.path("handleHash").asText(), data.path("provider").asText(), data.path("role").asText(),
                        strings(data.path("policies")), data.path("ttlSeconds").asLong(),
                        data.path("issuedAt").asText(), data.path("expiresAt").asText(), "NOT_REVOKED", "", "",
                        data.path("agent").asText(), data.path("model").asText(), data.path("promptDigest").asText(),
                        data.path("requestId").asText()));
                case Events.CREDENTIAL_REVOKED, Events.CREDENTIAL_REVOKE_FAILED -> {
                    String handle = data.path("handleHash").asText();
                    Credential issued = credentials.getOrDefault(handle, new Credential(handle,
                            data.path("provider").asText(), data.path("role").asText(), List.of(), 0, "", "",
                            "NOT_REVOKED", "", "", "", "", "", ""));
                    boolean revoked = event.type().equals(Events.CREDENTIAL_REVOKED);
                    credentials.put(handle, issued.withStatus(revoked ? "REVOKED" : "REVOKE_FAILED",
                            revoked ? data.path("revokedAt").asText() : "",
                            revoked ? "" : data.path("error").asText() + " (after " + data.path("attempts").asInt()
                                    + " attempts, at " + time + ")"));
                }
                case Events.AGENT_DECLARED -> agents.add(new Agent(time, data.path("agent").asText(),
                        data.path("model").asText(), data.path("promptDigest").asText(),
                        data.path("promptSize").asLong(-1), data.path("promptFile").asText(), "DECLARED", List.of()));
                case Events.AGENT_PROMPT_REFUSED -> agents.add(new Agent(time, data.path("agent").asText(),
                        data.path("model").asText(), "", -1, "", "PROMPT_REFUSED", strings(data.path("secretKinds"))));
                case Events.ARTIFACT_RECORDED -> artifacts.add(new ArtifactView(time, data.path("name").asText(),
                        data.path("sha256").asText(), data.path("size").asLong(-1)));
                default -> {
                    // ledger.sealed and event types this version does not know stay in events only
                }
            }
        }
        if (gate != null) {
            gate = withDeclaredPrompts(gate, agents);
            String named = gate.agent();
            if (!named.isEmpty() && agents.stream().noneMatch(a -> a.agent().equals(named))) {
                agents.add(new Agent(gate.time(), named, "", "", -1, "", "NAMED_BY_GATE", List.of()));
            }
        }
        return new AuditRecord(verification(ledger.result()), build, gate, approvals,
                List.copyOf(credentials.values()), agents, events, rollback(gate, approvals, artifacts));
    }

    /**
     * The record with artifacts named at report time ({@code report --artifact}) added to the way back, beside the
     * ones the ledger records.
     */
    public AuditRecord withArtifacts(List<ArtifactView> more) {
        if (more.isEmpty()) {
            return this;
        }
        Rollback r = rollback != null ? rollback : new Rollback("", "", false, "", "", List.of());
        List<ArtifactView> all = new ArrayList<>(r.artifacts());
        all.addAll(more);
        return new AuditRecord(verification, build, gate, approvals, credentials, agents, events,
                new Rollback(r.baseCommit(), r.headCommit(), r.approved(), r.revertRange(), r.revertCommand(), List.copyOf(all)));
    }

    private static Rollback rollback(Gate gate, List<Approval> approvals, List<ArtifactView> artifacts) {
        if ((gate == null || gate.headCommit().isEmpty()) && artifacts.isEmpty()) {
            return null;
        }
        String base = gate == null ? "" : gate.baseCommit();
        String head = gate == null ? "" : gate.headCommit();
        boolean approved = gate != null && (gate.decision().equals("PASS") || gate.decision().equals("APPROVAL_REQUIRED")
                && gate.requiredApprovals() != null && approvals.stream().filter(a -> a.action().equals("granted"))
                .map(Approval::approver).distinct().count() >= gate.requiredApprovals().required());
        String range = base.isEmpty() || head.isEmpty() ? "" : base + ".." + head;
        String command = range.isEmpty() ? "" : "git revert --no-edit " + range;
        return new Rollback(base, head, approved, range, command, List.copyOf(artifacts));
    }

    /** The declared prompt's digest on each AI commit whose tools include the declared agent. */
    private static Gate withDeclaredPrompts(Gate gate, List<Agent> agents) {
        List<CommitView> commits = new ArrayList<>();
        for (CommitView c : gate.commits()) {
            String digest = "";
            for (Agent agent : agents) {
                if (!agent.promptDigest().isEmpty() && c.aiAttributed() && c.tools().stream().anyMatch(tool ->
                        sameAgent(tool, agent.agent()))) {
                    digest = agent.promptDigest();
                }
            }
            commits.add(new CommitView(c.id(), c.subject(), c.author(), c.aiAttributed(), c.confidence(), c.tools(),
                    c.evidence(), c.model(), c.sessions(), digest));
        }
        return new Gate(gate.time(), gate.decision(), gate.headCommit(), gate.reasons(), gate.controls(),
                gate.requiredApprovals(), commits, gate.evidence(), gate.range(), gate.baseCommit(), gate.policySource(),
                gate.policyDigest(), gate.agent(), gate.repositoryUrl());
    }

    /** A tool id and a declared agent name denote the same agent: {@code claude-code} and {@code claude}, {@code aider}. */
    static boolean sameAgent(String tool, String agent) {
        String a = agent.strip().toLowerCase(java.util.Locale.ROOT);
        return !a.isEmpty() && (tool.equals(a) || tool.startsWith(a + "-") || a.startsWith(tool));
    }

    private static Verification verification(VerificationResult result) {
        return switch (result) {
            case VerificationResult.IntactSealed r ->
                    new Verification(r.state(), r.describe(), r.count(), r.head(), 0, "", r.publicKey(), r.keyPinned());
            case VerificationResult.Unsealed r ->
                    new Verification(r.state(), r.describe(), r.count(), r.head(), 0, "", "", false);
            case VerificationResult.Truncated r ->
                    new Verification(r.state(), r.describe(), r.count(), "", r.line(), "torn-last-line", "", false);
            case VerificationResult.Tampered r ->
                    new Verification(r.state(), r.describe(), r.line() - 1, "", r.line(), r.problem().id(), "", false);
        };
    }

    private static Gate gate(String time, JsonNode data) {
        List<ReasonView> reasons = new ArrayList<>();
        for (JsonNode r : data.path("reasons")) {
            reasons.add(new ReasonView(r.path("code").asText(), r.path("message").asText(), strings(r.path("paths")),
                    strings(r.path("commits")), strings(r.path("controls"))));
        }
        Map<String, JsonNode> attributions = new LinkedHashMap<>();
        data.path("attributions").forEach(a -> attributions.put(a.path("commit").asText(), a));
        Map<String, JsonNode> commits = new LinkedHashMap<>();
        data.path("commits").forEach(c -> commits.put(c.path("id").asText(), c));
        List<CommitView> views = new ArrayList<>();
        List<String> ids = new ArrayList<>(commits.keySet());
        attributions.keySet().stream().filter(id -> !commits.containsKey(id)).forEach(ids::add);
        for (String id : ids) {
            JsonNode c = commits.getOrDefault(id, com.fasterxml.jackson.databind.node.MissingNode.getInstance());
            JsonNode a = attributions.getOrDefault(id, com.fasterxml.jackson.databind.node.MissingNode.getInstance());
            List<Finding> findings = new ArrayList<>();
            a.path("evidence").forEach(e -> findings.add(new Finding(e.path("source").asText(),
                    e.path("marker").asText(), e.path("tool").asText())));
            List<Session> sessions = new ArrayList<>();
            String model = "";
            for (JsonNode s : a.path("sessions")) {
                sessions.add(new Session(s.path("tool").asText(), s.path("kind").asText(), s.path("id").asText(),
                        s.path("url").asText(), s.path("model").asText(), s.path("promptDigest").asText(),
                        s.path("promptText").asText(), strings(s.path("promptWithheld"))));
                model = model.isEmpty() ? s.path("model").asText() : model;
            }
            views.add(new CommitView(id, c.path("subject").asText(), c.path("author").asText(),
                    a.path("aiAttributed").asBoolean(false), a.path("confidence").asText("none"),
                    strings(a.path("tools")), findings, model, sessions, ""));
        }
        List<EvidenceView> evidence = new ArrayList<>();
        data.path("evidence").forEach(e -> evidence.add(new EvidenceView(e.path("check").asText(),
                e.path("outcome").asText(), e.path("summary").asText(), e.path("file").asText(),
                e.path("sha256").asText(), e.path("values").isObject() ? e.path("values")
                        : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode())));
        JsonNode required = data.path("requiredApprovals");
        return new Gate(time, data.path("decision").asText(), data.path("headCommit").asText(), reasons,
                strings(data.path("controls")), required.isObject() ? new RequiredApprovals(
                required.path("required").asInt(), strings(required.path("groups")),
                required.path("architecturalReview").asBoolean()) : null, views, evidence,
                data.path("range").asText(), data.path("baseCommit").asText(), data.path("policy").path("source").asText(),
                data.path("policy").path("digest").asText(), data.path("agent").asText(),
                data.path("repositoryUrl").asText());
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
