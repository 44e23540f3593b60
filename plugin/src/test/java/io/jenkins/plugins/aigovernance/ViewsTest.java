package io.jenkins.plugins.aigovernance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Jelly views and help pages Jenkins renders, checked as files (no Jelly engine here). */
class ViewsTest {
    private static final Path RESOURCES = Paths.get("src/main/resources");
    private static final Path VIEWS = RESOURCES.resolve("io/jenkins/plugins/aigovernance");

    static Stream<Path> jellyFiles() throws IOException {
        try (Stream<Path> files = Files.walk(RESOURCES)) {
            List<Path> out = files.filter(p -> p.toString().endsWith(".jelly")).toList();
            assertThat(out).hasSizeGreaterThanOrEqualTo(6);
            return out.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("jellyFiles")
    void everyJellyFileIsWellFormedEscapesByDefaultAndHasNoInlineScriptOrStyle(Path file) throws Exception {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text).startsWith("<?jelly escape-by-default='true'?>");
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.newDocumentBuilder().parse(file.toFile());
        assertThat(text.toLowerCase()).doesNotContain("<script").doesNotContain("<style").doesNotContain(" style=")
                .doesNotContain("onclick=").doesNotContain("javascript:");
    }

    @Test
    void theOnlyUnescapedOutputIsTheEnginesReportFragment() throws Exception {
        List<String> raw = new ArrayList<>();
        for (Path file : jellyFiles().toList()) {
            for (String line : Files.readAllLines(file)) {
                if (line.contains("<j:out")) {
                    raw.add(file.getFileName() + ": " + line.trim());
                }
            }
        }
        assertThat(raw).containsExactlyInAnyOrder("index.jelly: <j:out value=\"${it.reportHtml}\"/>",
                "index.jelly: <j:out value=\"${it.pageTrendSvg}\"/>", "jobMain.jelly: <j:out value=\"${it.trendSvg}\"/>");
    }

    @Test
    void everyStepParameterHasAFormFieldAndHelp() throws Exception {
        for (Class<?> step : List.of(WithAgentIdentityStep.class, AiGovernanceGateStep.class, AiGovernanceWaitStep.class)) {
            Path dir = VIEWS.resolve(step.getSimpleName());
            String config = Files.readString(dir.resolve("config.jelly"));
            for (String parameter : parameters(step)) {
                assertThat(config).as(step.getSimpleName() + " " + parameter).contains("field=\"" + parameter + "\"");
                assertThat(dir.resolve("help-" + parameter + ".html")).as(step.getSimpleName()).exists();
            }
            assertThat(dir.resolve("help.html")).exists();
        }
    }

    @Test
    void everyGlobalSettingHasAFormFieldAndHelp() throws Exception {
        Path dir = VIEWS.resolve("AiGovernanceConfiguration");
        String config = Files.readString(dir.resolve("config.jelly"));
        for (String parameter : parameters(AiGovernanceConfiguration.class)) {
            assertThat(config).contains("field=\"" + parameter + "\"");
            assertThat(dir.resolve("help-" + parameter + ".html")).exists();
        }
        assertThat(config).contains("checkMethod=\"post\"");
    }

    @Test
    void theBuildActionHasItsSummaryAndPageAndThePluginItsDescription() {
        assertThat(VIEWS.resolve("GovernanceAction/summary.jelly")).exists();
        assertThat(VIEWS.resolve("GovernanceAction/index.jelly")).exists();
        assertThat(RESOURCES.resolve("index.jelly")).exists();
    }

    private static List<String> parameters(Class<?> type) {
        List<String> out = new ArrayList<>();
        for (var constructor : type.getConstructors()) {
            if (constructor.isAnnotationPresent(DataBoundConstructor.class)) {
                for (var p : constructor.getParameters()) {
                    out.add(p.getName());
                }
            }
        }
        for (Method m : type.getMethods()) {
            if (m.isAnnotationPresent(DataBoundSetter.class)) {
                out.add(Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4));
            }
        }
        assertThat(out).isNotEmpty();
        return out;
    }
}
