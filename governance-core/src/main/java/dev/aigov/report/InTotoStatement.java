package dev.aigov.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Objects;

/**
 * The record as an in-toto Statement v1: the subject is the commit under build ({@code gitCommit} digest) and any
 * artifacts given (sha256); the predicate ({@link #PREDICATE_TYPE}) holds the decision, reasons and controls,
 * approvals, the credential lifecycle and the ledger's head hash and verification.
 */
public final class InTotoStatement {
    public static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
    public static final String PREDICATE_TYPE = "https://aigov.dev/governance-decision/v1";

    /** An artifact to name as a subject. */
    public record Artifact(String name, String sha256) {
        public Artifact {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(sha256, "sha256");
        }
    }

    private InTotoStatement() {
    }

    /** The payload type of an in-toto statement in a DSSE envelope. */
    public static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";

    /**
     * The statement in a DSSE envelope signed with the ledger key, as the in-toto attestation framework specifies:
     * {@code payloadType} {@value #PAYLOAD_TYPE}, the statement's JSON (compact, non-ASCII escaped) in base64 as
     * {@code payload}, and one Ed25519 signature over DSSE's Pre-Authentication Encoding with the key's raw public key
     * (base64url) as {@code keyid}.
     *
     * @throws IllegalArgumentException when there is no subject: no commit recorded and no artifact given
     */
    public static String envelope(AuditRecord record, List<Artifact> artifacts, dev.aigov.ledger.LedgerKey key) {
        ObjectNode statement = statement(record, artifacts);
        byte[] payload;
        try {
            payload = JsonReport.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .with(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII)
                    .writeValueAsBytes(statement);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the in-toto statement", e);
        }
        ObjectNode envelope = JsonReport.MAPPER.createObjectNode();
        envelope.put("payloadType", PAYLOAD_TYPE);
        envelope.put("payload", java.util.Base64.getEncoder().encodeToString(payload));
        envelope.putArray("signatures").addObject().put("keyid", key.publicKeyRaw())
                .put("sig", java.util.Base64.getEncoder().encodeToString(key.signDsse(PAYLOAD_TYPE, payload)));
        try {
            return JsonReport.MAPPER.writeValueAsString(envelope) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the DSSE envelope", e);
        }
    }

    /**
     * The bare (unsigned) statement.
     *
     * @throws IllegalArgumentException when there is no subject: no commit recorded and no artifact given
     */
    public static String render(AuditRecord record, List<Artifact> artifacts) {
        try {
            return JsonReport.MAPPER.writeValueAsString(statement(record, artifacts)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the in-toto statement", e);
        }
    }

    private static ObjectNode statement(AuditRecord record, List<Artifact> artifacts) {
        var mapper = JsonReport.MAPPER;
        ObjectNode statement = mapper.createObjectNode();
        statement.put("_type", STATEMENT_TYPE);
        ArrayNode subject = statement.putArray("subject");
        AuditRecord.Gate gate = record.gate();
        if (gate != null && !gate.headCommit().isEmpty()) {
            ObjectNode commit = subject.addObject();
            commit.put("name", record.build().job().isEmpty() ? gate.headCommit() : record.build().job());
            commit.putObject("digest").put("gitCommit", gate.headCommit());
        }
        for (Artifact artifact : artifacts) {
            subject.addObject().put("name", artifact.name()).putObject("digest").put("sha256", artifact.sha256());
        }
        if (subject.isEmpty()) {
            throw new IllegalArgumentException("an in-toto statement needs a subject: the ledger records no commit "
                    + "under build, so name an artifact");
        }
        statement.put("predicateType", PREDICATE_TYPE);
        ObjectNode predicate = statement.putObject("predicate");
        predicate.set("build", mapper.valueToTree(record.build()));
        if (gate != null) {
            predicate.put("decision", gate.decision());
            predicate.put("evaluatedAt", gate.time());
            predicate.set("reasons", mapper.valueToTree(gate.reasons()));
            predicate.set("controls", mapper.valueToTree(gate.controls()));
            predicate.set("requiredApprovals", mapper.valueToTree(gate.requiredApprovals()));
            ArrayNode commits = predicate.putArray("commits");
            gate.commits().forEach(c -> commits.addObject().put("id", c.id()).put("aiAttributed", c.aiAttributed())
                    .put("confidence", c.confidence()).set("tools", mapper.valueToTree(c.tools())));
            predicate.set("evidence", mapper.valueToTree(gate.evidence()));
        } else {
            predicate.put("decision", "NONE");
        }
        predicate.set("approvals", mapper.valueToTree(record.approvals()));
        predicate.set("credentials", mapper.valueToTree(record.credentials()));
        predicate.set("agents", mapper.valueToTree(record.agents()));
        ObjectNode ledger = predicate.putObject("ledger");
        ledger.put("verification", record.verification().state());
        ledger.put("summary", record.verification().summary());
        ledger.put("events", record.verification().count());
        ledger.put("headHash", record.verification().head());
        ledger.put("publicKey", record.verification().publicKey());
        if (record.rollback() != null) {
            predicate.set("rollback", mapper.valueToTree(record.rollback()));
        }
        return statement;
    }
}
