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
 * @param sessions     the agent sessions the commit's markers name (session trailers, git-ai prompts), in order
 */
public record Attribution(String commit, boolean aiAttributed, Confidence confidence, List<String> tools,
                          List<AttributionEvidence> evidence, List<SessionRef> sessions) {
    public Attribution {
        tools = List.copyOf(tools);
        evidence = List.copyOf(evidence);
        sessions = sessions == null ? List.of() : List.copyOf(sessions);
    }

    public Attribution(String commit, boolean aiAttributed, Confidence confidence, List<String> tools,
                       List<AttributionEvidence> evidence) {
        this(commit, aiAttributed, confidence, tools, evidence, List.of());
    }

    public static Attribution none(String commit) {
        return new Attribution(commit, false, Confidence.NONE, List.of(), List.of());
    }
}
