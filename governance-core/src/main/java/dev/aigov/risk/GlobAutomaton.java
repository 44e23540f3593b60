package dev.aigov.risk;

import java.util.ArrayList;
import java.util.List;

/**
 * A glob compiled to a nondeterministic automaton (Thompson's construction) and run on the whole set of states
 * at once: each character of the path is looked at once, against at most every state, so a match costs at most
 * {@code states × (path length + 1)} steps whatever the glob, and never backtracks (a regex of the same glob took
 * minutes on {@code **}{@code /**}{@code /…} against a deep path).
 */
final class GlobAutomaton {
    private static final int CHAR = 0;
    private static final int NOT_SLASH = 1;
    private static final int CLASS = 2;
    private static final int ANY = 3;
    private static final int SPLIT = 4;
    private static final int MATCH = 5;

    private final List<int[]> built = new ArrayList<>();
    private final List<CharClass> builtClasses = new ArrayList<>();
    private int[] kind;
    private char[] ch;
    private int[] out;
    private int[] alt;
    private CharClass[] classes;
    private int start;
    /** For each state, the states that read a character (or match) reachable from it without reading one. */
    private int[][] closures;

    private record CharClass(boolean negated, String singles, String rangeFrom, String rangeTo) {
        boolean contains(char c) {
            if (c == '/') {
                return false;
            }
            boolean in = singles.indexOf(c) >= 0;
            for (int i = 0; !in && i < rangeFrom.length(); i++) {
                in = c >= rangeFrom.charAt(i) && c <= rangeTo.charAt(i);
            }
            return in != negated;
        }
    }

    private GlobAutomaton() {
    }

    /** Compiles a glob that {@link Glob#problem} accepts. */
    static GlobAutomaton compile(String glob) {
        GlobAutomaton a = new GlobAutomaton();
        int match = a.add(MATCH, '\0', -1, -1, null);
        List<Object> tokens = tokens(glob);
        a.start = a.sequence(tokens, match);
        int n = a.built.size();
        a.kind = new int[n];
        a.ch = new char[n];
        a.out = new int[n];
        a.alt = new int[n];
        a.classes = a.builtClasses.toArray(new CharClass[0]);
        for (int i = 0; i < n; i++) {
            int[] s = a.built.get(i);
            a.kind[i] = s[0];
            a.ch[i] = (char) s[1];
            a.out[i] = s[2];
            a.alt[i] = s[3];
        }
        a.closures = new int[n][];
        int[] mark = new int[n];
        int[] stack = new int[n];
        int[] set = new int[n];
        for (int i = 0; i < n; i++) {
            int size = a.close(i, set, 0, mark, i + 1, stack, null);
            a.closures[i] = java.util.Arrays.copyOf(set, size);
        }
        return a;
    }

    int states() {
        return kind.length;
    }

    boolean matches(String path) {
        return run(path, null);
    }

    /** Matches and counts the state visits into {@code steps[0]}: what proves the cost bound in tests. */
    boolean matchesCounting(String path, long[] steps) {
        return run(path, steps);
    }

    private boolean run(String path, long[] steps) {
        int n = kind.length;
        int[] current = new int[n];
        int[] next = new int[n];
        int[] mark = new int[n];
        int generation = 1;
        int size = 0;
        for (int s : closures[start]) {
            current[size++] = s;
        }
        for (int p = 0; p < path.length() && size > 0; p++) {
            char c = path.charAt(p);
            generation++;
            int nextSize = 0;
            for (int i = 0; i < size; i++) {
                int s = current[i];
                boolean takes = switch (kind[s]) {
                    case CHAR -> ch[s] == c;
                    case NOT_SLASH -> c != '/';
                    case CLASS -> classes[alt[s]].contains(c);
                    case ANY -> true;
                    default -> false;
                };
                if (takes) {
                    int[] closure = closures[out[s]];
                    if (steps != null) {
                        steps[0] += 1 + closure.length;
                    }
                    for (int t : closure) {
                        if (mark[t] != generation) {
                            mark[t] = generation;
                            next[nextSize++] = t;
                        }
                    }
                } else if (steps != null) {
                    steps[0]++;
                }
            }
            int[] swap = current;
            current = next;
            next = swap;
            size = nextSize;
        }
        for (int i = 0; i < size; i++) {
            if (kind[current[i]] == MATCH) {
                return true;
            }
        }
        return false;
    }

    /** Adds {@code from} and every state reachable from it without reading a character. */
    private int close(int from, int[] set, int size, int[] mark, int generation, int[] stack, long[] steps) {
        int top = 0;
        stack[top++] = from;
        while (top > 0) {
            int s = stack[--top];
            if (mark[s] == generation) {
                continue;
            }
            mark[s] = generation;
            if (steps != null) {
                steps[0]++;
            }
            if (kind[s] == SPLIT) {
                // Both branches of a split are pushed at most once each per generation (the mark above).
                if (mark[alt[s]] != generation) {
                    stack[top++] = alt[s];
                }
                if (mark[out[s]] != generation) {
                    stack[top++] = out[s];
                }
            } else {
                set[size++] = s;
            }
        }
        return size;
    }

    private int add(int k, char c, int o, int a, CharClass cls) {
        if (cls != null) {
            a = builtClasses.size();
            builtClasses.add(cls);
        }
        built.add(new int[] {k, c, o, a});
        return built.size() - 1;
    }

    private void setOut(int state, int o) {
        built.get(state)[2] = o;
    }

    private void setAlt(int state, int a) {
        built.get(state)[3] = a;
    }

    /** Builds the tokens backwards, each one ahead of the state that follows it; returns the first state. */
    @SuppressWarnings("unchecked")
    private int sequence(List<Object> tokens, int next) {
        for (int i = tokens.size() - 1; i >= 0; i--) {
            Object t = tokens.get(i);
            if (t instanceof Character c) {
                next = add(CHAR, c, next, -1, null);
            } else if (t instanceof CharClass cls) {
                next = add(CLASS, '\0', next, -1, cls);
            } else if (t instanceof List<?> alternatives) {
                // {a,b,c}: a chain of splits, each alternative leading on to the same next state.
                int chain = -1;
                for (int k = alternatives.size() - 1; k >= 0; k--) {
                    int first = sequence((List<Object>) alternatives.get(k), next);
                    chain = chain < 0 ? first : add(SPLIT, '\0', first, chain, null);
                }
                next = chain;
            } else {
                switch ((Token) t) {
                    case ONE -> next = add(NOT_SLASH, '\0', next, -1, null);
                    case STAR -> {
                        int loop = add(SPLIT, '\0', -1, next, null);
                        int take = add(NOT_SLASH, '\0', loop, -1, null);
                        setOut(loop, take);
                        next = loop;
                    }
                    case DIRECTORIES -> {
                        // (?:[^/]+/)*: any number of whole directories, none included.
                        int loop = add(SPLIT, '\0', -1, next, null);
                        int slash = add(CHAR, '/', loop, -1, null);
                        int more = add(SPLIT, '\0', -1, slash, null);
                        int take = add(NOT_SLASH, '\0', more, -1, null);
                        setOut(more, take);
                        setOut(loop, take);
                        next = loop;
                    }
                    case ANYTHING_NONEMPTY -> {
                        int loop = add(SPLIT, '\0', -1, next, null);
                        int take = add(ANY, '\0', loop, -1, null);
                        setOut(loop, take);
                        next = take;
                    }
                    case ANYTHING -> {
                        int loop = add(SPLIT, '\0', -1, next, null);
                        int take = add(ANY, '\0', loop, -1, null);
                        setOut(loop, take);
                        next = loop;
                    }
                }
            }
        }
        return next;
    }

    private enum Token { ONE, STAR, DIRECTORIES, ANYTHING_NONEMPTY, ANYTHING }

    /** The glob as tokens: characters, classes, alternatives (lists of token lists) and wildcards. */
    private static List<Object> tokens(String glob) {
        List<Object> out = new ArrayList<>();
        String[] segments = glob.split("/", -1);
        for (int s = 0; s < segments.length; s++) {
            String segment = segments[s];
            boolean last = s == segments.length - 1;
            if (segment.equals("**")) {
                out.add(last ? (s == 0 ? Token.ANYTHING : Token.ANYTHING_NONEMPTY) : Token.DIRECTORIES);
                continue;
            }
            segmentTokens(segment, out);
            if (!last) {
                out.add('/');
            }
        }
        return out;
    }

    private static void segmentTokens(String segment, List<Object> out) {
        List<List<Object>> alternatives = null;
        List<Object> target = out;
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            switch (c) {
                case '*' -> target.add(Token.STAR);
                case '?' -> target.add(Token.ONE);
                case '[' -> {
                    int close = segment.indexOf(']', i + 1);
                    target.add(charClass(segment.substring(i + 1, close)));
                    i = close;
                }
                case '{' -> {
                    alternatives = new ArrayList<>();
                    target = new ArrayList<>();
                    alternatives.add(target);
                }
                case ',' -> {
                    if (alternatives != null) {
                        target = new ArrayList<>();
                        alternatives.add(target);
                    } else {
                        target.add(c);
                    }
                }
                case '}' -> {
                    out.add(alternatives);
                    alternatives = null;
                    target = out;
                }
                default -> target.add(c);
            }
        }
    }

    private static CharClass charClass(String body) {
        boolean negated = !body.isEmpty() && (body.charAt(0) == '!' || body.charAt(0) == '^');
        String rest = negated ? body.substring(1) : body;
        StringBuilder singles = new StringBuilder();
        StringBuilder from = new StringBuilder();
        StringBuilder to = new StringBuilder();
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (i + 2 < rest.length() && rest.charAt(i + 1) == '-') {
                from.append(c);
                to.append(rest.charAt(i + 2));
                i += 2;
            } else {
                singles.append(c);
            }
        }
        return new CharClass(negated, singles.toString(), from.toString(), to.toString());
    }
}
