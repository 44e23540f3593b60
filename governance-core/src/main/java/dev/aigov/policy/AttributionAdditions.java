package dev.aigov.policy;

import java.util.List;

/**
 * Markers an admin adds to the built-in catalogue.
 *
 * @param trailers trailer keys that mark a commit as AI-assisted whatever their value (e.g. {@code X-AI-Tool})
 * @param authors  author or committer identities (name, e-mail or {@code name <e-mail>}) that are AI agents
 */
public record AttributionAdditions(List<String> trailers, List<String> authors) {
    public AttributionAdditions {
        trailers = List.copyOf(trailers);
        authors = List.copyOf(authors);
    }

    public static AttributionAdditions none() {
        return new AttributionAdditions(List.of(), List.of());
    }
}
