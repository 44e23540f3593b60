package dev.aigov.evidence;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds credentials in the lines a unified diff ({@code git diff -U0}) adds; removed and context lines are never
 * scanned. Each rule has literal hints checked with {@code indexOf} first, so most lines cost a few scans and no
 * regex. A finding carries the path, the new-file line number and a masked form: only the token's public prefix
 * (e.g. {@code ghp_****}), never a character of the secret.
 */
public final class SecretScanner {

    /** @param masked the public prefix of the token followed by {@code ****} */
    public record Finding(String path, int line, String kind, String masked) {
    }

    /**
     * @param shown what a finding shows: the token's first {@code shown} characters, which every match has as a fixed
     *              literal (e.g. 4 for {@code ghp_}), so no character of the secret part is ever shown
     * @param label shown instead of the token's start when the match begins with a key name (e.g. {@code AccountKey=})
     */
    private record Rule(String kind, List<String> hints, Pattern pattern, int shown, String label) {
        Rule(String kind, List<String> hints, String regex, int shown) {
            this(kind, hints, Pattern.compile(regex), shown, null);
        }

        Rule(String kind, List<String> hints, String regex, String label) {
            this(kind, hints, Pattern.compile(regex), 0, label);
        }

        /** The secret part of a match: the {@code value} group where the pattern has one, else the whole match. */
        String token(Matcher m) {
            return pattern.namedGroups().containsKey("value") ? m.group("value") : m.group();
        }

        String mask(String match) {
            return (label != null ? label : match.substring(0, shown)) + "****";
        }
    }

    private static final List<Rule> RULES = List.of(
            new Rule("private-key", List.of("PRIVATE KEY"), "-----BEGIN[ A-Z0-9]{0,20}PRIVATE KEY( BLOCK)?-----",
                    "-----BEGIN "),
            new Rule("aws-access-key-id", List.of("AKIA", "ASIA", "ABIA", "ACCA"),
                    "\\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\\b", 4),
            new Rule("aws-secret-access-key", List.of("ws_secret", "WS_SECRET", "wsSecret", "ws_Secret"),
                    "(?i)aws_?secret_?access_?key[\"']?\\s*[:=]\\s*[\"']?(?<value>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])",
                    "aws_secret_access_key="),
            new Rule("gcp-api-key", List.of("AIza"), "\\bAIza[0-9A-Za-z_\\-]{35}(?![0-9A-Za-z_\\-])", 4),
            new Rule("gcp-service-account-key", List.of("private_key_id"),
                    "\"private_key_id\"\\s*:\\s*\"(?<value>[0-9a-f]{40})\"", "\"private_key_id\": \""),
            new Rule("azure-storage-key", List.of("AccountKey="),
                    "AccountKey=(?<value>[A-Za-z0-9+/]{86}==)", "AccountKey="),
            new Rule("azure-shared-access-key", List.of("SharedAccessKey="),
                    "SharedAccessKey=(?<value>[A-Za-z0-9+/]{42,44}=)", "SharedAccessKey="),
            new Rule("github-token", List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
                    "\\bgh[pousr]_[A-Za-z0-9]{36,251}\\b", 4),
            new Rule("github-fine-grained-token", List.of("github_pat_"),
                    "\\bgithub_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}\\b", 11),
            new Rule("gitlab-token", List.of("glpat-"), "\\bglpat-[A-Za-z0-9_\\-]{20,}", 6),
            new Rule("slack-token", List.of("xox"), "\\bxox[abeposr]-(?:[0-9]+-)?[A-Za-z0-9-]{10,}", 5),
            new Rule("slack-webhook", List.of("hooks.slack.com/services/"),
                    "hooks\\.slack\\.com/services/T[A-Z0-9]{6,}/B[A-Z0-9]{6,}/[A-Za-z0-9]{20,}",
                    "hooks.slack.com/services/"),
            new Rule("vault-token", List.of("hvs.", "hvb.", "hvr."), "\\bhv[sbr]\\.[A-Za-z0-9_\\-]{24,}", 4),
            new Rule("vault-token-legacy", List.of("s."),
                    "(?<![A-Za-z0-9_./-])s\\.(?<value>[A-Za-z0-9]{24})(?![A-Za-z0-9])", "s."),
            new Rule("jwt", List.of("eyJ"),
                    "\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{16,}", 3));

    /** Lower-case hints: a line holding none of them has no generic assignment worth a regex. */
    private static final List<String> GENERIC_KEYWORDS = List.of("secret", "token", "passw", "pwd", "apikey", "api_key",
            "api-key", "accesskey", "access_key", "access-key", "auth_key", "auth-key", "privatekey", "private_key",
            "private-key", "signingkey", "signing_key", "signing-key", "credential");
    /** Words that, ending a key, name a secret (longest alternatives first). */
    private static final Pattern GENERIC_KEYWORD = Pattern.compile("(?i)secret[_-]?key|private[_-]?key|signing[_-]?key"
            + "|api[_-]?key|access[_-]?key|auth[_-]?key|secret|token|passwd|password|pwd|credentials?");
    /** What must follow the keyword directly: an assignment of a literal (quoted, or bare up to a delimiter). */
    private static final Pattern GENERIC_ASSIGNMENT = Pattern.compile(
            "[\"']?\\s*(?::=|=>|=|:)\\s*(?<quote>[\"'`]?)(?<value>[^\"'`\\s,;()]{12,200})\\k<quote>(?![(\\w.])");
    /** Values that are obviously not real secrets. */
    private static final List<String> PLACEHOLDERS = List.of("example", "placeholder", "changeme", "change_me",
            "change-me", "your", "xxxx", "****", "dummy", "sample", "redacted", "fake", "test", "secret", "password", "token",
            "sentinel",
            "todo", "replace", "<", ">", "${", "{{", "%(", "$(");
    static final double MIN_ENTROPY_BITS_PER_CHAR = 3.3;

    private SecretScanner() {
    }

    /**
     * Scans free text (a prompt, a note) line by line with the same rules as added diff lines: every line counts.
     * Findings name the 1-based line and the kind, and a masked form that holds no character of the secret.
     */
    public static List<Finding> scanText(String name, String text) {
        List<Finding> findings = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            scanLine(name, i + 1, lines[i], findings);
        }
        return findings;
    }

    static List<Finding> scan(String diff) {
        List<Finding> findings = new ArrayList<>();
        UnifiedDiff.forEachAddedLine(diff, (path, line, text) -> scanLine(path, line, text, findings));
        return findings;
    }

    /** Receives each finding with a fingerprint of its secret (a hash kept in memory only, never shown). */
    interface Sink {
        void found(Finding finding, long fingerprint);
    }

    static void scanLine(String path, int lineNumber, String line, List<Finding> findings) {
        scanLine(path, lineNumber, line, (finding, fingerprint) -> findings.add(finding));
    }

    static void scanLine(String path, int lineNumber, String line, Sink sink) {
        if (line.length() < 12) {
            return;
        }
        boolean found = false;
        for (Rule rule : RULES) {
            if (!hinted(line, rule.hints())) {
                continue;
            }
            Matcher m = rule.pattern().matcher(line);
            while (m.find()) {
                String token = rule.token(m);
                if (plausible(rule.kind(), token)) {
                    sink.found(new Finding(path, lineNumber, rule.kind(), rule.mask(m.group())), fingerprint(token));
                    found = true;
                }
            }
        }
        if (!found && hinted(line.toLowerCase(Locale.ROOT), GENERIC_KEYWORDS)) {
            scanAssignments(path, lineNumber, line, sink);
        }
    }

    /**
     * {@code key = "value"} / {@code key: value} where the key ends in a word naming a secret ({@code db_password},
     * {@code clientSecret}, not {@code tokenizerVersion} or {@code secret_name}), the value judged by entropy. Each
     * keyword is tried once with an anchored match, so the cost stays linear in the line's length. One finding per
     * line at most, and none on a line a specific rule already reported.
     */
    private static void scanAssignments(String path, int lineNumber, String line, Sink sink) {
        Matcher keyword = GENERIC_KEYWORD.matcher(line);
        Matcher assignment = GENERIC_ASSIGNMENT.matcher(line);
        while (keyword.find()) {
            assignment.region(keyword.end(), line.length());
            if (!assignment.lookingAt()) {
                continue;
            }
            String value = assignment.group("value");
            if (highEntropy(value, !assignment.group("quote").isEmpty())) {
                int keyStart = keyword.start();
                while (keyStart > 0 && isKeyChar(line.charAt(keyStart - 1))) {
                    keyStart--;
                }
                sink.found(new Finding(path, lineNumber, "generic-high-entropy",
                        line.substring(keyStart, keyword.end()) + "=****"), fingerprint(value));
                return;
            }
        }
    }

    /** FNV-1a, 64 bits: enough to recognise the same secret removed later; never output. */
    static long fingerprint(String token) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < token.length(); i++) {
            hash ^= token.charAt(i);
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    private static boolean isKeyChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-';
    }

    private static boolean hinted(String line, List<String> hints) {
        for (String hint : hints) {
            if (line.contains(hint)) {
                return true;
            }
        }
        return false;
    }

    private static boolean plausible(String kind, String token) {
        String lower = token.toLowerCase(Locale.ROOT);
        if (lower.contains("example")) { // AWS's documented AKIAIOSFODNN7EXAMPLE and friends
            return false;
        }
        if (kind.equals("vault-token-legacy")) { // "s." is common in code: demand a random-looking token
            return token.chars().anyMatch(Character::isUpperCase) && token.chars().anyMatch(Character::isLowerCase)
                    && token.chars().anyMatch(Character::isDigit);
        }
        return true;
    }

    static boolean highEntropy(String value, boolean quoted) {
        String lower = value.toLowerCase(Locale.ROOT);
        for (String placeholder : PLACEHOLDERS) {
            if (lower.contains(placeholder)) {
                return false;
            }
        }
        if (lower.startsWith("$") || lower.startsWith("process.env") || lower.startsWith("os.environ")
                || lower.startsWith("env.") || lower.startsWith("http://") || lower.startsWith("https://")) {
            return false;
        }
        boolean digit = value.chars().anyMatch(Character::isDigit);
        boolean letter = value.chars().anyMatch(Character::isLetter);
        if (!quoted && !(digit && letter)) {
            return false; // an unquoted identifier or constant name, not a literal secret
        }
        int classes = (digit ? 1 : 0) + (value.chars().anyMatch(Character::isUpperCase) ? 1 : 0)
                + (value.chars().anyMatch(Character::isLowerCase) ? 1 : 0)
                + (value.chars().anyMatch(c -> !Character.isLetterOrDigit(c)) ? 1 : 0);
        return classes >= 2 && entropy(value) >= MIN_ENTROPY_BITS_PER_CHAR;
    }

    /** Shannon entropy in bits per character. */
    static double entropy(String value) {
        int[] counts = new int[128];
        int other = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 128) {
                counts[c]++;
            } else {
                other++;
            }
        }
        double bits = 0;
        for (int count : counts) {
            bits += term(count, value.length());
        }
        return bits + term(other, value.length());
    }

    private static double term(int count, int total) {
        if (count == 0) {
            return 0;
        }
        double p = (double) count / total;
        return -p * (Math.log(p) / Math.log(2));
    }
}
