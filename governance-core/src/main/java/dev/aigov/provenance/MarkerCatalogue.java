package dev.aigov.provenance;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.aigov.policy.AttributionAdditions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The AI markers the {@link ProvenanceDetector} looks for: agent identities, co-author, session and declared
 * trailers, footers, name suffixes, git-ai tool names. Loaded from the data resource {@code ai-markers.json}
 * (so a new marker is a data change) and extended by a policy's {@link AttributionAdditions}.
 * Immutable; everything is indexed for constant-time lookups when it is built.
 */
public final class MarkerCatalogue {
    static final String RESOURCE = "ai-markers.json";
    private static volatile MarkerCatalogue builtIn;

    // The resource's shape. Keys starting with '_' are comments.
    record Data(List<String> tools, List<GithubBot> githubBots, List<EmailDomain> emailDomains, List<EmailMarker> emails,
                List<NameMarker> names, List<SuffixMarker> nameSuffixes, List<SubjectPrefix> subjectPrefixes,
                List<String> coAuthorTrailers, List<SessionTrailer> sessionTrailers,
                List<String> declaredTrailers, List<ToolName> toolNames, List<Footer> footers,
                Map<String, String> gitAiTools) {
    }

    /**
     * A GitHub bot account: its login, the numeric ids public commits show for it (empty when none was found: then
     * the login alone is a {@code medium} finding) and the grade of a verified match ({@code high} unless the bot
     * only assists, like Copilot Autofix).
     */
    record GithubBot(String login, List<Long> ids, Confidence grade, String tool) {
    }

    /** Every address of a domain, for names starting with {@code namePrefix} (a whole word). */
    record EmailDomain(String domain, String namePrefix, String tool) {
    }

    record EmailMarker(String email, String tool) {
    }

    /** Text a tool puts at the very start of the subject, matched case-sensitively. */
    record SubjectPrefix(String prefix, String tool) {
    }

    record NameMarker(String name, String tool) {
    }

    record SuffixMarker(String suffix, String tool) {
    }

    /**
     * A trailer key a tool writes; {@code values}, when given, are the only values that count (matched whole,
     * case-insensitively); {@code grade} is {@code high} unless the trailer only shows a session was recorded.
     */
    record SessionTrailer(String key, String keyPrefix, List<String> values, Confidence grade, String tool,
                          boolean reference, String url) {
        /** Whether a value counts: any value when none are listed, else one of them exactly. */
        boolean accepts(String value) {
            return values.isEmpty() || values.contains(lower(value.strip()));
        }
    }

    record ToolName(String pattern, String tool) {
    }

    record Footer(String text, String tool) {
    }

    /** A compiled tool-name pattern. */
    record ToolPattern(Pattern pattern, String tool) {
    }

    /** A compiled footer: lower-case text and its tool. */
    record FooterText(String lowerText, String tool) {
    }

    /**
     * A policy-declared identity: either part may be empty (then it matches anything); an e-mail of the form
     * {@code *@domain} matches every address of that domain (not its subdomains).
     */
    record PolicyIdentity(String name, String email, String text) {
        boolean matches(String lowerName, String lowerEmail) {
            boolean nameMatches = name.isEmpty() || name.equals(lowerName);
            boolean emailMatches = email.isEmpty() || (email.startsWith("*@")
                    ? lowerEmail.endsWith(email.substring(1)) && lowerEmail.length() > email.length() - 1
                    : email.equals(lowerEmail));
            return nameMatches && emailMatches;
        }
    }

    final Set<String> toolIds;
    final Map<String, GithubBot> botsByLogin;
    final Map<Long, List<GithubBot>> botsById;
    final List<EmailDomain> emailDomains;
    final List<SubjectPrefix> subjectPrefixes;
    final Map<String, String> toolByEmail;
    final Map<String, String> toolByName;
    final List<SuffixMarker> nameSuffixes;
    final Set<String> coAuthorKeys;
    final Map<String, SessionTrailer> sessionTrailers;
    final List<SessionTrailer> sessionPrefixes;
    final Set<String> declaredKeys;
    final List<ToolPattern> toolNames;
    final List<FooterText> footers;
    final boolean[] footerFirstChars = new boolean[128];
    final Map<String, String> gitAiTools;
    final Set<String> policyTrailerKeys;
    final List<PolicyIdentity> policyIdentities;
    final int longestTrailerKey;
    private final Data data;

    private MarkerCatalogue(Data data, AttributionAdditions additions, String source) {
        this.data = data;
        toolIds = Set.copyOf(required(data.tools(), "tools", source));
        Map<String, GithubBot> bots = new HashMap<>();
        Map<Long, List<GithubBot>> byId = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        for (GithubBot bot : required(data.githubBots(), "githubBots", source)) {
            GithubBot checked = new GithubBot(bot.login(), bot.ids(), bot.grade(), tool(bot.tool(), source));
            bots.put(lower(bot.login()), checked);
            for (Long id : checked.ids()) {
                byId.computeIfAbsent(id, any -> new ArrayList<>()).add(checked);
            }
            if (lower(bot.login()).endsWith("[bot]")) {
                names.put(lower(bot.login()), bot.tool()); // "[bot]" names cannot belong to a person on GitHub
            }
        }
        botsByLogin = Map.copyOf(bots);
        Map<Long, List<GithubBot>> ids = new HashMap<>();
        byId.forEach((id, list) -> ids.put(id, List.copyOf(list)));
        botsById = Map.copyOf(ids);
        List<EmailDomain> domains = new ArrayList<>();
        for (EmailDomain domain : required(data.emailDomains(), "emailDomains", source)) {
            domains.add(new EmailDomain("@" + lower(domain.domain()), lower(domain.namePrefix() == null ? "" : domain.namePrefix()),
                    tool(domain.tool(), source)));
        }
        emailDomains = List.copyOf(domains);
        List<SubjectPrefix> subjects = new ArrayList<>();
        for (SubjectPrefix prefix : required(data.subjectPrefixes(), "subjectPrefixes", source)) {
            subjects.add(new SubjectPrefix(prefix.prefix(), tool(prefix.tool(), source)));
        }
        subjectPrefixes = List.copyOf(subjects);
        Map<String, String> emails = new HashMap<>();
        for (EmailMarker marker : required(data.emails(), "emails", source)) {
            emails.put(lower(marker.email()), tool(marker.tool(), source));
        }
        toolByEmail = Map.copyOf(emails);
        for (NameMarker marker : required(data.names(), "names", source)) {
            names.put(lower(marker.name()), tool(marker.tool(), source));
        }
        toolByName = Map.copyOf(names);
        List<SuffixMarker> suffixes = new ArrayList<>();
        for (SuffixMarker marker : required(data.nameSuffixes(), "nameSuffixes", source)) {
            suffixes.add(new SuffixMarker(lower(marker.suffix()), tool(marker.tool(), source)));
        }
        nameSuffixes = List.copyOf(suffixes);
        coAuthorKeys = lowerAll(required(data.coAuthorTrailers(), "coAuthorTrailers", source));
        Map<String, SessionTrailer> sessions = new HashMap<>();
        List<SessionTrailer> prefixes = new ArrayList<>();
        for (SessionTrailer trailer : required(data.sessionTrailers(), "sessionTrailers", source)) {
            if (trailer.key() != null) {
                sessions.put(lower(trailer.key()), new SessionTrailer(lower(trailer.key()), null, trailer.values(),
                        trailer.grade(), tool(trailer.tool(), source), trailer.reference(), trailer.url()));
            } else if (trailer.keyPrefix() != null) {
                prefixes.add(new SessionTrailer(null, lower(trailer.keyPrefix()), trailer.values(), trailer.grade(),
                        tool(trailer.tool(), source), false, null));
            } else {
                throw new IllegalArgumentException(source + ": sessionTrailers: an entry needs 'key' or 'keyPrefix'");
            }
        }
        sessionTrailers = Map.copyOf(sessions);
        sessionPrefixes = List.copyOf(prefixes);
        declaredKeys = lowerAll(required(data.declaredTrailers(), "declaredTrailers", source));
        List<ToolPattern> patterns = new ArrayList<>();
        for (ToolName name : required(data.toolNames(), "toolNames", source)) {
            try {
                patterns.add(new ToolPattern(Pattern.compile(name.pattern(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE),
                        tool(name.tool(), source)));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(source + ": toolNames: invalid pattern for " + name.tool() + ": " + e.getDescription(), e);
            }
        }
        toolNames = List.copyOf(patterns);
        List<FooterText> footerTexts = new ArrayList<>();
        for (Footer footer : required(data.footers(), "footers", source)) {
            String text = lower(footer.text());
            footerTexts.add(new FooterText(text, tool(footer.tool(), source)));
            char first = text.charAt(0);
            if (first < 128) {
                footerFirstChars[first] = true;
            }
        }
        footers = List.copyOf(footerTexts);
        Map<String, String> gitAi = new HashMap<>();
        required(data.gitAiTools(), "gitAiTools", source).forEach((name, tool) -> gitAi.put(lower(name), tool(tool, source)));
        gitAiTools = Map.copyOf(gitAi);

        policyTrailerKeys = lowerAll(additions.trailers());
        List<PolicyIdentity> identities = new ArrayList<>();
        for (String identity : additions.authors()) {
            identities.add(parseIdentity(identity));
        }
        policyIdentities = List.copyOf(identities);
        int longest = 0;
        for (Set<String> keys : List.of(coAuthorKeys, sessionTrailers.keySet(), declaredKeys, policyTrailerKeys)) {
            for (String key : keys) {
                longest = Math.max(longest, key.length());
            }
        }
        for (SessionTrailer prefix : sessionPrefixes) {
            longest = Math.max(longest, prefix.keyPrefix().length() + 64);
        }
        longestTrailerKey = longest;
    }

    /** The catalogue shipped with the engine. */
    public static MarkerCatalogue builtIn() {
        MarkerCatalogue catalogue = builtIn;
        if (catalogue == null) {
            try (InputStream in = MarkerCatalogue.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the built-in marker catalogue " + RESOURCE + " is missing from the class path");
                }
                catalogue = load(in, RESOURCE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the built-in marker catalogue " + RESOURCE, e);
            }
            builtIn = catalogue;
        }
        return catalogue;
    }

    /**
     * Reads a catalogue in the {@code ai-markers.json} format.
     *
     * @throws IllegalArgumentException naming the source and the field when the catalogue is malformed
     */
    public static MarkerCatalogue load(InputStream json, String sourceName) throws IOException {
        Object tree;
        try (JsonParser parser = new JsonFactory().createParser(json)) {
            parser.nextToken();
            tree = JsonValues.read(parser);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException(sourceName + ": unexpected content after the JSON object");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(sourceName + ": " + e.getOriginalMessage(), e);
        }
        if (!(tree instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(sourceName + ": expected a JSON object");
        }
        return new MarkerCatalogue(JsonValues.data(new JsonValues.Fields(tree, "", sourceName)), AttributionAdditions.none(), sourceName);
    }

    /**
     * The resource read with jackson-core's streaming parser into plain maps and lists, then into {@link Data} by
     * name: no data binding, whose introspection of a dozen record types cost more than the rest of a short gate.
     * Keys starting with '_' are comments; any other unknown key is an error naming it.
     */
    private static final class JsonValues {
        private JsonValues() {
        }

        static Object read(JsonParser parser) throws IOException {
            JsonToken token = parser.currentToken();
            if (token == JsonToken.START_OBJECT) {
                Map<String, Object> object = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    Object value = read(parser);
                    if (!name.startsWith("_")) {
                        object.put(name, value);
                    }
                }
                return object;
            }
            if (token == JsonToken.START_ARRAY) {
                List<Object> array = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(read(parser));
                }
                return array;
            }
            return switch (token) {
                case VALUE_STRING -> parser.getText();
                case VALUE_NUMBER_INT -> parser.getLongValue();
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                case VALUE_NULL -> null;
                default -> throw new com.fasterxml.jackson.core.JsonParseException(parser, "unexpected " + token);
            };
        }

        static Data data(Fields root) {
            root.only("tools", "githubBots", "emailDomains", "emails", "names", "nameSuffixes", "subjectPrefixes",
                    "coAuthorTrailers", "sessionTrailers", "declaredTrailers", "toolNames", "footers", "gitAiTools");
            return new Data(root.strings("tools"),
                    root.objects("githubBots").stream().map(f -> f.only("login", "ids", "grade", "tool"))
                            .map(f -> new GithubBot(f.string("login"), f.longs("ids"), f.grade("grade"), f.string("tool"))).toList(),
                    root.objects("emailDomains").stream().map(f -> f.only("domain", "namePrefix", "tool"))
                            .map(f -> new EmailDomain(f.string("domain"), f.string("namePrefix"), f.string("tool"))).toList(),
                    root.objects("emails").stream().map(f -> f.only("email", "tool"))
                            .map(f -> new EmailMarker(f.string("email"), f.string("tool"))).toList(),
                    root.objects("names").stream().map(f -> f.only("name", "tool"))
                            .map(f -> new NameMarker(f.string("name"), f.string("tool"))).toList(),
                    root.objects("nameSuffixes").stream().map(f -> f.only("suffix", "tool"))
                            .map(f -> new SuffixMarker(f.string("suffix"), f.string("tool"))).toList(),
                    root.objects("subjectPrefixes").stream().map(f -> f.only("prefix", "tool"))
                            .map(f -> new SubjectPrefix(f.string("prefix"), f.string("tool"))).toList(),
                    root.strings("coAuthorTrailers"),
                    root.objects("sessionTrailers").stream().map(f -> f.only("key", "keyPrefix", "values", "grade", "tool", "reference", "url"))
                            .map(f -> new SessionTrailer(f.string("key"), f.string("keyPrefix"), lowerList(f.strings("values")),
                                    f.grade("grade"), f.string("tool"), Boolean.TRUE.equals(f.value("reference", Boolean.class, "true or false")),
                                    f.string("url"))).toList(),
                    root.strings("declaredTrailers"),
                    root.objects("toolNames").stream().map(f -> f.only("pattern", "tool"))
                            .map(f -> new ToolName(f.string("pattern"), f.string("tool"))).toList(),
                    root.objects("footers").stream().map(f -> f.only("text", "tool"))
                            .map(f -> new Footer(f.string("text"), f.string("tool"))).toList(),
                    root.stringMap("gitAiTools"));
        }

        /** One JSON object of the catalogue, at {@code path}, with typed reads that name the field when it is wrong. */
        record Fields(Map<?, ?> map, String path, String source) {
            Fields(Object object, String path, String source) {
                this((Map<?, ?>) object, path, source);
            }

            Fields only(String... known) {
                for (Object name : map.keySet()) {
                    if (!List.of(known).contains(name)) {
                        throw new IllegalArgumentException(source + ": " + at(name) + ": unknown field; known: " + List.of(known));
                    }
                }
                return this;
            }

            <T> T value(String name, Class<T> type, String expected) {
                Object value = map.get(name);
                if (value != null && !type.isInstance(value)) {
                    throw new IllegalArgumentException(source + ": " + at(name) + ": expected " + expected);
                }
                return type.cast(value);
            }

            String string(String name) {
                return value(name, String.class, "a string");
            }

            Confidence grade(String name) {
                try {
                    return parseGrade(string(name), Confidence.HIGH);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(source + ": " + at(name) + ": expected high, medium or low, was '"
                            + map.get(name) + "'", e);
                }
            }

            /** A list of elements of one type; null when the field is absent ({@link #required} reports it). */
            private <T> List<T> list(String name, Class<T> type, String expected) {
                List<?> values = value(name, List.class, expected);
                if (values == null) {
                    return null;
                }
                for (Object value : values) {
                    if (!type.isInstance(value)) {
                        throw new IllegalArgumentException(source + ": " + at(name) + ": expected " + expected);
                    }
                }
                return values.stream().map(type::cast).toList();
            }

            List<String> strings(String name) {
                return list(name, String.class, "an array of strings");
            }

            List<Long> longs(String name) {
                List<Long> values = list(name, Long.class, "an array of integers");
                return values == null ? List.of() : values;
            }

            List<Fields> objects(String name) {
                List<?> objects = list(name, Map.class, "an array of objects");
                if (objects == null) {
                    throw new IllegalArgumentException(source + ": missing field '" + name + "'");
                }
                List<Fields> fields = new ArrayList<>();
                for (int i = 0; i < objects.size(); i++) {
                    fields.add(new Fields(objects.get(i), at(name) + "[" + i + "]", source));
                }
                return fields;
            }

            Map<String, String> stringMap(String name) {
                Map<?, ?> values = value(name, Map.class, "an object of strings");
                if (values == null) {
                    return null;
                }
                Map<String, String> strings = new LinkedHashMap<>();
                values.forEach((key, value) -> {
                    if (!(value instanceof String text)) {
                        throw new IllegalArgumentException(source + ": " + at(name) + "." + key + ": expected a string");
                    }
                    strings.put((String) key, text);
                });
                return strings;
            }

            private String at(Object name) {
                return path.isEmpty() ? String.valueOf(name) : path + "." + name;
            }
        }
    }

    /** This catalogue plus a policy's trailer keys and agent identities. */
    public MarkerCatalogue with(AttributionAdditions additions) {
        if (additions.trailers().isEmpty() && additions.authors().isEmpty()) {
            return this;
        }
        List<String> trailers = new ArrayList<>(additions.trailers());
        List<String> authors = new ArrayList<>(additions.authors());
        trailers.addAll(policyTrailerKeys);
        policyIdentities.forEach(identity -> authors.add(identity.text()));
        return new MarkerCatalogue(data, new AttributionAdditions(trailers, authors), "policy");
    }

    /** The tool ids this catalogue knows, e.g. {@code claude-code}. */
    public Set<String> toolIds() {
        return toolIds;
    }

    // -- helpers ---------------------------------------------------------------------------------------------

    private static <T> T required(T value, String field, String source) {
        if (value == null) {
            throw new IllegalArgumentException(source + ": missing field '" + field + "'");
        }
        return value;
    }

    private String tool(String tool, String source) {
        if (tool == null || !toolIds.contains(tool)) {
            throw new IllegalArgumentException(source + ": unknown tool id '" + tool + "'; known: " + toolIds.stream().sorted().toList());
        }
        return tool;
    }

    static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    private static List<String> lowerList(List<String> values) {
        return values == null ? List.of() : values.stream().map(value -> lower(value.strip())).toList();
    }

    static Confidence parseGrade(String grade, Confidence otherwise) {
        if (grade == null) {
            return otherwise;
        }
        for (Confidence confidence : Confidence.values()) {
            if (confidence.id().equals(lower(grade.strip())) && confidence != Confidence.NONE) {
                return confidence;
            }
        }
        throw new IllegalArgumentException("grade: expected high, medium or low, was '" + grade + "'");
    }

    private static Set<String> lowerAll(List<String> values) {
        Set<String> lowered = new LinkedHashSet<>();
        for (String value : values) {
            lowered.add(lower(value.strip()));
        }
        return Set.copyOf(lowered);
    }

    /** {@code name <e-mail>}, a bare e-mail, or a bare name. */
    static PolicyIdentity parseIdentity(String identity) {
        String text = identity.strip();
        int open = text.lastIndexOf('<');
        int close = text.lastIndexOf('>');
        if (open >= 0 && close > open) {
            return new PolicyIdentity(lower(text.substring(0, open).strip()), lower(text.substring(open + 1, close).strip()), text);
        }
        if (text.contains("@")) {
            return new PolicyIdentity("", lower(text), text);
        }
        return new PolicyIdentity(lower(text), "", text);
    }
}
