package dev.aigov.provenance;

import dev.aigov.policy.AttributionAdditions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built-in catalogue against two tables kept as test resources: real public commits (repository, commit id,
 * marker line, expected tools; {@code provenance/public-commits.tsv}) and the trailer cases of the peer detector
 * chaoss/disclosure with our expected answer ({@code provenance/peer-trailer-cases.tsv}). Every row is checked with
 * LF and with CRLF line endings.
 */
class MarkerTablesTest {

    record PublicCommit(String repository, String commit, String where, String marker, List<String> tools,
                        Confidence confidence, String policy) {
    }

    record PeerCase(String name, String message, String peerTools, List<String> tools, Confidence confidence, String agree) {
    }

    static Stream<Arguments> publicCommits() throws IOException {
        List<Arguments> rows = new ArrayList<>();
        for (String[] f : rows("public-commits.tsv", 7)) {
            PublicCommit row = new PublicCommit(f[0], f[1], f[2], f[3], tools(f[4]), confidence(f[5]), f[6]);
            rows.add(Arguments.of(row, "\n"));
            rows.add(Arguments.of(row, "\r\n"));
        }
        return rows.stream();
    }

    static Stream<Arguments> peerCases() throws IOException {
        List<Arguments> rows = new ArrayList<>();
        for (String[] f : rows("peer-trailer-cases.tsv", 6)) {
            PeerCase row = new PeerCase(f[0], unescape(f[1]), f[2], tools(f[3]), confidence(f[4]), f[5]);
            rows.add(Arguments.of(row, "\n"));
            rows.add(Arguments.of(row, "\r\n"));
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("publicCommits")
    void everyMarkerOfAPublicCommitIsAttributedAsTheTableSays(PublicCommit row, String newline) {
        ProvenanceDetector detector = row.policy().isEmpty() ? ProvenanceDetector.builtIn()
                : ProvenanceDetector.withAdditions(new AttributionAdditions(List.of(), List.of(row.policy())));
        Person human = new Person("Ada Lovelace", "ada@example.com");
        Commit commit = switch (row.where()) {
            case "author" -> new Commit(row.commit(), ProvenanceDetector.parsePerson(row.marker()),
                    ProvenanceDetector.parsePerson(row.marker()), "Change" + newline, List.of(), List.of(), null, "");
            case "subject" -> new Commit(row.commit(), human, human, row.marker() + newline + newline + "Body." + newline,
                    List.of(), List.of(), null, "");
            case "line" -> new Commit(row.commit(), human, human, "Change" + newline + newline + "Body." + newline + newline
                    + row.marker() + newline, List.of(), List.of(), null, "");
            default -> throw new IllegalArgumentException("where: " + row.where());
        };

        Attribution found = detector.detect(commit);

        assertThat(found.tools()).as("%s %s: %s -> %s", row.repository(), row.commit(), row.marker(), found).isEqualTo(row.tools());
        assertThat(found.confidence()).as("%s %s: %s -> %s", row.repository(), row.commit(), row.marker(), found)
                .isEqualTo(row.confidence());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("peerCases")
    void everyPeerTrailerCaseGetsOurExpectedAnswer(PeerCase row, String newline) {
        Person human = new Person("Ada Lovelace", "ada@example.com");
        String message = row.message().replace("\r\n", "\n").replace("\n", newline);

        Attribution found = ProvenanceDetector.builtIn().detect(new Commit("c", human, human, message, List.of(), List.of(), null, ""));

        assertThat(found.tools()).as("%s -> %s", row.name(), found).isEqualTo(row.tools());
        assertThat(found.confidence()).as("%s -> %s", row.name(), found).isEqualTo(row.confidence());
    }

    // -- reading the tables --------------------------------------------------------------------------------------

    static List<String[]> rows(String resource, int columns) throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = MarkerTablesTest.class.getResourceAsStream("/provenance/" + resource)) {
            assertThat(in).as(resource).isNotNull();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            boolean header = true;
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                String[] fields = Arrays.copyOf(line.split("\t", -1), columns);
                for (int i = 0; i < columns; i++) {
                    fields[i] = fields[i] == null ? "" : fields[i];
                }
                rows.add(fields);
            }
        }
        assertThat(rows).as(resource).isNotEmpty();
        return rows;
    }

    private static List<String> tools(String field) {
        return field.equals("-") ? List.of() : Arrays.stream(field.split(",")).map(String::strip).sorted().toList();
    }

    private static Confidence confidence(String field) {
        return Confidence.valueOf(field.strip().toUpperCase(java.util.Locale.ROOT));
    }

    static String unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                out.append(switch (next) {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    default -> next;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
