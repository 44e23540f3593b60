package io.jenkins.plugins.aigovernance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigov.build.BuildRef;
import dev.aigov.credentials.IdentityRequest;
import dev.aigov.keys.KeyProtection;
import dev.aigov.ledger.Events;
import dev.aigov.policy.IdentityRole;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin's private keys under JENKINS_HOME are encrypted with core's Secret (here its test double, whose key
 * stands for the controller's secrets/ folder); what anyone may request creates no key and parses no policy.
 */
class KeysAtRestTest {
    @TempDir
    Path home;

    @Test
    void theIssuerAndLedgerKeysAreEncryptedUnderJenkinsHome() throws Exception {
        AiGovernanceConfiguration config = new AiGovernanceConfiguration(false);
        var jwt = config.providers(home, "https://ci.example/").get("jwt");
        String token = jwt.issue(new IdentityRequest(new BuildRef("app", "1", "", ""), "agent", null, "", "", "", ""),
                new IdentityRole("agent", "jwt", List.of(), "", "https://agent.example", Duration.ofMinutes(5), 0,
                        false)).secrets().values().iterator().next().reveal();
        Path buildDir = home.resolve("jobs/app/builds/1");
        BuildLedger.append(buildDir, new BuildRef("app", "1", "", ""), BuildLedger.ACTOR,
                Events.agentDeclared("claude-code", "", ""));
        assertThat(BuildLedger.seal(buildDir, home)).isTrue();

        List<Path> issuerKeys = files(AiGovernanceConfiguration.issuerKeys(home), ".jwk");
        assertThat(issuerKeys).isNotEmpty().allSatisfy(f -> assertThat(Files.readString(f))
                .startsWith(KeyProtection.MARKER).doesNotContain("\"d\""));
        assertThat(Files.readString(BuildLedger.keyFile(home), StandardCharsets.US_ASCII))
                .doesNotContain("BEGIN PRIVATE KEY").contains("BEGIN AIGOV PROTECTED PRIVATE KEY")
                .contains("BEGIN PUBLIC KEY");
        // The encrypted keys still work: the issuer verifies what it signed, the page verifies the seal.
        assertThat(config.jwtIssuer(home, "https://ci.example/").verify(token, "https://agent.example").subject())
                .isEqualTo("app#1");
        assertThat(BuildLedger.reportHtml(buildDir, home)).contains("INTACT_SEALED");
        assertThat(JwksAction.jwksJson(home)).contains("\"kty\":\"OKP\"").doesNotContain("\"d\"");
    }

    @Test
    void theJwksAndTheReportPageCreateNoKeyAndParseNoPolicy() throws Exception {
        Path buildDir = home.resolve("jobs/app/builds/2");
        BuildLedger.append(buildDir, new BuildRef("app", "2", "", ""), BuildLedger.ACTOR,
                Events.agentDeclared("claude-code", "", ""));
        List<Path> before = files(home, "");

        assertThat(JwksAction.jwksJson(home)).isEqualTo("{\"keys\":[]}");
        AiGovernanceConfiguration config = new AiGovernanceConfiguration(false);
        config.setPolicyYaml("version: 1\nidentities: [not, a, map]\n");
        assertThat(JwksAction.discoveryJson(home, "https://ci.example/", config))
                .contains("\"issuer\" : \"https://ci.example/ai-governance\"")
                .contains("\"jwks_uri\" : \"https://ci.example/ai-governance/jwks\"");
        assertThat(BuildLedger.reportHtml(buildDir, home)).contains("claude-code");

        assertThat(files(home, "")).as("nothing created under JENKINS_HOME").isEqualTo(before);
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(suffix)).sorted().toList();
        }
    }
}
