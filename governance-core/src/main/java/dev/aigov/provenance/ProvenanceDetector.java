package dev.aigov.provenance;

import dev.aigov.policy.AttributionAdditions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides per commit whether it is AI-attributed, from the markers of a {@link MarkerCatalogue} (design §4).
 *
 * <p>Grades: {@link Confidence#HIGH} for a verified agent identity (a tool's e-mail address or address domain, a
 * GitHub bot whose noreply id and login agree), a co-author trailer with a tool's address, an agent session
 * trailer, or a policy-declared marker; {@link Confidence#MEDIUM} for a declared trailer naming a tool, a git-ai note
 * with AI lines, a tool footer or subject prefix, a name suffix, a bot login whose id is unknown, a session trailer
 * that only shows a recorded session (Entire), or an assisting bot (Copilot Autofix); {@link Confidence#LOW} for a
 * GitHub address whose id belongs to one bot and login to another ({@code identity-mismatch}, naming both), or a
 * git-ai note that cannot be read or whose AI lines did not survive. A commit is AI-attributed at MEDIUM or above.
 *
 * <p>Trailers are whole lines after the subject, keys case-insensitive, anywhere in the message (squash merges
 * put them mid-body); text merely containing a marker is never a trailer. Thread-safe.
 */
public final class ProvenanceDetector {
    static final String AUTHOR = "author";
    static final String COMMITTER = "committer";
    static final String CO_AUTHOR = "co-author";
    static final String SESSION_TRAILER = "session-trailer";
    static final String DECLARED_TRAILER = "declared-trailer";
    static final String GIT_AI_NOTE = "git-ai-note";
    static final String FOOTER = "footer";
    static final String NAME_SUFFIX = "name-suffix";
    static final String POLICY = "policy";
    static final String SUBJECT_PREFIX = "subject-prefix";
    static final String IDENTITY_MISMATCH = "identity-mismatch";
    static final String UNKNOWN_AI = "unknown-ai";
    /** The session kind of a git-ai note's prompt. */
    static final String GIT_AI_PROMPT = "git-ai-prompt";
    private static final int MARKER_LIMIT = 200;
    private static final Pattern GITHUB_NOREPLY =
            Pattern.compile("(?:(\\d+)\\+)?([^@+]+)@users\\.noreply\\.github\\.com", Pattern.CASE_INSENSITIVE);

    static final String ENTIRE_CHECKPOINT = "entire-checkpoint";

    private final MarkerCatalogue catalogue;
    private final Function<String, String> checkpointAgents;

    public ProvenanceDetector(MarkerCatalogue catalogue) {
        this(catalogue, id -> null);
    }

    private ProvenanceDetector(MarkerCatalogue catalogue, Function<String, String> checkpointAgents) {
        this.catalogue = catalogue;
        this.checkpointAgents = checkpointAgents;
    }

    /**
     * This detector, reading the agent of an {@code Entire-Checkpoint:} from Entire's checkpoint metadata: {@code
     * agents} maps a checkpoint id to the agent its metadata names (e.g. {@code Claude Code}), or null when unknown
     * ({@link GitChangeSource#entireCheckpointAgents()}).
     */
    public ProvenanceDetector withEntireCheckpoints(Function<String, String> agents) {
        return new ProvenanceDetector(catalogue, agents);
    }

    /** The built-in catalogue, extended by a policy's additions. */
    public static ProvenanceDetector withAdditions(AttributionAdditions additions) {
        return new ProvenanceDetector(MarkerCatalogue.builtIn().with(additions));
    }

    /** The built-in catalogue alone. */
    public static ProvenanceDetector builtIn() {
        return new ProvenanceDetector(MarkerCatalogue.builtIn());
    }

    public Attribution detect(Commit commit) {
        Findings findings = new Findings();
        identity(commit.author(), AUTHOR, findings);
        if (!commit.committer().equals(commit.author())) {
            identity(commit.committer(), COMMITTER, findings);
        }
        subject(commit.message(), findings);
        scanMessage(commit.message(), findings);
        if (!commit.aiNote().isEmpty()) {
            gitAiNote(commit.aiNote(), findings);
        }
        return findings.attribution(commit.id());
    }

    // -- identities ----------------------------------------------------------------------------------------------

    /** Records the strongest identity finding for one person (author, committer or co-author). */
    private void identity(Person person, String source, Findings findings) {
        String marker = person.toString();
        String email = person.normalizedEmail().strip();
        String name = MarkerCatalogue.lower(person.name().strip());
        for (MarkerCatalogue.PolicyIdentity declared : catalogue.policyIdentities) {
            if (declared.matches(name, email)) {
                findings.add(Confidence.HIGH, POLICY, marker, UNKNOWN_AI);
                return;
            }
        }
        String tool = catalogue.toolByEmail.get(email);
        if (tool != null) {
            findings.add(Confidence.HIGH, source, marker, tool);
            return;
        }
        for (MarkerCatalogue.EmailDomain domain : catalogue.emailDomains) {
            if (email.endsWith(domain.domain()) && startsWithWord(name, domain.namePrefix())) {
                findings.add(Confidence.HIGH, source, marker, domain.tool());
                return;
            }
        }
        if (email.endsWith("@users.noreply.github.com") && githubNoreply(email, marker, source, findings)) {
            return;
        }
        tool = catalogue.toolByName.get(name);
        if (tool != null) {
            findings.add(Confidence.MEDIUM, source, marker, tool);
            return;
        }
        for (MarkerCatalogue.SuffixMarker suffix : catalogue.nameSuffixes) {
            if (name.endsWith(suffix.suffix())) {
                findings.add(Confidence.MEDIUM, NAME_SUFFIX, marker, suffix.tool());
                return;
            }
        }
    }

    /**
     * A GitHub noreply address {@code [id+]login@users.noreply.github.com}. Id and login of one bot: that bot's grade.
     * A known bot's login with an id nobody recorded for it: medium. An id that belongs to a known bot under another
     * login (an agent writing a trailer with a made-up address, or one tool's id with another's login): low, one
     * {@code identity-mismatch} item per candidate tool, each naming both the id's bot and the login.
     *
     * @return whether the address said anything
     */
    private boolean githubNoreply(String email, String marker, String source, Findings findings) {
        Matcher noreply = GITHUB_NOREPLY.matcher(email);
        if (!noreply.matches()) {
            return false;
        }
        String login = noreply.group(2);
        MarkerCatalogue.GithubBot byLogin = catalogue.botsByLogin.get(login);
        List<MarkerCatalogue.GithubBot> byId = noreply.group(1) == null ? List.of()
                : catalogue.botsById.getOrDefault(parseId(noreply.group(1)), List.of());
        for (MarkerCatalogue.GithubBot bot : byId) {
            if (MarkerCatalogue.lower(bot.login()).equals(login)) {
                findings.add(bot.grade(), source, marker, bot.tool());
                return true;
            }
        }
        if (!byId.isEmpty() && byLogin != null && byLogin.tool().equals(byId.get(0).tool())) {
            findings.add(Confidence.MEDIUM, source, marker, byLogin.tool()); // two accounts of one tool
            return true;
        }
        if (!byId.isEmpty()) {
            MarkerCatalogue.GithubBot owner = byId.get(0);
            String both = marker + ": id " + noreply.group(1) + " is " + owner.login() + " (" + owner.tool() + "), login "
                    + login + (byLogin == null ? " is no known agent" : " is " + byLogin.login() + " (" + byLogin.tool() + ")");
            findings.add(Confidence.LOW, IDENTITY_MISMATCH, both, owner.tool());
            if (byLogin != null) {
                findings.add(Confidence.LOW, IDENTITY_MISMATCH, both, byLogin.tool());
            }
            return true;
        }
        if (byLogin != null) {
            findings.add(byLogin.grade() == Confidence.HIGH ? Confidence.MEDIUM : Confidence.LOW, source, marker, byLogin.tool());
            return true;
        }
        return false;
    }

    /** {@code text} starts with {@code word} followed by the end or a character that is no letter or digit. */
    private static boolean startsWithWord(String text, String word) {
        return text.startsWith(word) && (text.length() == word.length() || !Character.isLetterOrDigit(text.charAt(word.length())));
    }

    private static long parseId(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1; // longer than any GitHub id: cannot agree
        }
    }

    // -- message -------------------------------------------------------------------------------------------------

    /** A tool's own subject prefix ({@code aider: }), at the very start of the subject and in its exact case. */
    private void subject(String message, Findings findings) {
        for (MarkerCatalogue.SubjectPrefix prefix : catalogue.subjectPrefixes) {
            if (message.startsWith(prefix.prefix()) && message.length() > prefix.prefix().length()) {
                int end = message.indexOf('\n');
                String subject = (end < 0 ? message : message.substring(0, end)).strip();
                findings.add(Confidence.MEDIUM, SUBJECT_PREFIX, subject, prefix.tool());
                return;
            }
        }
    }

    /** Every line after the subject, as a trailer when it is one, else as a possible footer. */
    private void scanMessage(String message, Findings findings) {
        int length = message.length();
        int start = message.indexOf('\n');
        if (start < 0) {
            return; // a subject alone carries no trailers: "AI" or "copilot" in a subject is not evidence
        }
        start++;
        while (start < length) {
            int end = message.indexOf('\n', start);
            if (end < 0) {
                end = length;
            }
            scanLine(message, start, end, findings);
            start = end + 1;
        }
    }

    private void scanLine(String message, int start, int end, Findings findings) {
        int from = start;
        while (from < end && (message.charAt(from) == ' ' || message.charAt(from) == '\t')) {
            from++;
        }
        int to = end;
        while (to > from && Character.isWhitespace(message.charAt(to - 1))) {
            to--;
        }
        if (from == to) {
            return;
        }
        int colon = trailerColon(message, from, to);
        if (colon > 0) {
            String key = MarkerCatalogue.lower(message.substring(from, colon));
            String value = message.substring(colon + 1, to).strip();
            if (!value.isEmpty() && trailer(key, value, message.substring(from, to), findings)) {
                return;
            }
        }
        footer(message, from, to, findings);
    }

    /** The index of the colon ending a trailer key ({@code [A-Za-z0-9][A-Za-z0-9_-]*}), or -1. */
    private int trailerColon(String message, int from, int to) {
        int limit = Math.min(to, from + catalogue.longestTrailerKey + 1);
        for (int i = from; i < limit; i++) {
            char c = message.charAt(i);
            if (c == ':') {
                return i > from ? i : -1;
            }
            boolean keyChar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || ((c == '-' || c == '_') && i > from);
            if (!keyChar) {
                return -1;
            }
        }
        return -1;
    }

    /** Handles a trailer with a known key; false when the key is none of ours. */
    private boolean trailer(String key, String value, String line, Findings findings) {
        if (catalogue.policyTrailerKeys.contains(key)) {
            String tool = toolNamedBy(value);
            findings.add(Confidence.HIGH, POLICY, line, tool == null ? UNKNOWN_AI : tool);
            return true;
        }
        if (catalogue.coAuthorKeys.contains(key)) {
            identity(parsePerson(value), CO_AUTHOR, findings);
            return true;
        }
        MarkerCatalogue.SessionTrailer session = catalogue.sessionTrailers.get(key);
        if (session == null) {
            for (MarkerCatalogue.SessionTrailer prefix : catalogue.sessionPrefixes) {
                if (key.startsWith(prefix.keyPrefix())) {
                    session = prefix;
                    break;
                }
            }
        }
        if (session != null) {
            if (session.accepts(value)) {
                String tool = session.tool();
                String marker = line;
                if (key.equals(ENTIRE_CHECKPOINT)) {
                    String agent = checkpointAgents.apply(value);
                    if (agent != null && !agent.isBlank()) {
                        String named = toolNamedBy(agent.strip());
                        tool = named != null ? named : tool;
                        marker = line + " (agent: " + agent.strip() + ", from Entire's checkpoint metadata)";
                    }
                }
                findings.add(session.grade(), SESSION_TRAILER, marker, tool);
                if (session.reference()) {
                    findings.session(sessionRef(tool, key, value, session.url()));
                }
            }
            return true;
        }
        if (catalogue.declaredKeys.contains(key)) {
            declared(value, line, findings);
            return true;
        }
        return false;
    }

    /** A trailer's value as a session reference: a URL as the link, else an id (linked through the template). */
    private static SessionRef sessionRef(String tool, String key, String value, String template) {
        boolean url = value.startsWith("https://") || value.startsWith("http://");
        String id = url ? "" : value.length() <= MARKER_LIMIT ? value : value.substring(0, MARKER_LIMIT);
        String link = url ? value : template == null || id.isEmpty() || !id.matches("[A-Za-z0-9_.:-]+") ? ""
                : template.replace("{id}", java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8));
        return new SessionRef(tool, key, id, link, "", "");
    }

    /**
     * A declared trailer counts only when it names a tool: an identity with an e-mail address must be a tool's
     * (so {@code Assisted-by: Jane Doe <jane@example.com>} is a person), a bare value must match a tool name.
     */
    private void declared(String value, String line, Findings findings) {
        if (value.indexOf('<') >= 0 && value.indexOf('@') >= 0) {
            Findings identity = new Findings();
            identity(parsePerson(value), DECLARED_TRAILER, identity);
            identity.findings.forEach(found -> {
                if (found.confidence().atLeast(Confidence.MEDIUM)) {
                    findings.add(Confidence.MEDIUM, DECLARED_TRAILER, line, found.evidence().tool());
                } else {
                    findings.add(found.confidence(), found.evidence().source(), found.evidence().marker(), found.evidence().tool());
                }
            });
            return;
        }
        String tool = toolNamedBy(declaredName(value));
        if (tool != null) {
            findings.add(Confidence.MEDIUM, DECLARED_TRAILER, line, tool);
        }
    }

    /**
     * The name a declared value gives, without markdown: {@code [Claude Code](https://…)} and {@code [Claude Code].}
     * are {@code Claude Code}; runs of spaces are one space.
     */
    static String declaredName(String value) {
        String name = value.strip();
        if (name.startsWith("[")) {
            int close = name.indexOf(']');
            if (close > 1) {
                name = name.substring(1, close);
            }
        }
        return name.replaceAll("\\s+", " ").strip();
    }

    private String toolNamedBy(String value) {
        for (MarkerCatalogue.ToolPattern name : catalogue.toolNames) {
            if (name.pattern().matcher(value).find()) {
                return name.tool();
            }
        }
        return null;
    }

    /** A line that starts (after emoji, spaces and markdown emphasis) with a tool's footer text. */
    private void footer(String message, int from, int to, Findings findings) {
        int i = from;
        while (i < to) {
            char c = message.charAt(i);
            if (c == '*' || c == '_' || Character.isWhitespace(c) || Character.isSurrogate(c)
                    || Character.getType(c) == Character.OTHER_SYMBOL || c == '\uFE0F') {
                i++;
            } else {
                break;
            }
        }
        if (i >= to) {
            return;
        }
        char first = Character.toLowerCase(message.charAt(i));
        if (first >= 128 || !catalogue.footerFirstChars[first]) {
            return;
        }
        for (MarkerCatalogue.FooterText footer : catalogue.footers) {
            if (message.regionMatches(true, i, footer.lowerText(), 0, footer.lowerText().length())) {
                findings.add(Confidence.MEDIUM, FOOTER, message.substring(from, to), footer.tool());
                return;
            }
        }
    }

    /** {@code Name <e-mail>} (or a bare e-mail, or a bare name) from a trailer value. */
    static Person parsePerson(String value) {
        int open = value.lastIndexOf('<');
        int close = value.lastIndexOf('>');
        if (open >= 0 && close > open) {
            return new Person(value.substring(0, open).strip(), value.substring(open + 1, close).strip());
        }
        if (value.indexOf('@') > 0 && value.indexOf(' ') < 0) {
            return new Person("", value);
        }
        return new Person(value, "");
    }

    // -- git-ai notes --------------------------------------------------------------------------------------------

    private void gitAiNote(String note, Findings findings) {
        GitAiNote.Parsed parsed = GitAiNote.parse(note);
        if (!parsed.recognised()) {
            findings.add(Confidence.LOW, GIT_AI_NOTE,
                    parsed.schema().isEmpty() ? "unreadable refs/notes/ai note" : "refs/notes/ai schema " + parsed.schema(), UNKNOWN_AI);
            return;
        }
        for (GitAiNote.Agent agent : parsed.agents()) {
            String tool = catalogue.gitAiTools.getOrDefault(MarkerCatalogue.lower(agent.tool()), UNKNOWN_AI);
            String marker = parsed.schema() + " " + agent.promptId() + " tool=" + agent.tool()
                    + (agent.model().isEmpty() ? "" : " model=" + agent.model());
            findings.add(agent.attested() ? Confidence.MEDIUM : Confidence.LOW, GIT_AI_NOTE, marker, tool);
            findings.session(new SessionRef(tool, GIT_AI_PROMPT, agent.promptId(), agent.messagesUrl(), agent.model(),
                    agent.promptText()));
        }
    }

    // -- result --------------------------------------------------------------------------------------------------

    private record Finding(Confidence confidence, AttributionEvidence evidence) {
    }

    private static final class Findings {
        private static final Comparator<Finding> STRONGEST_FIRST = Comparator.comparing(Finding::confidence);
        private final List<Finding> findings = new ArrayList<>(2);
        private List<SessionRef> sessions = List.of();

        void session(SessionRef session) {
            if (sessions.isEmpty()) {
                sessions = new ArrayList<>(1);
            }
            if (!sessions.contains(session)) {
                sessions.add(session);
            }
        }

        void add(Confidence confidence, String source, String marker, String tool) {
            String bounded = marker.length() <= MARKER_LIMIT ? marker : marker.substring(0, MARKER_LIMIT) + "…";
            AttributionEvidence evidence = new AttributionEvidence(source, bounded, tool);
            for (Finding existing : findings) {
                if (existing.evidence().equals(evidence)) {
                    return; // the same line twice (e.g. a squash merge repeating a trailer) is one finding
                }
            }
            findings.add(new Finding(confidence, evidence));
        }

        Attribution attribution(String commit) {
            if (findings.isEmpty()) {
                return Attribution.none(commit);
            }
            findings.sort(STRONGEST_FIRST);
            Confidence strongest = findings.get(0).confidence();
            TreeSet<String> tools = new TreeSet<>();
            List<AttributionEvidence> evidence = new ArrayList<>(findings.size());
            for (Finding finding : findings) {
                // an attributed commit's tools are those of the evidence that attributes it; a low finding beside
                // it (an identity-mismatch naming another bot) stays in the evidence only
                if (finding.confidence().atLeast(Confidence.MEDIUM) || !strongest.atLeast(Confidence.MEDIUM)) {
                    tools.add(finding.evidence().tool());
                }
                evidence.add(finding.evidence());
            }
            return new Attribution(commit, strongest.atLeast(Confidence.MEDIUM), strongest, List.copyOf(tools), evidence,
                    sessions);
        }
    }
}
