package dev.aigov.provenance;

import java.util.Objects;

/**
 * An agent session a commit names: from a session trailer ({@code Claude-Session}, {@code Agent-Logs-Url},
 * {@code Amp-Thread-ID}, ...) or a git-ai note's prompt. Kept as data so the record can link a change to the
 * conversation that produced it.
 *
 * @param tool       the tool id, e.g. {@code claude-code}
 * @param kind       where it came from: the trailer key in lower case (e.g. {@code amp-thread-id}), or
 *                   {@code git-ai-prompt}
 * @param id         the session, thread or prompt id, or empty when the marker gives only a URL
 * @param url        a link to the session ({@code http(s)} only), or empty
 * @param model      the model, when the marker names it (git-ai), or empty
 * @param promptText the prompt text the marker carries (git-ai messages), or empty
 */
public record SessionRef(String tool, String kind, String id, String url, String model, String promptText) {
    public SessionRef {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(kind, "kind");
        id = id == null ? "" : id;
        url = url == null || !(url.startsWith("https://") || url.startsWith("http://")) ? "" : url;
        model = model == null ? "" : model;
        promptText = promptText == null ? "" : promptText;
    }
}
