package dev.aigov.evidence;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Results of one SARIF 2.1.0 log, streamed run by run and result by result (each result is read as a small tree), so
 * memory does not grow with the log, provided each run's {@code tool} precedes its {@code results} as SARIF writers do;
 * otherwise results waiting for their rule's default level are held until the run ends.
 */
final class SarifReport {
    static final List<String> LEVELS = List.of("error", "warning", "note", "none");

    /** One result, reduced to what the gate needs (never the message text, which may quote source). */
    record Finding(String ruleId, String level, String path, int line, boolean inChange, Set<String> keys) {
    }

    interface Sink {
        void accept(Finding finding);
    }

    /** Streams the log; each finding (with its level resolved) goes to {@code sink}. */
    static Set<String> read(Reports.Opened report, RepoPaths changed, Sink sink) throws EvidenceException {
        Set<String> revisions = new LinkedHashSet<>();
        try (JsonParser json = Reports.JSON.createParser(report.forParser())) {
            expect(report, json, json.nextToken(), JsonToken.START_OBJECT, "a SARIF log object");
            boolean sawVersion = false;
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                if (field.equals("version")) {
                    if (!"2.1.0".equals(json.getValueAsString())) {
                        throw at(report, json, "version: expected \"2.1.0\", was " + json.getText());
                    }
                    sawVersion = true;
                } else if (field.equals("runs")) {
                    expect(report, json, value, JsonToken.START_ARRAY, "runs: an array");
                    int run = 0;
                    while (json.nextToken() == JsonToken.START_OBJECT) {
                        readRun(report, json, changed, sink, revisions, "/runs/" + run++);
                    }
                    expect(report, json, json.currentToken(), JsonToken.END_ARRAY, "runs: run objects");
                } else {
                    json.skipChildren();
                }
            }
            if (!sawVersion) {
                throw new EvidenceException(report.name, 1, 1, "not a SARIF log: no \"version\": \"2.1.0\"");
            }
            JsonToken after = json.nextToken();
            if (after != null) {
                throw at(report, json, "trailing content after the SARIF log (" + after.asString() + "); a report is one JSON document");
            }
            return revisions;
        } catch (JsonProcessingException e) {
            throw Reports.malformed(report.name, e);
        } catch (IOException e) {
            throw new EvidenceException(report.name, "cannot read report: " + e.getMessage());
        }
    }

    private static void readRun(Reports.Opened report, JsonParser json, RepoPaths changed, Sink sink,
                                Set<String> revisions, String runPointer) throws IOException, EvidenceException {
        Map<String, String> levelById = null;
        List<String> levelByIndex = null;
        List<Map.Entry<JsonNode, String>> waiting = new ArrayList<>();
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            switch (field) {
                case "tool" -> {
                    JsonNode rules = json.readValueAsTree() instanceof JsonNode tool ? tool.path("driver").path("rules")
                            : null;
                    levelById = new HashMap<>();
                    levelByIndex = new ArrayList<>();
                    String rulesPointer = runPointer + "/tool/driver/rules";
                    if (rules != null && !rules.isMissingNode() && !rules.isNull() && !rules.isArray()) {
                        throw new EvidenceException(report.name, rulesPointer + ": expected an array, found " + kindOf(rules));
                    }
                    if (rules != null) {
                        for (int i = 0; i < rules.size(); i++) {
                            JsonNode rule = rules.get(i);
                            JsonNode declared = rule.path("defaultConfiguration").path("level");
                            String level = declared.isMissingNode() || declared.isNull() ? "warning"
                                    : level(report, declared, rulesPointer + "/" + i + "/defaultConfiguration/level");
                            levelByIndex.add(level);
                            if (rule.hasNonNull("id")) {
                                levelById.put(rule.get("id").asText(), level);
                            }
                        }
                    }
                    for (Map.Entry<JsonNode, String> result : waiting) {
                        sink.accept(finding(report, result.getKey(), result.getValue(), levelById, levelByIndex, changed));
                    }
                    waiting.clear();
                }
                case "results" -> {
                    if (value == JsonToken.VALUE_NULL) {
                        continue;
                    }
                    expect(report, json, value, JsonToken.START_ARRAY, "results: an array");
                    int index = 0;
                    while (json.nextToken() == JsonToken.START_OBJECT) {
                        JsonNode result = json.readValueAsTree();
                        String pointer = runPointer + "/results/" + index++;
                        if (levelById == null && !result.hasNonNull("level")) {
                            waiting.add(Map.entry(result, pointer));
                        } else {
                            sink.accept(finding(report, result, pointer, levelById, levelByIndex, changed));
                        }
                    }
                    expect(report, json, json.currentToken(), JsonToken.END_ARRAY, "results: result objects");
                }
                case "versionControlProvenance" -> {
                    JsonNode provenance = json.readValueAsTree();
                    for (JsonNode vcs : provenance) {
                        if (vcs.hasNonNull("revisionId")) {
                            revisions.add(vcs.get("revisionId").asText());
                        }
                    }
                }
                default -> json.skipChildren();
            }
        }
        for (Map.Entry<JsonNode, String> result : waiting) {
            sink.accept(finding(report, result.getKey(), result.getValue(), Map.of(), List.of(), changed));
        }
    }

    /** SARIF result kinds that are not a failure (§3.27.9); any other kind, unknown ones too, counts as a failure. */
    private static final Set<String> NOT_FAILING = Set.of("pass", "open", "informational", "notApplicable", "review");

    /**
     * A level: a string, else the report is unreadable; a string we do not know ({@code "ERROR"}, {@code "critical"})
     * counts as the most severe, never as none.
     */
    private static String level(Reports.Opened report, JsonNode node, String pointer) throws EvidenceException {
        if (!node.isTextual()) {
            throw new EvidenceException(report.name, pointer + ": expected one of " + String.join(", ", LEVELS)
                    + ", found " + kindOf(node));
        }
        String level = node.asText();
        return LEVELS.contains(level) ? level : "error";
    }

    static String kindOf(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "true or false";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** The effective level (SARIF 2.1.0 §3.27.10): kind other than fail means none; else level, rule default, warning. */
    private static Finding finding(Reports.Opened report, JsonNode result, String pointer, Map<String, String> levelById,
                                   List<String> levelByIndex, RepoPaths changed) throws EvidenceException {
        String ruleId = result.hasNonNull("ruleId") ? result.get("ruleId").asText()
                : result.path("rule").path("id").asText("");
        int ruleIndex = result.path("ruleIndex").asInt(result.path("rule").path("index").asInt(-1));
        String level;
        JsonNode kindNode = result.path("kind");
        if (!kindNode.isMissingNode() && !kindNode.isNull() && !kindNode.isTextual()) {
            throw new EvidenceException(report.name, pointer + "/kind: expected a string, found " + kindOf(kindNode));
        }
        String kind = kindNode.asText("fail");
        if (NOT_FAILING.contains(kind)) {
            level = "none";
        } else if (result.hasNonNull("level")) {
            level = level(report, result.get("level"), pointer + "/level");
        } else if (levelById != null && levelById.containsKey(ruleId)) {
            level = levelById.get(ruleId);
        } else if (levelByIndex != null && ruleIndex >= 0 && ruleIndex < levelByIndex.size()) {
            level = levelByIndex.get(ruleIndex);
        } else {
            level = "warning";
        }
        JsonNode physical = result.path("locations").path(0).path("physicalLocation");
        String uri = physical.path("artifactLocation").path("uri").asText("");
        int line = physical.path("region").path("startLine").asInt(0);
        String repoPath = uri.isEmpty() ? null : changed.match(uri);
        Set<String> keys = new HashSet<>();
        for (String fingerprints : List.of("fingerprints", "partialFingerprints")) {
            result.path(fingerprints).fields().forEachRemaining(
                    e -> keys.add("fp|" + ruleId + "|" + e.getKey() + "=" + e.getValue().asText()));
        }
        if (!uri.isEmpty()) {
            keys.add("loc|" + ruleId + "|" + RepoPaths.normalize(uri) + "|" + line);
        }
        return new Finding(ruleId, level, repoPath != null ? repoPath : RepoPaths.normalize(uri), line,
                repoPath != null, keys);
    }

    private static void expect(Reports.Opened report, JsonParser json, JsonToken actual, JsonToken expected, String what)
            throws EvidenceException {
        if (actual != expected) {
            throw at(report, json, "expected " + what + ", found " + (actual == null ? "end of file" : actual.name()));
        }
    }

    private static EvidenceException at(Reports.Opened report, JsonParser json, String problem) {
        var location = json.currentTokenLocation();
        return new EvidenceException(report.name, location.getLineNr(), location.getColumnNr(), problem);
    }
}
