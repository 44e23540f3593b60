package dev.aigov.risk;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GlobAutomatonTest {

    private static String deepPath(int directories) {
        return "d/".repeat(directories) + "y";
    }

    @Test
    void aHostileGlobCostsStepsLinearInThePathLengthNotExponential() {
        // Within the limits: four '**' and many '*': a backtracking regex explores the ways to split the path.
        String hostile = "**/*a*/**/*a*/**/*a*/**/x";
        GlobAutomaton automaton = GlobAutomaton.compile(hostile);
        long previous = 0;
        for (int depth : new int[] {60, 600, 6_000}) {
            String path = "a/".repeat(depth) + "y";
            long[] steps = {0};
            assertThat(automaton.matchesCounting(path, steps)).isFalse();
            long states = automaton.states();
            assertThat(steps[0]).as("steps for depth " + depth).isLessThanOrEqualTo(states * states * (path.length() + 1));
            if (previous > 0) {
                assertThat((double) steps[0] / previous).as("a 10x longer path costs about 10x the steps").isLessThan(10.5);
            }
            previous = steps[0];
        }
    }

    @Test
    void theGlobFromTheAttackIsRefusedAndACompiledOneStaysLinear() {
        String attack = "**/".repeat(24) + "x";
        assertThat(Glob.problem(attack)).isEqualTo("has 24 '**' segments; a glob may have at most 4");
        assertThatThrownBy(() -> Glob.compile(attack)).isInstanceOf(IllegalArgumentException.class);
        // The automaton itself does not care: even the refused glob would run in linear steps.
        GlobAutomaton automaton = GlobAutomaton.compile(attack);
        long[] steps = {0};
        String path = deepPath(60);
        assertThat(automaton.matchesCounting(path, steps)).isFalse();
        long states = automaton.states();
        assertThat(steps[0]).isLessThanOrEqualTo(states * states * (path.length() + 1));
    }

    @Test
    void globsBeyondTheLimitsAreRefusedWithTheLimit() {
        assertThat(Glob.problem("a".repeat(257))).isEqualTo("is 257 characters long; a glob may have at most 256");
        assertThat(Glob.problem("*a".repeat(33))).isEqualTo("has 33 wildcards ('*', '?', '[', ','); a glob may have at most 32");
        assertThat(Glob.problem("{a/b,c}")).isEqualTo("a '[…]' or '{…}' must close within its path segment (it may not hold '/')");
        assertThat(Glob.problem("**/a/**/b/**/c/**")).isNull();
    }

    @Test
    void theAutomatonAgreesWithTheRegexFormOnManyGlobsAndPaths() {
        List<String> globs = List.of("**/*.{yml,yaml}", "file[0-9].txt", "file[!0-9].txt", "src/**/main.go", "src/*/main.go",
                "**/(x)+/**", "**/foo?/**", "a/**", "**", "**/a*b*c", "x/{a,b*,}/y", "**/[a-c]?/**", "*/**/z", "{a,b}{c,d}");
        String alphabet = "ab/c.xyz0";
        Random random = new Random(11);
        for (String text : globs) {
            GlobAutomaton automaton = GlobAutomaton.compile(text);
            Pattern regex = Pattern.compile(regexOf(text));
            for (int i = 0; i < 3_000; i++) {
                StringBuilder path = new StringBuilder();
                int length = 1 + random.nextInt(9);
                for (int k = 0; k < length; k++) {
                    path.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                String p = path.toString();
                assertThat(automaton.matches(p)).as(text + " vs " + p).isEqualTo(regex.matcher(p).matches());
            }
            assertThat(Glob.compile(text).matches("src/a/main.go")).isEqualTo(regex.matcher("src/a/main.go").matches());
        }
    }

    /** The regex translation the engine used before the automaton (classes never match '/', as globs mean). */
    private static String regexOf(String glob) {
        StringBuilder re = new StringBuilder();
        String[] segments = glob.split("/");
        for (int s = 0; s < segments.length; s++) {
            String segment = segments[s];
            boolean last = s == segments.length - 1;
            if (segment.equals("**")) {
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
                        re.append("(?!/)[");
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
}
