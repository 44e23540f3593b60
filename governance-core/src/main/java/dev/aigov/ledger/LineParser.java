package dev.aigov.ledger;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aigov.build.BuildRef;
import dev.aigov.ledger.VerificationResult.Problem;

import java.io.IOException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;

/**
 * Parses and hashes one ledger line with Jackson's streaming parser. The hash is computed over the line's own
 * bytes minus the {@code ,"hash":"..."} member: for a line the ledger wrote, that is exactly the canonical
 * encoding of the event without {@code hash}; for any other bytes it cannot match.
 */
final class LineParser {
    /** One parsed line; {@code build} and {@code data} are null unless trees were requested. */
    record Line(long seq, String time, String type, String actor, String prev, String hash, String computedHash,
                JsonNode build, JsonNode data) {
        LedgerEvent toEvent() {
            return new LedgerEvent(seq, Instant.parse(time), type, buildRef(), actor, data, prev, hash);
        }

        BuildRef buildRef() {
            return new BuildRef(build.path("job").asText(), build.path("number").asText(),
                    build.path("url").asText(), "");
        }
    }

    static final class BadLine extends Exception {
        final Problem problem;

        BadLine(Problem problem, String why) {
            super(why, null, false, false);
            this.problem = problem;
        }
    }

    private final MessageDigest digest = Canonical.sha256();
    private final boolean keepTrees;

    LineParser(boolean keepTrees) {
        this.keepTrees = keepTrees;
    }

    /** Parses one line on its own parser: slower, but names precisely what is wrong with it. */
    Line parse(byte[] buf, int off, int len) throws BadLine {
        try (JsonParser p = Canonical.MAPPER.createParser(buf, off, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadLine(Problem.BAD_JSON, "not a JSON object");
            }
            Line line = members(p, buf, off, 0, len);
            if (p.nextToken() != null) {
                throw new BadLine(Problem.BAD_JSON, "text after the event's closing brace");
            }
            return line;
        } catch (JsonProcessingException e) {
            throw new BadLine(Problem.BAD_JSON, e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadLine(Problem.BAD_JSON, e.toString());
        }
    }

    /**
     * Consecutive lines parsed with one parser, which is about twice as fast as a parser per line. It answers
     * only "fine" or "not on the fast path" (null): the caller then re-parses that line with {@link #parse}.
     */
    final class Chunk implements AutoCloseable {
        private final JsonParser parser;
        private final int origin;
        private boolean failed;

        Chunk(byte[] buf, int from, int to) throws IOException {
            this.parser = Canonical.MAPPER.createParser(buf, from, to - from);
            this.origin = from;
        }

        /** The line at {@code off} (the next one in this chunk), or null when it needs the precise path. */
        Line next(byte[] buf, int off, int len) {
            if (failed) {
                return null;
            }
            try {
                int base = off - origin;
                if (parser.nextToken() != JsonToken.START_OBJECT
                        || parser.currentTokenLocation().getByteOffset() != base) {
                    return fail();
                }
                Line line = members(parser, buf, off, base, len);
                return parser.currentLocation().getByteOffset() == base + len ? line : fail();
            } catch (BadLine | IOException | RuntimeException e) {
                return fail();
            }
        }

        private Line fail() {
            failed = true;
            return null;
        }

        @Override
        public void close() throws IOException {
            parser.close();
        }
    }

    /**
     * The members of the object {@code p} just opened, through its closing brace. The line is
     * {@code buf[off, off + len)}; the parser's offsets are {@code base} ahead of the line's.
     */
    private Line members(JsonParser p, byte[] buf, int off, int base, int len) throws BadLine, IOException {
        digest.reset();
        Long seq = null;
        String time = null, type = null, actor = null, prev = null, hash = null;
        JsonNode build = null, data = null;
        boolean sawBuild = false, sawData = false;
        int hashStart = -1, hashEnd = -1, dataStart = -1, dataEnd = -1;
        JsonToken token;
        while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            int nameStart = (int) p.currentTokenLocation().getByteOffset() - base;
            JsonToken value = p.nextToken();
            switch (name) {
                case "seq" -> {
                    expect(value == JsonToken.VALUE_NUMBER_INT, name, "an integer");
                    seq = p.getLongValue();
                }
                case "time" -> time = text(p, value, name);
                case "type" -> type = text(p, value, name);
                case "actor" -> actor = text(p, value, name);
                case "prev" -> prev = text(p, value, name);
                case "hash" -> {
                    hash = text(p, value, name);
                    hashStart = nameStart - 1;
                    hashEnd = (int) p.currentLocation().getByteOffset() - base;
                }
                case "build", "data" -> {
                    expect(value == JsonToken.START_OBJECT, name, "an object");
                    int start = (int) p.currentTokenLocation().getByteOffset() - base;
                    JsonNode tree = null;
                    if (keepTrees) {
                        tree = p.readValueAsTree();
                    } else if (name.equals("build")) {
                        tree = buildFields(p);
                    } else {
                        p.skipChildren();
                    }
                    if (name.equals("build")) {
                        build = tree;
                        sawBuild = true;
                    } else {
                        data = tree;
                        sawData = true;
                        dataStart = start;
                        dataEnd = (int) p.currentLocation().getByteOffset() - base;
                    }
                }
                default -> throw new BadLine(Problem.BAD_JSON, "unexpected field '" + name + "'");
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw new BadLine(Problem.BAD_JSON, "not a JSON object");
        }
        require(seq, "seq");
        require(time, "time");
        require(type, "type");
        require(actor, "actor");
        require(prev, "prev");
        require(hash, "hash");
        if (!sawBuild) {
            require(null, "build");
        }
        if (!sawData) {
            require(null, "data");
        }
        if (seq < 1) {
            throw new BadLine(Problem.BAD_JSON, "field 'seq' must be at least 1");
        }
        if (!isHex64(prev) || !isHex64(hash)) {
            throw new BadLine(Problem.BAD_JSON, "fields 'prev' and 'hash' must be 64 lower-case hex digits");
        }
        if (keepTrees) {
            // only events handed out need a parsed time; the hash already covers the text
            try {
                Instant.parse(time);
            } catch (DateTimeParseException e) {
                throw new BadLine(Problem.BAD_JSON, "field 'time' is not an ISO-8601 instant: " + time);
            }
        }
        if (!build.path("job").isTextual() || !build.path("number").isTextual()) {
            throw new BadLine(Problem.BAD_JSON, "field 'build' must hold text 'job' and 'number'");
        }
        if (hashStart < 1 || hashEnd > len || buf[off + hashStart] != ',') {
            throw new BadLine(Problem.BAD_HASH, "not in canonical form (the 'hash' member must follow a comma)");
        }
        digest.update(buf, off, hashStart);
        digest.update(buf, off + hashEnd, len - hashEnd);
        String computed = HexFormat.of().formatHex(digest.digest());
        if (data == null && type.equals(Events.SEALED)) {
            try {
                data = Canonical.MAPPER.readTree(buf, off + dataStart, dataEnd - dataStart);
            } catch (IOException e) {
                throw new BadLine(Problem.BAD_JSON, "field 'data': " + e.getMessage());
            }
        }
        return new Line(seq, time, type, actor, prev, hash, computed, build, data);
    }

    /** The build object's text members, streamed (the verifier's hot path builds no tree for it). */
    private static JsonNode buildFields(JsonParser p) throws IOException, BadLine {
        var build = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (value == JsonToken.VALUE_STRING) {
                build.put(name, p.getText());
            } else {
                p.skipChildren();
                build.putNull(name);
            }
        }
        return build;
    }

    private static boolean isHex64(String value) {
        if (value.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = value.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static String text(JsonParser p, JsonToken value, String name) throws IOException, BadLine {
        expect(value == JsonToken.VALUE_STRING, name, "a string");
        return p.getText();
    }

    private static void expect(boolean ok, String name, String what) throws BadLine {
        if (!ok) {
            throw new BadLine(Problem.BAD_JSON, "field '" + name + "' must be " + what);
        }
    }

    private static void require(Object value, String name) throws BadLine {
        if (value == null) {
            throw new BadLine(Problem.BAD_JSON, "missing field '" + name + "'");
        }
    }
}
