package io.jenkins.plugins.aigovernance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.htmlunit.FailingHttpStatusCodeException;
import org.htmlunit.html.HtmlForm;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** Manage Jenkins » System, through the real form: what is saved comes back, and a bad policy is refused. */
@WithJenkins
class GlobalConfigurationFormTest {
    private static final String POLICY = """
            version: 1
            rules:
              - when: {aiAttributed: true}
                require: {approvals: 2, groups: [security-reviewers]}
            """;
    /** {@code aiAttributed} takes true or false. */
    private static final String BAD_POLICY = """
            version: 1
            rules:
              - when: {aiAttributed: maybe}
                require: {approvals: 1}
            """;

    @Test
    void everyFieldSurvivesARoundTripThroughTheConfigurationForm(JenkinsRule j) throws Exception {
        AiGovernanceConfiguration config = AiGovernanceConfiguration.get();
        config.setPolicyYaml(POLICY);
        config.setReviewerGroups("security-reviewers, architects");
        config.setMaxTtl("30m");
        config.setJwtIssuer("https://jenkins.example.org/ai-governance");
        config.setVaultAddress("https://vault.example.org:8200");
        config.setVaultNamespace("ci");
        config.setVaultAuthMethod("jwt");
        config.setVaultRole("jenkins-agents");

        j.configRoundtrip();

        AiGovernanceConfiguration saved = AiGovernanceConfiguration.get();
        // A form posts a textarea's line breaks as CR LF.
        assertThat(saved.getPolicyYaml().replace("\r\n", "\n").strip()).isEqualTo(POLICY.strip());
        assertThat(saved.getReviewerGroups()).isEqualTo("security-reviewers, architects");
        assertThat(saved.getMaxTtl()).isEqualTo("30m");
        assertThat(saved.getJwtIssuer()).isEqualTo("https://jenkins.example.org/ai-governance");
        assertThat(saved.getVaultAddress()).isEqualTo("https://vault.example.org:8200");
        assertThat(saved.getVaultNamespace()).isEqualTo("ci");
        assertThat(saved.getVaultAuthMethod()).isEqualTo("jwt");
        assertThat(saved.getVaultRole()).isEqualTo("jenkins-agents");
        assertThat(saved.getVaultCredentialId()).isEmpty();
    }

    @Test
    void aPolicyThatDoesNotLoadIsRefusedWithTheLoadersLocatedError(JenkinsRule j) throws Exception {
        String problem = AiGovernanceConfiguration.policyProblem(BAD_POLICY);
        assertThat(problem).as("the loader refuses the policy").isNotNull().contains("aiAttributed");
        AiGovernanceConfiguration.get().setPolicyYaml(BAD_POLICY);

        HtmlForm form = j.createWebClient().goTo("configure").getFormByName("config");
        FailingHttpStatusCodeException refused = catchThrowableOfType(FailingHttpStatusCodeException.class,
                () -> j.submit(form));

        assertThat(refused).as("saving the form with that policy fails").isNotNull();
        assertThat(refused.getStatusCode()).isBetween(400, 499);
        assertThat(refused.getResponse().getContentAsString()).contains("aiAttributed");
    }
}
