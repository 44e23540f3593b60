package dev.aigov.provenance;

import dev.aigov.policy.AttributionAdditions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MarkerCatalogueTest {
    /** The tool ids of design §4, exactly. */
    static final Set<String> DESIGN_TOOL_IDS = Set.of("claude-code", "github-copilot", "aider", "cursor", "openai-codex",
            "devin", "google-jules", "amp", "openhands", "opencode", "replit", "amazon-q", "gemini", "windsurf",
            "factory-droid", "unknown-ai");

    @Test
    void builtInCatalogueUsesExactlyTheDesignsToolIds() {
        assertThat(MarkerCatalogue.builtIn().toolIds()).isEqualTo(DESIGN_TOOL_IDS);
    }

    @Test
    void everyDesignToolHasAtLeastOneMarker() {
        MarkerCatalogue catalogue = MarkerCatalogue.builtIn();
        Set<String> covered = new HashSet<>();
        covered.addAll(catalogue.toolByEmail.values());
        covered.addAll(catalogue.toolByName.values());
        catalogue.botsByLogin.values().forEach(bot -> covered.add(bot.tool()));
        catalogue.sessionTrailers.values().forEach(trailer -> covered.add(trailer.tool()));
        catalogue.toolNames.forEach(name -> covered.add(name.tool()));
        catalogue.footers.forEach(footer -> covered.add(footer.tool()));

        assertThat(covered).containsAll(DESIGN_TOOL_IDS);
    }

    @Test
    void policyAdditionsExtendWithoutChangingTheBuiltIn() {
        MarkerCatalogue extended = MarkerCatalogue.builtIn().with(new AttributionAdditions(List.of("X-AI-Tool"), List.of("bot <b@x>")));

        assertThat(extended.policyTrailerKeys).containsExactly("x-ai-tool");
        assertThat(extended.policyIdentities).extracting(MarkerCatalogue.PolicyIdentity::email).containsExactly("b@x");
        assertThat(MarkerCatalogue.builtIn().policyTrailerKeys).isEmpty();
        assertThat(MarkerCatalogue.builtIn().with(AttributionAdditions.none())).isSameAs(MarkerCatalogue.builtIn());
    }

    @Test
    void aCatalogueNamingAnUnknownToolIsRejected() throws Exception {
        String json = builtInJson().replace("\"tool\": \"aider\"}", "\"tool\": \"aidr\"}");

        assertThatThrownBy(() -> MarkerCatalogue.load(stream(json), "custom.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("custom.json: unknown tool id 'aidr'");
    }

    @Test
    void aCatalogueWithAnUnknownFieldIsRejectedByName() throws Exception {
        String json = builtInJson().replaceFirst("\"githubBots\"", "\"githubBotz\"");

        assertThatThrownBy(() -> MarkerCatalogue.load(stream(json), "custom.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("custom.json: ")
                .hasMessageContaining("githubBotz");
    }

    @Test
    void aFieldOfTheWrongTypeIsRejectedWithItsPath() throws Exception {
        String json = builtInJson().replaceFirst("\"ids\": \\[209825114\\]", "\"ids\": [\"209825114\"]");

        assertThatThrownBy(() -> MarkerCatalogue.load(stream(json), "custom.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("custom.json: githubBots[0].ids: expected an array of integers");
    }

    @Test
    void anUnknownGradeIsRejectedWithItsPath() throws Exception {
        String json = builtInJson().replaceFirst("\"ids\": \\[209825114\\],", "\"ids\": [209825114], \"grade\": \"certain\",");

        assertThatThrownBy(() -> MarkerCatalogue.load(stream(json), "custom.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("custom.json: githubBots[0].grade: expected high, medium or low, was 'certain'");
    }

    @Test
    void malformedJsonIsRejectedNamingTheSource() {
        assertThatThrownBy(() -> MarkerCatalogue.load(stream("{\"tools\": [}"), "custom.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("custom.json: ");
    }

    private static String builtInJson() throws Exception {
        try (InputStream in = MarkerCatalogue.class.getResourceAsStream(MarkerCatalogue.RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
