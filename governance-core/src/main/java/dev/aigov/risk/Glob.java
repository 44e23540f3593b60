package dev.aigov.risk;

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
    private final GlobAutomaton automaton;

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
        /** Anything else: a non-backtracking automaton, linear in the path length. */
        AUTOMATON
    }

    private final String[] parts;
    /** For automaton globs: text every match must contain, checked first because contains() is far cheaper. */
    private final String requiredText;

    private Glob(String text, Shape shape, String literal, GlobAutomaton automaton) {
        this.text = text;
        this.shape = shape;
        this.literal = literal;
        this.automaton = automaton;
        this.parts = literal == null ? null : literal.split("\\*", -1);
        this.requiredText = automaton == null ? null : longestLiteralRun(text);
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

    /** Globs longer than this are refused: category globs are a few dozen characters. */
    public static final int MAX_LENGTH = 256;
    /** At most this many {@code **} segments in one glob. */
    public static final int MAX_GLOBSTARS = 4;
    /** At most this many other wildcards ({@code *}, {@code ?}, classes, alternatives) in one glob. */
    public static final int MAX_WILDCARDS = 32;

    private static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            n += s.charAt(i) == c ? 1 : 0;
        }
        return n;
    }

    /** What is wrong with the glob, or null when it is well formed (within the limits above too). */
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
        if (glob.length() > MAX_LENGTH) {
            return "is " + glob.length() + " characters long; a glob may have at most " + MAX_LENGTH;
        }
        int globstars = 0;
        int wildcards = 0;
        boolean crossesSegment = false;
        for (String segment : glob.split("/", -1)) {
            if (segment.isEmpty()) {
                return "empty path segment ('//' or a trailing '/')";
            }
            if (segment.contains("**") && !segment.equals("**")) {
                return "'**' must be a whole path segment, as in '**/name' or 'dir/**'";
            }
            if (segment.equals("**")) {
                globstars++;
            } else {
                for (char c : segment.toCharArray()) {
                    wildcards += c == '*' || c == '?' || c == '[' || c == ',' ? 1 : 0;
                }
            }
            crossesSegment |= count(segment, '[') != count(segment, ']') || count(segment, '{') != count(segment, '}');
        }
        if (globstars > MAX_GLOBSTARS) {
            return "has " + globstars + " '**' segments; a glob may have at most " + MAX_GLOBSTARS;
        }
        if (wildcards > MAX_WILDCARDS) {
            return "has " + wildcards + " wildcards ('*', '?', '[', ','); a glob may have at most " + MAX_WILDCARDS;
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
        if (brackets != 0 || braces != 0) {
            return "unclosed '[' or '{'";
        }
        return crossesSegment ? "a '[…]' or '{…}' must close within its path segment (it may not hold '/')" : null;
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
        return new Glob(glob, Shape.AUTOMATON, null, GlobAutomaton.compile(glob));
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
            case AUTOMATON -> (requiredText == null || path.contains(requiredText)) && automaton.matches(path);
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

    @Override
    public String toString() {
        return text;
    }
}
