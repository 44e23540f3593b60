package dev.aigov.provenance;

/**
 * One finding behind an attribution.
 *
 * @param source where it was found: {@code author}, {@code committer}, {@code co-author}, {@code session-trailer},
 *               {@code declared-trailer}, {@code git-ai-note}, {@code footer}, {@code name-suffix}, {@code policy}
 * @param marker the text that matched (a trailer line, an identity), trimmed to a bounded length
 * @param tool   the stable tool id, e.g. {@code claude-code}
 */
public record AttributionEvidence(String source, String marker, String tool) {
}
