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
import java.util.regex.Pattern;

/**
 * Parses and hashes one ledger line with Jackson's streaming parser. The hash is computed over the line's own
 * bytes minus the {@code ,"hash":"..."} member: for a line the ledger wrote, that is exactly the canonical
 * encoding of the event without {@code hash}; for any other bytes it cannot match.
 */
final class LineParser {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

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

    Line parse(byte[] buf, int off, int len) throws BadLine {
        Long seq = null;
        String time = null, type = null, actor = null, prev = null, hash = null;
        JsonNode build = null, data = null;
        boolean sawBuild = false, sawData = false;
        int hashStart = -1, hashEnd = -1, dataStart = -1, dataEnd = -1;
        try (JsonParser p = Canonical.MAPPER.createParser(buf, off, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadLine(Problem.BAD_JSON, "not a JSON object");
            }
            JsonToken token;
            while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                int nameStart = (int) p.currentTokenLocation().getByteOffset();
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
                        hashEnd = (int) p.currentLocation().getByteOffset();
                    }
                    case "build", "data" -> {
                        expect(value == JsonToken.START_OBJECT, name, "an object");
                        int start = (int) p.currentTokenLocation().getByteOffset();
                        JsonNode tree = null;
                        if (keepTrees || name.equals("build")) {
                            tree = p.readValueAsTree();
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
                            dataEnd = (int) p.currentLocation().getByteOffset();
                        }
                    }
                    default -> throw new BadLine(Problem.BAD_JSON, "unexpected field '" + name + "'");
                }
            }
            if (token != JsonToken.END_OBJECT) {
                throw new BadLine(Problem.BAD_JSON, "not a JSON object");
            }
            if (p.nextToken() != null) {
                throw new BadLine(Problem.BAD_JSON, "text after the event's closing brace");
            }
        } catch (JsonProcessingException e) {
            throw new BadLine(Problem.BAD_JSON, e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadLine(Problem.BAD_JSON, e.toString());
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
        if (!HEX64.matcher(prev).matches() || !HEX64.matcher(hash).matches()) {
            throw new BadLine(Problem.BAD_JSON, "fields 'prev' and 'hash' must be 64 lower-case hex digits");
        }
        try {
            Instant.parse(time);
        } catch (DateTimeParseException e) {
            throw new BadLine(Problem.BAD_JSON, "field 'time' is not an ISO-8601 instant: " + time);
        }
        if (!build.path("job").isTextual() || !build.path("number").isTextual()) {
            throw new BadLine(Problem.BAD_JSON, "field 'build' must hold text 'job' and 'number'");
        }
        if (hashStart < 1 || buf[off + hashStart] != ',') {
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
