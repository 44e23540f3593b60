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
            JsonNode bom = Reports.JSON.readTree(report.forParser());
            if (bom == null || !"CycloneDX".equals(bom.path("bomFormat").asText())) {
                throw new EvidenceException(report.name, 1, 1, "not a CycloneDX JSON document: \"bomFormat\" must be \"CycloneDX\"");
            }
            CycloneDxReport result = new CycloneDxReport();
            Map<String, String> names = new HashMap<>();
            JsonNode metadataComponent = bom.path("metadata").path("component");
            collect(metadataComponent, names);
            result.components = collectAll(bom.path("components"), names);
            result.readCommits(bom.path("metadata").path("properties"));
            result.readCommits(metadataComponent.path("properties"));
            String version = metadataComponent.path("version").asText("");
            if (version.matches("(?i)[0-9a-f]{40}|[0-9a-f]{64}")) {
                result.commits.add(version);
            }
            for (JsonNode vulnerability : bom.path("vulnerabilities")) {
                String severity = "unknown";
                for (JsonNode rating : vulnerability.path("ratings")) {
                    String s = rating.path("severity").asText("unknown").toLowerCase(Locale.ROOT);
                    if (SEVERITIES.contains(s) && SEVERITIES.indexOf(s) < SEVERITIES.indexOf(severity)) {
                        severity = s;
                    }
                }
                List<String> affected = new ArrayList<>();
                for (JsonNode affect : vulnerability.path("affects")) {
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

    private static int collectAll(JsonNode components, Map<String, String> names) {
        int count = 0;
        for (JsonNode component : components) {
            collect(component, names);
            count += 1 + collectAll(component.path("components"), names);
        }
        return count;
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
