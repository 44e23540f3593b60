package dev.aigov.gate;

import dev.aigov.provenance.Attribution;
import dev.aigov.provenance.AttributionEvidence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A gate result as plain maps and lists with the stable field names of the CLI's JSON contract. The CLI prints
 * it, the Jenkins step returns it to the Pipeline, and the ledger records it.
 */
public final class GateResultMaps {
    private GateResultMaps() {
    }

    /** The decision document: {@code decision}, {@code categories}, {@code aiAttributedCommits}, {@code reasons}, {@code approval}, {@code evidence}. */
    public static Map<String, Object> decision(GateResult result) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("decision", result.decision().id());
        out.put("categories", List.copyOf(result.categories().keySet()));
        out.put("aiAttributedCommits", result.aiAttributedCommits());
        out.put("commitsReviewed", result.commits().size());
        out.put("reasons", result.decision().reasons().stream().map(GateResultMaps::reason).toList());
        Map<String, Object> approval = new LinkedHashMap<>();
        approval.put("required", result.requirement().required());
        approval.put("groups", result.requirement().groups());
        approval.put("architecturalReview", result.requirement().architecturalReview());
        out.put("approval", approval);
        out.put("evidence", result.evidence().summary());
        out.put("categoryPaths", result.categories());
        return out;
    }

    public static Map<String, Object> reason(Reason reason) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("code", reason.code());
        out.put("message", reason.message());
        out.put("paths", reason.paths());
        out.put("commits", reason.commits());
        out.put("controls", reason.controls());
        return out;
    }

    /** One commit's attribution, as {@code aigov scan} prints it. */
    public static Map<String, Object> attribution(Attribution attribution, List<String> paths) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("commit", attribution.commit());
        out.put("aiAttributed", attribution.aiAttributed());
        out.put("confidence", attribution.confidence().id());
        out.put("tools", attribution.tools());
        List<Map<String, Object>> evidence = new ArrayList<>();
        for (AttributionEvidence e : attribution.evidence()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("source", e.source());
            item.put("marker", e.marker());
            item.put("tool", e.tool());
            evidence.add(item);
        }
        out.put("evidence", evidence);
        out.put("paths", paths);
        return out;
    }
}
