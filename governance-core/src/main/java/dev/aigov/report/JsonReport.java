package dev.aigov.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigov.ledger.LedgerEvent;

/**
 * The whole audit record as one JSON document for SIEM ingestion: {@code schema}, then {@link AuditRecord}'s fields
 * under their stable names, with every verified ledger event in {@code events}.
 */
public final class JsonReport {
    public static final String SCHEMA = "https://aigov.dev/audit-record/v1";

    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT).build();

    private JsonReport() {
    }

    public static String render(AuditRecord record) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schema", SCHEMA);
        ObjectNode body = MAPPER.valueToTree(new AuditRecord(record.verification(), record.build(), record.gate(),
                record.approvals(), record.credentials(), record.agents(), java.util.List.of(), record.rollback()));
        body.remove("events");
        root.setAll(body);
        var events = root.putArray("events");
        for (LedgerEvent event : record.events()) {
            ObjectNode e = events.addObject();
            e.put("seq", event.seq());
            e.put("time", event.time().toString());
            e.put("type", event.type());
            e.putObject("build").put("job", event.build().job()).put("number", event.build().number())
                    .put("url", event.build().url());
            e.put("actor", event.actor());
            e.set("data", event.data());
            e.put("prev", event.prev());
            e.put("hash", event.hash());
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the JSON report", e);
        }
    }
}
