package dev.aigov.ledger;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigov.approval.ApprovalEvent;
import dev.aigov.credentials.Lease;
import dev.aigov.credentials.LeaseHandle;
import dev.aigov.gate.ApprovalRequirement;
import dev.aigov.gate.AttributedCommit;
import dev.aigov.gate.Decision;
import dev.aigov.gate.GateResult;
import dev.aigov.gate.Reason;
import dev.aigov.provenance.Attribution;
import dev.aigov.provenance.AttributionEvidence;
import dev.aigov.provenance.Commit;
import dev.aigov.provenance.SessionRef;
import dev.aigov.evidence.SecretScanner;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Typed builders for every ledger event. They take the engine's own types and copy only non-secret parts: a
 * {@link Lease}'s secrets are never read, a credential handle is recorded only as its SHA-256.
 */
public final class Events {
    public static final String GATE_EVALUATED = "gate.evaluated";
    public static final String APPROVAL_REQUESTED = "approval.requested";
    /** An approver approved and the engine accepted the approval. */
    public static final String APPROVAL_GRANTED = "approval.granted";
    /** An approver tried to approve and the engine refused (separation of duties, not in an allowed group). */
    public static final String APPROVAL_REFUSED = "approval.refused";
    /** An approver rejected the change. */
    public static final String APPROVAL_REJECTED = "approval.rejected";
    /** The request was closed without a decision (the build was stopped while it waited). */
    public static final String APPROVAL_CANCELLED = "approval.cancelled";
    public static final String CREDENTIAL_ISSUED = "credential.issued";
    public static final String CREDENTIAL_REVOKED = "credential.revoked";
    public static final String CREDENTIAL_REVOKE_FAILED = "credential.revoke-failed";
    public static final String AGENT_DECLARED = "agent.declared";
    /** A declared prompt held a secret: the agent never ran and the prompt was not kept. */
    public static final String AGENT_PROMPT_REFUSED = "agent.prompt-refused";
    public static final String SEALED = "ledger.sealed";
    /** An artifact the build produced, by name and SHA-256: part of the way back. */
    public static final String ARTIFACT_RECORDED = "artifact.recorded";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final com.fasterxml.jackson.databind.ObjectMapper VALUES = new com.fasterxml.jackson.databind.ObjectMapper();
    /** Prompt text from a commit's markers is kept up to this many characters. */
    static final int PROMPT_TEXT_LIMIT = 8000;

    /**
     * What the gate looked at beside its result, for the record: the range and its trusted base (the way back), the
     * policy and where it came from, the declared agent, and the repository's web address (for links); any may be
     * empty.
     */
    public record GateContext(String range, String baseCommit, String policySource, String policyDigest, String agent,
                              String repositoryUrl) {
        public GateContext {
            range = Objects.requireNonNullElse(range, "");
            baseCommit = Objects.requireNonNullElse(baseCommit, "");
            policySource = Objects.requireNonNullElse(policySource, "");
            policyDigest = Objects.requireNonNullElse(policyDigest, "");
            agent = Objects.requireNonNullElse(agent, "");
            repositoryUrl = Objects.requireNonNullElse(repositoryUrl, "");
        }
    }

    private Events() {
    }

    /**
     * The gate's verdict with everything behind it.
     *
     * @param headCommit   the commit under build (the in-toto subject), or empty
     * @param decision     the verdict, its reasons and control ids
     * @param commits      the commits examined (id, subject, author and committer are recorded)
     * @param attributions one per commit
     * @param evidence     the evidence checks with the digests of the reports they read
     */
    public static Event gateEvaluated(String headCommit, Decision decision, List<Commit> commits,
                                      List<Attribution> attributions, List<EvidenceResult> evidence) {
        ObjectNode data = JSON.objectNode();
        data.put("headCommit", Objects.requireNonNullElse(headCommit, ""));
        data.put("decision", decision.id());
        ArrayNode reasons = data.putArray("reasons");
        TreeSet<String> controls = new TreeSet<>();
        for (Reason reason : decision.reasons()) {
            ObjectNode r = reasons.addObject();
            r.put("code", reason.code());
            r.put("message", reason.message());
            strings(r.putArray("paths"), reason.paths());
            strings(r.putArray("commits"), reason.commits());
            strings(r.putArray("controls"), reason.controls());
            controls.addAll(reason.controls());
        }
        strings(data.putArray("controls"), controls);
        if (decision instanceof Decision.ApprovalRequired required) {
            requirement(data.putObject("requiredApprovals"), required.approval());
        }
        ArrayNode commitArray = data.putArray("commits");
        for (Commit commit : commits) {
            ObjectNode c = commitArray.addObject();
            c.put("id", commit.id());
            c.put("subject", commit.subject());
            c.put("author", commit.author().toString());
            c.put("committer", commit.committer().toString());
        }
        ArrayNode attributionArray = data.putArray("attributions");
        for (Attribution attribution : attributions) {
            ObjectNode a = attributionArray.addObject();
            a.put("commit", attribution.commit());
            a.put("aiAttributed", attribution.aiAttributed());
            a.put("confidence", attribution.confidence().id());
            strings(a.putArray("tools"), attribution.tools());
            ArrayNode found = a.putArray("evidence");
            for (AttributionEvidence e : attribution.evidence()) {
                found.addObject().put("source", e.source()).put("marker", e.marker()).put("tool", e.tool());
            }
            ArrayNode sessions = a.putArray("sessions");
            attribution.sessions().forEach(session -> session(sessions.addObject(), session));
        }
        ArrayNode evidenceArray = data.putArray("evidence");
        for (EvidenceResult e : evidence) {
            ObjectNode check = evidenceArray.addObject().put("check", e.check()).put("file", e.file()).put("sha256", e.sha256())
                    .put("outcome", e.outcome()).put("summary", e.summary());
            check.set("values", withoutFloats(VALUES.valueToTree(e.values())));
        }
        return new Event(GATE_EVALUATED, data);
    }

    /**
     * The gate's verdict with what it looked at: {@link #gateEvaluated(GateResult)} plus the range, its base commit
     * (the rollback point), the policy's source and digest, the declared agent and the repository's web address.
     */
    public static Event gateEvaluated(GateResult result, GateContext context) {
        return withContext(gateEvaluated(result), context);
    }

    /** {@link #gateEvaluated(String, Decision, List, List, List)} with what the gate looked at. */
    public static Event gateEvaluated(String headCommit, Decision decision, List<Commit> commits,
                                      List<Attribution> attributions, List<EvidenceResult> evidence, GateContext context) {
        return withContext(gateEvaluated(headCommit, decision, commits, attributions, evidence), context);
    }

    private static Event withContext(Event event, GateContext context) {
        ObjectNode data = event.data();
        data.put("range", context.range());
        data.put("baseCommit", context.baseCommit());
        data.putObject("policy").put("source", context.policySource()).put("digest", context.policyDigest());
        data.put("agent", context.agent());
        data.put("repositoryUrl", context.repositoryUrl());
        return event;
    }

    /**
     * A session reference as data. Prompt text a marker carries is kept (bounded) with its digest, unless it holds a
     * secret: then only the digest and the kinds of secret are kept.
     */
    private static void session(ObjectNode into, SessionRef session) {
        into.put("tool", session.tool()).put("kind", session.kind()).put("id", session.id()).put("url", session.url())
                .put("model", session.model());
        String text = session.promptText();
        if (text.isEmpty()) {
            return;
        }
        into.put("promptDigest", "sha256:" + Canonical.sha256Hex(text.getBytes(StandardCharsets.UTF_8)));
        java.util.Set<String> kinds = new java.util.TreeSet<>();
        SecretScanner.scanText("prompt", text).forEach(f -> kinds.add(f.kind()));
        if (!kinds.isEmpty()) {
            strings(into.putArray("promptWithheld"), kinds);
        } else {
            into.put("promptText", text.length() <= PROMPT_TEXT_LIMIT ? text : text.substring(0, PROMPT_TEXT_LIMIT) + "…");
        }
    }

    /**
     * The gate's verdict from its result: every commit with its attribution, and each evidence check with the digest
     * of every report it read.
     */
    public static Event gateEvaluated(GateResult result) {
        List<EvidenceResult> evidence = new java.util.ArrayList<>();
        result.evidence().summary().forEach((check, value) -> {
            if (!(value instanceof java.util.Map<?, ?> summary)) {
                return;
            }
            String outcome = String.valueOf(summary.get("status"));
            String checked = String.valueOf(summary.get("checked"));
            Object reports = summary.get("reports");
            if (reports instanceof List<?> list && !list.isEmpty()) {
                for (Object report : list) {
                    java.util.Map<?, ?> r = (java.util.Map<?, ?>) report;
                    evidence.add(new EvidenceResult(check, String.valueOf(r.get("path")), String.valueOf(r.get("sha256")), outcome, checked,
                            values(summary.get("metrics"))));
                }
            } else {
                evidence.add(new EvidenceResult(check, "", "", outcome, checked, values(summary.get("metrics"))));
            }
        });
        List<Commit> commits = result.commits().stream().map(AttributedCommit::commit).toList();
        List<Attribution> attributions = result.commits().stream().map(AttributedCommit::attribution).toList();
        String head = commits.isEmpty() ? "" : commits.get(0).id();
        return gateEvaluated(head, result.decision(), commits, attributions, evidence);
    }

    /**
     * The ledger holds no floating-point numbers (their text differs between JSON writers, so a canonical encoding
     * could not be reproduced): a measured fraction such as a coverage of 0.8125 is recorded as the string
     * {@code "0.8125"}.
     */
    static com.fasterxml.jackson.databind.JsonNode withoutFloats(com.fasterxml.jackson.databind.JsonNode node) {
        if (node.isFloatingPointNumber()) {
            double value = node.doubleValue();
            return JSON.textNode(Double.isFinite(value) ? node.decimalValue().stripTrailingZeros().toPlainString()
                    : String.valueOf(value));
        }
        if (node.isObject()) {
            ObjectNode copy = JSON.objectNode();
            node.properties().forEach(e -> copy.set(e.getKey(), withoutFloats(e.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JSON.arrayNode();
            node.forEach(v -> copy.add(withoutFloats(v)));
            return copy;
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    private static java.util.Map<String, Object> values(Object metrics) {
        return metrics instanceof java.util.Map<?, ?> map ? (java.util.Map<String, Object>) map : java.util.Map.of();
    }

    /** The build paused for approval. */
    public static Event approvalRequested(String requestId, ApprovalRequirement requirement) {
        ObjectNode data = JSON.objectNode();
        data.put("requestId", requestId);
        requirement(data, requirement);
        return new Event(APPROVAL_REQUESTED, data);
    }

    /** An approval the engine accepted. {@code rule} names the policy rule it satisfies; {@code reason} is the approver's. */
    public static Event approvalGranted(String requestId, String approver, List<String> groups, String rule,
                                        String reason) {
        return new Event(APPROVAL_GRANTED, approval(requestId, approver, groups, rule, reason));
    }

    /** An approval the engine refused; {@code reason} says why (e.g. the approver authored an AI-attributed commit). */
    public static Event approvalRefused(String requestId, String approver, List<String> groups, String rule,
                                        String reason) {
        return new Event(APPROVAL_REFUSED, approval(requestId, approver, groups, rule, reason));
    }

    /** The ledger event for one approval action: granted, rejected, or refused by a separation-of-duties rule. */
    public static Event approval(String requestId, ApprovalEvent action) {
        Event event = switch (action.type()) {
            case ApprovalEvent.APPROVED -> approvalGranted(requestId, action.actor(), action.groups(), action.rule(), action.why());
            case ApprovalEvent.REJECTED -> approvalRejected(requestId, action.actor(), action.groups(), action.rule(), action.why());
            default -> approvalRefused(requestId, action.actor(), action.groups(), action.rule(), action.why());
        };
        ApprovalEvent.Signed signed = action.signed();
        event.data().put("architectural", action.architectural()); // the approver's architectural review, on the record
        if (signed != null) {
            ObjectNode data = event.data();
            ObjectNode sig = data.putObject("signature");
            sig.put("keyFingerprint", Objects.requireNonNullElse(signed.fingerprint(), ""));
            sig.put("payloadSha256", Objects.requireNonNullElse(signed.payloadDigest(), ""));
            sig.put("namespace", "aigov-approval");
            data.put("base", signed.base());
            data.put("head", signed.head());
            data.put("policyDigest", signed.policyDigest());
        }
        return event;
    }

    /** An approver rejected the change; {@code reason} is theirs. */
    public static Event approvalRejected(String requestId, String approver, List<String> groups, String rule,
                                         String reason) {
        return new Event(APPROVAL_REJECTED, approval(requestId, approver, groups, rule, reason));
    }

    /** The request was closed without a decision; {@code reason} says why (e.g. the build was aborted by whom). */
    public static Event approvalCancelled(String requestId, String reason) {
        ObjectNode data = JSON.objectNode();
        data.put("requestId", requestId);
        data.put("reason", Objects.requireNonNullElse(reason, ""));
        return new Event(APPROVAL_CANCELLED, data);
    }

    /** A credential was issued. Records the handle's hash, role, policies/audience, TTL and times: never a secret. */
    public static Event credentialIssued(Lease lease) {
        return credentialIssued(lease, "", "", "", "");
    }

    /**
     * A credential was issued to a declared agent's block: which agent and model, with which prompt (its digest), and
     * the approval request that authorised it; any of them may be empty.
     */
    public static Event credentialIssued(Lease lease, String agent, String model, String promptDigest, String requestId) {
        ObjectNode data = handle(lease.handle(), lease.role());
        data.put("agent", Objects.requireNonNullElse(agent, ""));
        data.put("model", Objects.requireNonNullElse(model, ""));
        data.put("promptDigest", Objects.requireNonNullElse(promptDigest, ""));
        data.put("requestId", Objects.requireNonNullElse(requestId, ""));
        strings(data.putArray("policies"), lease.policies());
        data.put("issuedAt", lease.issuedAt().toString());
        data.put("expiresAt", lease.expiresAt().toString());
        data.put("ttlSeconds", Duration.between(lease.issuedAt(), lease.expiresAt()).toSeconds());
        return new Event(CREDENTIAL_ISSUED, data);
    }

    public static Event credentialRevoked(LeaseHandle handle, String role, Instant revokedAt) {
        ObjectNode data = handle(handle, role);
        data.put("revokedAt", revokedAt.toString());
        return new Event(CREDENTIAL_REVOKED, data);
    }

    /** Revocation gave up after {@code attempts}; {@code error} must not hold a secret (provider errors do not). */
    public static Event credentialRevokeFailed(LeaseHandle handle, String role, int attempts, String error) {
        ObjectNode data = handle(handle, role);
        data.put("attempts", attempts);
        data.put("error", Objects.requireNonNullElse(error, ""));
        return new Event(CREDENTIAL_REVOKE_FAILED, data);
    }

    /** The AI agent working in this build, as the pipeline declares it; any value may be empty. */
    public static Event agentDeclared(String agent, String model, String promptDigest) {
        return agentDeclared(agent, model, promptDigest, -1, "");
    }

    /**
     * The AI agent and the prompt it is given: the prompt's digest ({@code sha256:<hex>}) and size in bytes, and where
     * its text is kept ({@code promptFile}, relative to the ledger's directory), so it can be read and checked.
     * {@code promptSize} is negative when no prompt was declared.
     */
    public static Event agentDeclared(String agent, String model, String promptDigest, long promptSize, String promptFile) {
        ObjectNode data = JSON.objectNode();
        data.put("agent", Objects.requireNonNullElse(agent, ""));
        data.put("model", Objects.requireNonNullElse(model, ""));
        data.put("promptDigest", Objects.requireNonNullElse(promptDigest, ""));
        if (promptSize >= 0) {
            data.put("promptSize", promptSize);
            data.put("promptFile", Objects.requireNonNullElse(promptFile, ""));
        }
        return new Event(AGENT_DECLARED, data);
    }

    /**
     * A declared prompt was refused because it holds a secret: the kinds found (e.g. {@code github-token}) and the
     * lines holding them; never the secret, never the prompt's text or digest (a digest of a short secret can be
     * guessed).
     */
    public static Event agentPromptRefused(String agent, String model, List<String> kinds, List<Integer> lines) {
        ObjectNode data = JSON.objectNode();
        data.put("agent", Objects.requireNonNullElse(agent, ""));
        data.put("model", Objects.requireNonNullElse(model, ""));
        strings(data.putArray("secretKinds"), kinds);
        ArrayNode at = data.putArray("lines");
        lines.forEach(at::add);
        return new Event(AGENT_PROMPT_REFUSED, data);
    }

    /** An artifact the build produced: its name (a file name, never a local path), SHA-256 (hex) and size in bytes. */
    public static Event artifactRecorded(String name, String sha256, long size) {
        ObjectNode data = JSON.objectNode();
        data.put("name", Objects.requireNonNull(name, "name"));
        data.put("sha256", Objects.requireNonNull(sha256, "sha256"));
        data.put("size", size);
        return new Event(ARTIFACT_RECORDED, data);
    }

    /** SHA-256 (hex) of a handle's id: how the ledger names a credential without giving away its accessor. */
    public static String handleHash(LeaseHandle handle) {
        return Canonical.sha256Hex(handle.id().getBytes(StandardCharsets.UTF_8));
    }

    static Event sealed(long count, String head, String publicKey, String signature) {
        ObjectNode data = JSON.objectNode();
        data.put("algorithm", "Ed25519");
        data.put("count", count);
        data.put("head", head);
        data.put("publicKey", publicKey);
        data.put("signature", signature);
        return new Event(SEALED, data);
    }

    private static ObjectNode handle(LeaseHandle handle, String role) {
        ObjectNode data = JSON.objectNode();
        data.put("handleHash", handleHash(handle));
        data.put("provider", handle.provider());
        data.put("role", role);
        return data;
    }

    private static ObjectNode approval(String requestId, String approver, List<String> groups, String rule,
                                       String reason) {
        ObjectNode data = JSON.objectNode();
        data.put("requestId", Objects.requireNonNull(requestId, "requestId"));
        data.put("approver", Objects.requireNonNull(approver, "approver"));
        strings(data.putArray("groups"), groups);
        data.put("rule", Objects.requireNonNullElse(rule, ""));
        data.put("reason", Objects.requireNonNullElse(reason, ""));
        return data;
    }

    private static void requirement(ObjectNode into, ApprovalRequirement requirement) {
        into.put("required", requirement.required());
        strings(into.putArray("groups"), requirement.groups());
        into.put("architecturalReview", requirement.architecturalReview());
    }

    private static void strings(ArrayNode array, Collection<String> values) {
        values.forEach(array::add);
    }
}
