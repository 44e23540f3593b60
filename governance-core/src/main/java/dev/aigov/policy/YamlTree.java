package dev.aigov.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * YAML parsed into nodes that remember their line and column, so every policy error can point at its place.
 * Jackson's own tree forgets locations; this keeps them.
 */
final class YamlTree {
    private static final YAMLFactory YAML = YAMLFactory.builder().build();
    private static final int MAX_DEPTH = 64;

    record Mark(int line, int column) {
        static Mark of(JsonLocation location) {
            return new Mark(location.getLineNr(), location.getColumnNr());
        }
    }

    sealed interface Node permits MapNode, ListNode, ScalarNode {
        Mark mark();

        /** What the node is, for "expected X, got Y" messages. */
        String kind();
    }

    record Entry(String key, Mark keyMark, Node value) {
    }

    record MapNode(Mark mark, Map<String, Entry> entries) implements Node {
        public String kind() {
            return "a mapping";
        }
    }

    record ListNode(Mark mark, List<Node> items) implements Node {
        public String kind() {
            return "a list";
        }
    }

    /** A scalar; {@code text} is null for YAML null. */
    record ScalarNode(Mark mark, String text, JsonToken token) implements Node {
        public String kind() {
            return switch (token) {
                case VALUE_NULL -> "nothing (null)";
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
                default -> "text";
            };
        }
    }

    private YamlTree() {
    }

    /** Parses one YAML document; an empty document gives null. */
    static Node parse(String yaml, String source) throws PolicyException {
        try (JsonParser parser = YAML.createParser(yaml)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return null;
            }
            Node root = read(parser, source, 0);
            if (parser.nextToken() != null) {
                Mark mark = Mark.of(parser.currentTokenLocation());
                throw new PolicyException(source, mark.line(), mark.column(), "", "only one YAML document is allowed");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            int line = at == null ? 0 : at.getLineNr();
            int column = at == null ? 0 : at.getColumnNr();
            throw new PolicyException(source, Math.max(line, 1), Math.max(column, 1), "",
                    "not valid YAML: " + firstLines(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new PolicyException(source, 0, 0, "", "cannot read: " + e.getMessage());
        }
    }

    /** SnakeYAML's message without its indented excerpt lines: "while parsing X; expected Y, but found Z". */
    private static String firstLines(String message) {
        String summary = String.join("; ", message.lines()
                .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0))).limit(3).toList());
        return summary.isEmpty() ? "syntax error" : summary;
    }

    /** YAML's non-finite floats: {@code .nan}, {@code .inf}, {@code -.Inf}, {@code +.INF} and their case variants. */
    private static final java.util.regex.Pattern NON_FINITE = java.util.regex.Pattern.compile("[-+]?\\.(?i:nan|inf)");

    /**
     * Anchors and aliases are refused by name: they let one policy value stand for another far away (and an alias
     * would otherwise arrive as the text of its name, reported as a confusing "got text").
     */
    private static void refuseAnchorsAndAliases(JsonParser parser, String source, Mark mark) throws IOException, PolicyException {
        if (parser instanceof com.fasterxml.jackson.dataformat.yaml.YAMLParser yaml) {
            if (yaml.isCurrentAlias()) {
                throw new PolicyException(source, mark.line(), mark.column(), "",
                        "YAML anchors/aliases are not allowed (alias '*" + yaml.getText() + "'); write the value out");
            }
            Object anchor = yaml.getObjectId();
            if (anchor != null) {
                throw new PolicyException(source, mark.line(), mark.column(), "",
                        "YAML anchors/aliases are not allowed (anchor '&" + anchor + "'); write the value out");
            }
        }
    }

    private static Node read(JsonParser parser, String source, int depth) throws IOException, PolicyException {
        Mark mark = Mark.of(parser.currentTokenLocation());
        if (depth > MAX_DEPTH) {
            throw new PolicyException(source, mark.line(), mark.column(), "", "nested deeper than " + MAX_DEPTH + " levels");
        }
        JsonToken token = parser.currentToken();
        refuseAnchorsAndAliases(parser, source, mark);
        switch (token) {
            case START_OBJECT -> {
                Map<String, Entry> entries = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    Mark keyMark = Mark.of(parser.currentTokenLocation());
                    refuseAnchorsAndAliases(parser, source, keyMark);
                    parser.nextToken();
                    Node value = read(parser, source, depth + 1);
                    if (entries.putIfAbsent(key, new Entry(key, keyMark, value)) != null) {
                        throw new PolicyException(source, keyMark.line(), keyMark.column(), key,
                                "duplicate key (first at line " + entries.get(key).keyMark().line() + ")");
                    }
                }
                return new MapNode(mark, entries);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(parser, source, depth + 1));
                }
                return new ListNode(mark, items);
            }
            case VALUE_NULL -> {
                return new ScalarNode(mark, null, token);
            }
            case VALUE_NUMBER_FLOAT -> {
                String text = parser.getText();
                if (NON_FINITE.matcher(text).matches()) {
                    throw new PolicyException(source, mark.line(), mark.column(), "",
                            "'" + text + "' is not a finite number; policy numbers are plain decimals such as 0.8");
                }
                return new ScalarNode(mark, text, token);
            }
            default -> {
                return new ScalarNode(mark, parser.getText(), token);
            }
        }
    }
}
