package dev.aigov.risk;

import java.util.regex.Pattern;

/**
 * A path glob, anchored at the repository root: {@code *} and {@code ?} stay within one path segment, a whole
 * segment {@code **} spans any number of directories (also none), {@code [abc]} is a character class and
 * {@code {a,b}} an alternative. {@code Jenkinsfile} matches only at the root; {@code **}{@code /Jenkinsfile}
 * at any depth.
 */
public final class Glob {
    private final String text;
    private final Shape shape;
    private final String literal;
    private final Pattern regex;

    /** How a glob can be matched without a regex: most category globs have one of these shapes. */
    enum Shape {
        /** {@code a/b/c}: the whole path. */
        EXACT,
        /** {@code **}{@code /name}: the file name at any depth. */
        NAME_ANYWHERE,
        /** {@code **}{@code /*.tf}: the file name ends with a literal. */
        SUFFIX_ANYWHERE,
        /** {@code dir/sub/**}: everything below a literal directory. */
        UNDER_DIRECTORY,
        /** {@code **}{@code /dir/**}: everything below a directory of that name at any depth. */
        UNDER_DIRECTORY_ANYWHERE,
        /** {@code **}{@code /*Login*}: the file name matches a pattern whose only wildcard is {@code *}. */
        NAME_WILDCARD_ANYWHERE,
        /** {@code **}{@code /oauth*}{@code /**}: below a directory whose name matches a {@code *}-only pattern. */
        UNDER_DIRECTORY_WILDCARD_ANYWHERE,
        /** Anything else. */
        REGEX
    }

    private final String[] parts;
    /** For regex globs: text every match must contain, checked first because contains() is far cheaper. */
    private final String requiredText;

    private Glob(String text, Shape shape, String literal, Pattern regex) {
        this.text = text;
        this.shape = shape;
        this.literal = literal;
        this.regex = regex;
        this.parts = literal == null ? null : literal.split("\\*", -1);
        this.requiredText = regex == null ? null : longestLiteralRun(text);
    }

    private static String longestLiteralRun(String glob) {
        String best = "";
        StringBuilder run = new StringBuilder();
        int depth = 0;
        for (char c : (glob + "*").toCharArray()) {
            boolean special = c == '/' || c == '*' || c == '?' || c == '[' || c == ']' || c == '{' || c == '}' || c == ',';
            if (c == '[' || c == '{') {
                depth++;
            } else if (c == ']' || c == '}') {
                depth--;
            }
            if (special || depth > 0) {
                if (run.length() > best.length()) {
                    best = run.toString();
                }
                run.setLength(0);
            } else {
                run.append(c);
            }
        }
        return best.length() >= 2 ? best : null;
    }

    /** What is wrong with the glob, or null when it is well formed. */
    public static String problem(String glob) {
        if (glob.isEmpty()) {
            return "an empty glob matches nothing";
        }
        if (glob.startsWith("/")) {
            return "globs are relative to the repository root; drop the leading '/'";
        }
        if (glob.contains("\\")) {
            return "paths use '/', and '\\' is not supported in globs";
        }
        for (String segment : glob.split("/", -1)) {
            if (segment.isEmpty()) {
                return "empty path segment ('//' or a trailing '/')";
            }
            if (segment.contains("**") && !segment.equals("**")) {
                return "'**' must be a whole path segment, as in '**/name' or 'dir/**'";
            }
        }
        int brackets = 0;
        int braces = 0;
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '[' -> brackets++;
                case ']' -> brackets--;
                case '{' -> braces++;
                case '}' -> braces--;
                default -> { }
            }
            if (brackets < 0 || brackets > 1 || braces < 0 || braces > 1) {
                return "unbalanced or nested '[' ']' or '{' '}'";
            }
        }
        return brackets == 0 && braces == 0 ? null : "unclosed '[' or '{'";
    }

    /** Compiles a well-formed glob; throws IllegalArgumentException with {@link #problem} otherwise. */
    public static Glob compile(String glob) {
        String problem = problem(glob);
        if (problem != null) {
            throw new IllegalArgumentException("bad glob '" + glob + "': " + problem);
        }
        if (isLiteral(glob)) {
            return new Glob(glob, Shape.EXACT, glob, null);
        }
        if (glob.startsWith("**/")) {
            String rest = glob.substring(3);
            if (isLiteral(rest) && !rest.contains("/")) {
                return new Glob(glob, Shape.NAME_ANYWHERE, rest, null);
            }
            if (rest.startsWith("*") && isLiteral(rest.substring(1)) && !rest.contains("/") && rest.length() > 1) {
                return new Glob(glob, Shape.SUFFIX_ANYWHERE, rest.substring(1), null);
            }
            if (isStarOnly(rest) && !rest.contains("/")) {
                return new Glob(glob, Shape.NAME_WILDCARD_ANYWHERE, rest, null);
            }
            if (rest.endsWith("/**")) {
                String dir = rest.substring(0, rest.length() - 3);
                if (isLiteral(dir) && !dir.contains("/")) {
                    return new Glob(glob, Shape.UNDER_DIRECTORY_ANYWHERE, dir, null);
                }
                if (isStarOnly(dir) && !dir.contains("/")) {
                    return new Glob(glob, Shape.UNDER_DIRECTORY_WILDCARD_ANYWHERE, dir, null);
                }
            }
        }
        if (glob.endsWith("/**")) {
            String dir = glob.substring(0, glob.length() - 3);
            if (isLiteral(dir)) {
                return new Glob(glob, Shape.UNDER_DIRECTORY, dir, null);
            }
        }
        return new Glob(glob, Shape.REGEX, null, Pattern.compile(toRegex(glob)));
    }

    public String text() {
        return text;
    }

    Shape shape() {
        return shape;
    }

    String literal() {
        return literal;
    }

    /** Whether the path (relative, '/'-separated) matches. */
    public boolean matches(String path) {
        return switch (shape) {
            case EXACT -> path.equals(literal);
            case NAME_ANYWHERE -> fileName(path).equals(literal);
            case SUFFIX_ANYWHERE -> fileName(path).endsWith(literal);
            case UNDER_DIRECTORY -> path.startsWith(literal) && path.length() > literal.length() + 1
                    && path.charAt(literal.length()) == '/';
            case UNDER_DIRECTORY_ANYWHERE -> ("/" + path).contains("/" + literal + "/");
            case NAME_WILDCARD_ANYWHERE -> wildcardMatches(fileName(path));
            case UNDER_DIRECTORY_WILDCARD_ANYWHERE -> anyDirectoryMatches(path);
            case REGEX -> (requiredText == null || path.contains(requiredText)) && regex.matcher(path).matches();
        };
    }

    /** Whether one path segment matches this glob's {@code *}-only pattern (literal parts in order). */
    boolean wildcardMatches(String segment) {
        String first = parts[0];
        String last = parts[parts.length - 1];
        if (segment.length() < first.length() + last.length() || !segment.startsWith(first) || !segment.endsWith(last)) {
            return false;
        }
        int at = first.length();
        int end = segment.length() - last.length();
        for (int i = 1; i < parts.length - 1; i++) {
            int found = segment.indexOf(parts[i], at);
            if (found < 0 || found + parts[i].length() > end) {
                return false;
            }
            at = found + parts[i].length();
        }
        return true;
    }

    private boolean anyDirectoryMatches(String path) {
        int start = 0;
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            if (wildcardMatches(path.substring(start, slash))) {
                return true;
            }
            start = slash + 1;
        }
        return false;
    }

    /** A pattern whose only wildcard is '*', e.g. {@code *Login*} or {@code docker-compose*.yml}. */
    private static boolean isStarOnly(String s) {
        return s.indexOf('*') >= 0 && isLiteral(s.replace("*", ""));
    }

    static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static boolean isLiteral(String s) {
        for (int i = 0; i < s.length(); i++) {
            switch (s.charAt(i)) {
                case '*', '?', '[', ']', '{', '}' -> {
                    return false;
                }
                default -> { }
            }
        }
        return true;
    }

    private static String toRegex(String glob) {
        StringBuilder re = new StringBuilder();
        String[] segments = glob.split("/");
        for (int s = 0; s < segments.length; s++) {
            String segment = segments[s];
            boolean last = s == segments.length - 1;
            if (segment.equals("**")) {
                // "**/" at the front or middle: zero or more directories; "/**" at the end: anything below.
                re.append(last ? (s == 0 ? ".*" : ".+") : "(?:[^/]+/)*");
                continue;
            }
            boolean inClass = false;
            boolean inAlternatives = false;
            for (char c : segment.toCharArray()) {
                if (inClass) {
                    boolean first = re.charAt(re.length() - 1) == '[';
                    if (c == ']') {
                        re.append(']');
                        inClass = false;
                    } else if (first && (c == '!' || c == '^')) {
                        re.append('^');
                    } else {
                        re.append(Character.isLetterOrDigit(c) || c == '-' ? String.valueOf(c) : "\\" + c);
                    }
                    continue;
                }
                switch (c) {
                    case '*' -> re.append("[^/]*");
                    case '?' -> re.append("[^/]");
                    case '[' -> {
                        re.append('[');
                        inClass = true;
                    }
                    case '{' -> {
                        re.append("(?:");
                        inAlternatives = true;
                    }
                    case '}' -> {
                        re.append(')');
                        inAlternatives = false;
                    }
                    case ',' -> re.append(inAlternatives ? "|" : ",");
                    default -> re.append(Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c);
                }
            }
            if (!last) {
                re.append('/');
            }
        }
        return re.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
