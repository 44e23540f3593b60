package dev.aigov.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyLoaderTest {

    @Test
    void builtInPolicyHasEverySectionOfTheDesign() {
        Policy policy = PolicyLoader.builtIn();
        assertThat(policy.source()).isEqualTo("<built-in>");
        assertThat(policy.categories()).containsKeys("authentication", "secrets", "data-access", "deployment", "ci-config", "dependencies");
        assertThat(policy.rules()).hasSize(2);
        assertThat(policy.rules().get(0).require().approvals()).isEqualTo(2);
        assertThat(policy.rules().get(0).require().groups()).containsExactly("security-reviewers");
        assertThat(policy.evidence().coverage().minLine()).isEqualTo(0.80);
        assertThat(policy.evidence().staticAnalysis().maxNew()).containsEntry("error", 0);
        assertThat(policy.evidence().dependencies().failOn()).containsExactly("critical", "high");
        assertThat(policy.evidence().secrets().scanAddedLines()).isTrue();
        assertThat(policy.identities().get("agent").provider()).isEqualTo("jwt");
        assertThat(policy.identities().get("deploy").requiresApproval()).isTrue();
        assertThat(policy.limits().maxTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(policy.approval().architectsGroup()).isEqualTo("architects");
    }

    @Test
    void designExamplePolicyLoads() throws Exception {
        Policy policy = PolicyLoader.parse("""
                version: 1
                attribution:
                  trailers: [X-AI-Tool]
                  authors: ["build-agent[bot]"]
                categories:
                  authentication: ["**/auth/**", "**/security/**", "**/*Login*"]
                  deployment: ["deploy/**", "helm/**", "k8s/**", "**/*.tf"]
                rules:
                  - when: {aiAttributed: true, categories: [authentication, secrets, data-access, deployment, ci-config]}
                    require: {approvals: 2, groups: [security-reviewers], architecturalReview: true}
                  - when: {aiAttributed: true}
                    require: {approvals: 1}
                evidence:
                  coverage: {minLine: 0.80, scope: changed-files}
                  staticAnalysis: {maxNew: {error: 0}}
                  dependencies: {failOn: [critical, high]}
                  secrets: {scanAddedLines: true}
                identities:
                  agent:  {provider: vault, policies: [agent-readonly], ttl: 15m}
                  deploy: {provider: vault, policies: [deploy-prod], ttl: 10m, requiresApproval: true}
                  db:     {provider: vault, secret: database/creds/app, ttl: 15m}
                  oidc:   {provider: jwt, audience: "https://deploy.example", ttl: 5m}
                limits: {maxTtl: 1h}
                """, "policy.yaml");
        assertThat(policy.attribution().trailers()).containsExactly("X-AI-Tool");
        assertThat(policy.attribution().authors()).containsExactly("build-agent[bot]");
        assertThat(policy.categories().get("authentication")).containsExactly("**/auth/**", "**/security/**", "**/*Login*");
        assertThat(policy.categories().get("secrets")).as("categories not named keep their default").isNotEmpty();
        assertThat(policy.rules().get(0).line()).isEqualTo(9);
        assertThat(policy.identities().get("db").secret()).isEqualTo("database/creds/app");
        assertThat(policy.identities().get("oidc").audience()).isEqualTo("https://deploy.example");
        assertThat(policy.identities().get("oidc").ttl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(policy.identities().get("agent").policies()).containsExactly("agent-readonly");
    }

    @Test
    void unknownKeyIsAnErrorNamingFileLineColumnAndField() {
        assertThatThrownBy(() -> PolicyLoader.parse("""
                version: 1
                rules:
                  - when: {aiAttributed: true, categorie: [secrets]}
                    require: {approvals: 1}
                """, "p.yaml"))
                .isInstanceOf(PolicyException.class)
                .hasMessage("p.yaml:3:32: rules[0].when.categorie: unknown key; expected one of aiAttributed, categories");
    }

    @Test
    void unknownTopLevelKeyIsAnError() {
        assertThatThrownBy(() -> PolicyLoader.parse("version: 1\nidentites: {}\n", "p.yaml"))
                .hasMessage("p.yaml:2:1: identites: unknown key; expected one of approval, attribution, categories, evidence, identities, ledger, limits, rules, version");
    }

    @Test
    void missingVersionIsAnError() {
        assertThatThrownBy(() -> PolicyLoader.parse("limits: {maxTtl: 1h}\n", "p.yaml"))
                .hasMessage("p.yaml:1:1: version: required; expected 'version: 1'");
    }

    @Test
    void unsupportedVersionIsAnError() {
        assertThatThrownBy(() -> PolicyLoader.parse("version: 2\n", "p.yaml"))
                .hasMessage("p.yaml:1:10: version: unsupported version; this engine reads version 1");
    }

    @Test
    void emptyFileIsAnError() {
        assertThatThrownBy(() -> PolicyLoader.parse("", "p.yaml"))
                .hasMessage("p.yaml:1:1: version: the policy is empty; expected at least 'version: 1'");
    }

    @Test
    void badDurationNamesTheFieldAndTheExpectedForm() {
        assertThatThrownBy(() -> PolicyLoader.parse("version: 1\nlimits: {maxTtl: soon}\n", "p.yaml"))
                .hasMessage("p.yaml:2:18: limits.maxTtl: expected a duration like 90s, 15m or 1h30m, got 'soon'");
    }

    @Test
    void identityTtlAboveTheCapIsRefused() {
        assertThatThrownBy(() -> PolicyLoader.parse("""
                version: 1
                identities:
                  agent: {provider: jwt, ttl: 2h}
                """, "p.yaml"))
                .hasMessage("p.yaml:3:31: identities.agent.ttl: is 2h, above limits.maxTtl (1h); lower it or raise the cap");
    }

    @Test
    void loweringTheCapBelowADefaultRoleNamesTheRole() {
        assertThatThrownBy(() -> PolicyLoader.parse("version: 1\nlimits: {maxTtl: 5m}\n", "p.yaml"))
                .hasMessage("p.yaml:2:9: limits.maxTtl: is 5m but identity 'agent' has ttl 15m; raise the cap or lower the ttl");
    }

    @Test
    void ruleNamingAnUndefinedCategoryIsAnError() {
        assertThatThrownBy(() -> PolicyLoader.parse("""
                version: 1
                rules:
                  - when: {aiAttributed: true, categories: [payments]}
                    require: {approvals: 1}
                """, "p.yaml"))
                .hasMessageStartingWith("p.yaml:3:45: rules[0].when.categories[0]: unknown category 'payments'; defined categories: governance, authentication, secrets");
    }

    @Test
    void customCategoryCanBeUsedByARule() throws Exception {
        Policy policy = PolicyLoader.parse("""
                version: 1
                categories:
                  payments: ["payments/**"]
                rules:
                  - when: {aiAttributed: true, categories: [payments]}
                    deny: AI may not change payment code
                """, "p.yaml");
        assertThat(policy.rules().get(0).require().deny()).isEqualTo("AI may not change payment code");
    }

    @Test
    void ruleWithBothRequireAndDenyIsAnError() {
        assertThatThrownBy(() -> PolicyLoader.parse("""
                version: 1
                rules:
                  - when: {aiAttributed: true}
                    require: {approvals: 1}
                    deny: no
                """, "p.yaml"))
                .hasMessage("p.yaml:3:5: rules[0]: needs exactly one of 'require' or 'deny'");
    }

    @Test
    void wrongTypeSaysWhatWasExpectedAndWhatWasFound() {
        assertThatThrownBy(() -> PolicyLoader.parse("""
                version: 1
                rules:
                  - when: {aiAttributed: yes please}
                    require: {approvals: 1}
                """, "p.yaml"))
                .hasMessage("p.yaml:3:26: rules[0].when.aiAttributed: expected true or false, got text");
        assertThatThrownBy(() -> PolicyLoader.parse("""
                version: 1
                rules:
                  - when: {aiAttributed: true}
                    require: {approvals: two}
                """, "p.yaml"))
                .hasMessage("p.yaml:4:26: rules[0].require.approvals: expected a whole number, got text");
    }

    @Test
    void coverageAsPercentIsRefusedWithAHint() {
        assertThatThrownBy(() -> PolicyLoader.parse("version: 1\nevidence:\n  coverage: {minLine: 80}\n", "p.yaml"))
                .hasMessage("p.yaml:3:23: evidence.coverage.minLine: expected a fraction from 0 to 1 (e.g. 0.80 for 80%), got 80");
    }

    @Test
    void unknownProviderListsTheKnownOnes() {
        assertThatThrownBy(() -> PolicyLoader.parse("version: 1\nidentities:\n  agent: {provider: aws}\n", "p.yaml"))
                .hasMessage("p.yaml:3:21: identities.agent.provider: expected one of jwt, vault, got 'aws'");
    }

    @Test
    void vaultIdentityWithoutPoliciesOrSecretIsAnError() {
        assertThatThrownBy(() -> PolicyLoader.parse("version: 1\nidentities:\n  agent: {provider: vault}\n", "p.yaml"))
                .hasMessage("p.yaml:3:10: identities.agent: a vault identity needs 'policies' (a child token) or 'secret' (a dynamic-secrets path), or both");
    }

    @Test
    void badGlobIsAnErrorAtItsListItem() {
        assertThatThrownBy(() -> PolicyLoader.parse("version: 1\ncategories:\n  secrets: [\"/etc/**\"]\n", "p.yaml"))
                .hasMessage("p.yaml:3:13: categories.secrets[0]: globs are relative to the repository root; drop the leading '/'");
    }

    @Test
    void invalidYamlNamesThePosition() {
        assertThatThrownBy(() -> PolicyLoader.parse("version: 1\nrules: [\n", "p.yaml"))
                .isInstanceOf(PolicyException.class)
                .hasMessageStartingWith("p.yaml:2:9: not valid YAML: while parsing a flow node")
                .hasMessageContaining("expected the node content, but found '<stream end>'");
    }

    @Test
    void duplicateKeyIsAnError() {
        assertThatThrownBy(() -> PolicyLoader.parse("version: 1\nlimits: {maxTtl: 1h}\nlimits: {maxTtl: 2h}\n", "p.yaml"))
                .hasMessage("p.yaml:3:1: limits: duplicate key (first at line 2)");
    }

    @Test
    void loadReadsAFileAndNamesItInErrors(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("governance.yaml");
        Files.writeString(file, "version: 1\nlimits: {maxTtl: 30m}\nidentities:\n  agent: {provider: jwt, ttl: 10m}\n  deploy: {provider: jwt, ttl: 10m}\n");
        Policy policy = PolicyLoader.load(file);
        assertThat(policy.source()).isEqualTo(file.toString());
        assertThat(policy.limits().maxTtl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(policy.identities().get("agent").audience()).isEqualTo("aigov-agent");

        Files.writeString(file, "version: 1\nlimits: []\n");
        assertThatThrownBy(() -> PolicyLoader.load(file)).hasMessage(file + ":2:9: limits: expected a mapping (key: value), got a list");
    }

    @Test
    void missingFileIsAClearError(@TempDir Path dir) {
        Path file = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> PolicyLoader.load(file)).hasMessage(file + ": no such file");
    }

    @Test
    void nonUtf8FileIsAClearError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("latin1.yaml");
        Files.write(file, new byte[] {'v', 'e', 'r', (byte) 0xE9, ':', ' ', '1'});
        assertThatThrownBy(() -> PolicyLoader.load(file)).hasMessage(file + ": not UTF-8 text");
    }

    @Test
    void durationsParseAndFormat() {
        assertThat(Durations.parse("90s")).contains(Duration.ofSeconds(90));
        assertThat(Durations.parse("1h30m")).contains(Duration.ofMinutes(90));
        assertThat(Durations.parse("15m")).contains(Duration.ofMinutes(15));
        assertThat(Durations.parse("15")).isEmpty();
        assertThat(Durations.parse("m")).isEmpty();
        assertThat(Durations.parse("-5m")).isEmpty();
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(List.of(Durations.format(Duration.ofSeconds(45)), Durations.format(Duration.ofHours(2)))).containsExactly("45s", "2h");
    }

    @Test
    void signedApprovalSettingsAreReadFromTheApprovalSection() throws Exception {
        Policy p = PolicyLoader.parse("version: 1\napproval:\n  allowedSigners: signers/allowed\n  groups:\n"
                + "    security-reviewers: [alice@example.org, bob@example.org]\nledger:\n  trustedKeys: ["
                + "\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"]\n", "p.yaml");
        assertThat(p.approval().allowedSigners()).isEqualTo("signers/allowed");
        assertThat(p.approval().groups()).containsEntry("security-reviewers", List.of("alice@example.org", "bob@example.org"));
        assertThat(p.ledger().trustedKeys()).containsExactly("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        assertThat(PolicyLoader.builtIn().approval().allowedSigners()).isEmpty();
    }

    @Test
    void badSignedApprovalSettingsNameFileLineAndColumn() {
        assertThatThrownBy(() -> PolicyLoader.parse("version: 1\napproval:\n  allowedSigners: ../outside\n", "p.yaml"))
                .hasMessageStartingWith("p.yaml:3:19: approval.allowedSigners: expected a path relative to the policy file");
        assertThatThrownBy(() -> PolicyLoader.parse("version: 1\napproval:\n  allowedSigners: /etc/signers\n", "p.yaml"))
                .hasMessageStartingWith("p.yaml:3:19: approval.allowedSigners:");
        assertThatThrownBy(() -> PolicyLoader.parse("version: 1\napproval:\n  groups:\n    admins: alice\n", "p.yaml"))
                .hasMessage("p.yaml:4:13: approval.groups.admins: expected a list, got text");
        assertThatThrownBy(() -> PolicyLoader.parse("version: 1\napproval:\n  groups: [a]\n", "p.yaml"))
                .hasMessageStartingWith("p.yaml:3:11: approval.groups: expected a mapping");
        assertThatThrownBy(() -> PolicyLoader.parse("version: 1\nledger:\n  trustedKeys: [not-a-key]\n", "p.yaml"))
                .hasMessageStartingWith("p.yaml:3:16: ledger.trustedKeys: expected raw Ed25519 public keys");
        assertThatThrownBy(() -> PolicyLoader.parse("version: 1\nledger:\n  keys: []\n", "p.yaml"))
                .hasMessage("p.yaml:3:3: ledger.keys: unknown key; expected one of trustedKeys");
    }
}
