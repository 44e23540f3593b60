package dev.aigov.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A git-ai authorship note ({@code refs/notes/ai}, schema {@code authorship/3.x}): an attestation section (file
 * paths, each followed by indented {@code <author-id> <line ranges>} lines), a {@code ---} line, then JSON
 * metadata whose {@code prompts} (or {@code sessions}) map author ids to the {@code agent_id} that wrote them.
 */
final class GitAiNote {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String SCHEMA_PREFIX = "authorship/3.";

    /**
     * One AI agent the note names; {@code attested} when lines of the commit are attributed to it;
     * {@code messagesUrl} where its conversation is kept and {@code promptText} the user messages it carries (older
     * notes keep {@code messages} inline), each empty when absent.
     */
    record Agent(String promptId, String tool, String model, boolean attested, String messagesUrl, String promptText) {
    }

    /** The parsed note: its schema and the AI agents in it ({@code schema} empty when unreadable). */
    record Parsed(String schema, List<Agent> agents) {
        boolean recognised() {
            return schema.startsWith(SCHEMA_PREFIX);
        }
    }

    private GitAiNote() {
    }

    static Parsed parse(String note) {
        String text = note.replace("\r\n", "\n");
        int divider = text.startsWith("---\n") ? 0 : text.indexOf("\n---\n");
        if (divider < 0) {
            return new Parsed("", List.of());
        }
        String attestations = text.substring(0, divider);
        String metadata = text.substring(divider + (divider == 0 ? 4 : 5));
        JsonNode root;
        try {
            root = JSON.readTree(metadata);
        } catch (Exception e) {
            return new Parsed("", List.of());
        }
        if (root == null || !root.isObject()) {
            return new Parsed("", List.of());
        }
        String schema = root.path("schema_version").asText("");
        Set<String> attestedIds = attestedIds(attestations);
        List<Agent> agents = new ArrayList<>();
        for (String section : List.of("prompts", "sessions")) {
            for (Map.Entry<String, JsonNode> entry : root.path(section).properties()) {
                JsonNode agentId = entry.getValue().path("agent_id");
                String tool = agentId.path("tool").asText("");
                if (tool.isEmpty()) {
                    continue;
                }
                agents.add(new Agent(entry.getKey(), tool, agentId.path("model").asText(""),
                        isAttested(entry.getKey(), attestedIds), entry.getValue().path("messages_url").asText(""),
                        userMessages(entry.getValue().path("messages"))));
            }
        }
        return new Parsed(schema, agents);
    }

    /** The text of the user's messages ({@code {"type": "user", "text": ...}}), one paragraph each. */
    private static String userMessages(JsonNode messages) {
        List<String> texts = new ArrayList<>();
        for (JsonNode message : messages) {
            if ("user".equals(message.path("type").asText()) && message.path("text").isTextual()) {
                texts.add(message.path("text").asText());
            }
        }
        return String.join("\n\n", texts);
    }

    /** Author ids of the attestation lines (indented {@code <id> <ranges>}); session ids as {@code s_x::t_y}. */
    private static Set<String> attestedIds(String attestations) {
        Set<String> ids = new HashSet<>();
        for (String line : attestations.split("\n")) {
            if (line.isEmpty() || !Character.isWhitespace(line.charAt(0))) {
                continue; // a file path
            }
            String trimmed = line.strip();
            int space = trimmed.indexOf(' ');
            String id = space < 0 ? trimmed : trimmed.substring(0, space);
            ids.add(id);
            int separator = id.indexOf("::");
            if (separator > 0) {
                ids.add(id.substring(0, separator));
            }
        }
        return ids;
    }

    private static boolean isAttested(String promptId, Set<String> attestedIds) {
        return attestedIds.contains(promptId);
    }
}
