package io.jenkins.plugins.aigovernance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.Phases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Jenkinsfile of the project and every {@code groovy} block of its docs goes through Apache Groovy's own
 * parser, so a documented pipeline that would not compile (a shell-style {@code #} comment, an unclosed brace)
 * fails the build instead of the reader's first run.
 */
class DocsGroovyTest {
    private static final Path ROOT = Path.of("..");
    private static final Pattern BLOCK = Pattern.compile("(?ms)^```(groovy|jenkinsfile|Jenkinsfile)\\s*\\n(.*?)^```");

    record Snippet(String where, String text) {
        @Override
        public String toString() {
            return where;
        }
    }

    static List<Snippet> snippets() throws IOException {
        List<Snippet> out = new ArrayList<>();
        List<Path> markdown = new ArrayList<>();
        markdown.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(markdown::add);
        }
        for (Path file : markdown) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            Matcher m = BLOCK.matcher(text);
            while (m.find()) {
                int line = (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
                out.add(new Snippet(ROOT.relativize(file) + ":" + line, m.group(2)));
            }
        }
        try (Stream<Path> files = Files.walk(ROOT, 2)) {
            files.filter(p -> p.getFileName().toString().equals("Jenkinsfile")).sorted()
                    .forEach(p -> out.add(new Snippet(ROOT.relativize(p).toString(), read(p))));
        }
        assertThat(out).as("the plugin docs' complete Jenkinsfile and the project's own").hasSizeGreaterThanOrEqualTo(2);
        return out;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Parses to Groovy's AST (syntax only: steps such as {@code sh} are resolved by Pipeline at run time). */
    static void parse(String name, String source) {
        CompilationUnit unit = new CompilationUnit();
        unit.addSource(name.replaceAll("[^A-Za-z0-9]", "_") + ".groovy", source);
        unit.compile(Phases.CONVERSION);
    }

    @ParameterizedTest
    @MethodSource("snippets")
    void everyDocumentedPipelineParsesWithTheRealGroovyParser(Snippet snippet) {
        try {
            parse(snippet.where(), snippet.text());
        } catch (CompilationFailedException e) {
            throw new AssertionError(snippet.where() + " does not parse as Groovy:\n" + e.getMessage(), e);
        }
    }

    @org.junit.jupiter.api.Test
    void theParserRejectsAShellComment() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> parse("bad", "node {\n  sh './run.sh'   # reads $TOKEN\n}\n"))
                .isInstanceOf(CompilationFailedException.class);
    }
}
