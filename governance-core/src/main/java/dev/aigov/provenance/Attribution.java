package dev.aigov.provenance;

import java.util.List;

/**
 * Whether one commit is AI-attributed, how sure that is, and why.
 *
 * @param commit       the commit id
 * @param aiAttributed true when the evidence is strong enough for policy to treat the commit as AI-written
 * @param confidence   the strongest evidence's grade ({@link Confidence#NONE} when there is none)
 * @param tools        sorted, distinct tool ids
 * @param evidence     every finding, strongest first
 */
public record Attribution(String commit, boolean aiAttributed, Confidence confidence, List<String> tools,
                          List<AttributionEvidence> evidence) {
    public Attribution {
        tools = List.copyOf(tools);
        evidence = List.copyOf(evidence);
    }

    public static Attribution none(String commit) {
        return new Attribution(commit, false, Confidence.NONE, List.of(), List.of());
    }
}
