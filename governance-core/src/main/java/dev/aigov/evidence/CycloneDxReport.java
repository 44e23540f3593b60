package dev.aigov.evidence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Vulnerabilities of one CycloneDX JSON document (1.4 and later carry {@code vulnerabilities}). The document is read
 * as a tree, so it is refused above {@link Reports#MAX_TREE_JSON_BYTES}.
 */
final class CycloneDxReport {
    /** CycloneDX severities, most severe first. */
    static final List<String> SEVERITIES = List.of("critical", "high", "medium", "low", "info", "none", "unknown");
    /** Property names under which SBOM generators record the source commit. */
    private static final Set<String> COMMIT_PROPERTIES = Set.of("vcs:revision", "vcs.revision", "git:commit",
            "git.commit", "aigov:commit", "cdx:vcs:revision");

    /** @param component name@version of each affected component */
    record Vulnerability(String id, String severity, List<String> components) {
    }

    final List<Vulnerability> vulnerabilities = new ArrayList<>();
    final Set<String> commits = new LinkedHashSet<>();
    int components;

    static CycloneDxReport read(Reports.Opened report) throws EvidenceException {
        try {
            long size = Files.size(report.path);
            if (size > Reports.MAX_TREE_JSON_BYTES) {
                throw new EvidenceException(report.name, "CycloneDX document of " + size + " bytes exceeds the cap of "
                        + Reports.MAX_TREE_JSON_BYTES + " bytes");
            }
            JsonNode bom = Reports.JSON.reader().with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(dev.aigov.files.SafeFiles.capped(report.forParser(), report.name, dev.aigov.files.SafeFiles.Kind.SBOM));
            if (bom == null || !"CycloneDX".equals(bom.path("bomFormat").asText())) {
                throw new EvidenceException(report.name, 1, 1, "not a CycloneDX JSON document: \"bomFormat\" must be \"CycloneDX\"");
            }
            CycloneDxReport result = new CycloneDxReport();
            Map<String, String> names = new HashMap<>();
            JsonNode metadataComponent = bom.path("metadata").path("component");
            collect(metadataComponent, names);
            object(report, bom.path("metadata"), "/metadata");
            object(report, metadataComponent, "/metadata/component");
            result.components = collectAll(report, bom.path("components"), "/components", names);
            result.readCommits(array(report, bom.path("metadata").path("properties"), "/metadata/properties"));
            result.readCommits(array(report, metadataComponent.path("properties"), "/metadata/component/properties"));
            String version = metadataComponent.path("version").asText("");
            if (version.matches("(?i)[0-9a-f]{40}|[0-9a-f]{64}")) {
                result.commits.add(version);
            }
            JsonNode vulnerabilities = array(report, bom.path("vulnerabilities"), "/vulnerabilities");
            for (int v = 0; v < vulnerabilities.size(); v++) {
                String pointer = "/vulnerabilities/" + v;
                JsonNode vulnerability = object(report, vulnerabilities.get(v), pointer);
                String severity = "unknown";
                JsonNode ratings = array(report, vulnerability.path("ratings"), pointer + "/ratings");
                for (int r = 0; r < ratings.size(); r++) {
                    JsonNode rating = object(report, ratings.get(r), pointer + "/ratings/" + r);
                    JsonNode declared = rating.path("severity");
                    if (!declared.isMissingNode() && !declared.isNull() && !declared.isTextual()) {
                        throw new EvidenceException(report.name, pointer + "/ratings/" + r + "/severity: expected one of "
                                + String.join(", ", SEVERITIES) + ", found " + SarifReport.kindOf(declared));
                    }
                    String s = declared.asText("unknown").toLowerCase(Locale.ROOT);
                    if (!SEVERITIES.contains(s)) {
                        s = "critical"; // a severity we do not know counts as the most severe, never as none
                    }
                    if (SEVERITIES.indexOf(s) < SEVERITIES.indexOf(severity)) {
                        severity = s;
                    }
                }
                List<String> affected = new ArrayList<>();
                for (JsonNode affect : array(report, vulnerability.path("affects"), pointer + "/affects")) {
                    String ref = affect.path("ref").asText("");
                    affected.add(names.getOrDefault(ref, ref));
                }
                result.vulnerabilities.add(new Vulnerability(vulnerability.path("id").asText("(no id)"), severity,
                        affected));
            }
            return result;
        } catch (JsonProcessingException e) {
            throw Reports.malformed(report.name, e);
        } catch (IOException e) {
            throw new EvidenceException(report.name, "cannot read report: " + e.getMessage());
        }
    }

    private void readCommits(JsonNode properties) {
        for (JsonNode property : properties) {
            if (COMMIT_PROPERTIES.contains(property.path("name").asText("").toLowerCase(Locale.ROOT))
                    && property.hasNonNull("value")) {
                commits.add(property.get("value").asText());
            }
        }
    }

    private static int collectAll(Reports.Opened report, JsonNode components, String pointer, Map<String, String> names)
            throws EvidenceException {
        int count = 0;
        array(report, components, pointer);
        for (int i = 0; i < components.size(); i++) {
            JsonNode component = object(report, components.get(i), pointer + "/" + i);
            collect(component, names);
            count += 1 + collectAll(report, component.path("components"), pointer + "/" + i + "/components", names);
        }
        return count;
    }

    /** An array where the schema wants one (absent or null: empty); anything else makes the document unreadable. */
    private static JsonNode array(Reports.Opened report, JsonNode node, String pointer) throws EvidenceException {
        if (node.isMissingNode() || node.isNull()) {
            return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        }
        if (!node.isArray()) {
            throw new EvidenceException(report.name, pointer + ": expected an array, found " + SarifReport.kindOf(node));
        }
        return node;
    }

    private static JsonNode object(Reports.Opened report, JsonNode node, String pointer) throws EvidenceException {
        if (!node.isMissingNode() && !node.isNull() && !node.isObject()) {
            throw new EvidenceException(report.name, pointer + ": expected an object, found " + SarifReport.kindOf(node));
        }
        return node;
    }

    private static void collect(JsonNode component, Map<String, String> names) {
        if (component.hasNonNull("bom-ref")) {
            String name = component.path("group").asText("").isEmpty() ? component.path("name").asText("?")
                    : component.get("group").asText() + ":" + component.path("name").asText("?");
            String version = component.path("version").asText("");
            names.put(component.get("bom-ref").asText(), version.isEmpty() ? name : name + "@" + version);
        }
    }
}
