package io.jenkins.plugins.aigovernance;

import static io.jenkins.plugins.aigovernance.JenkinsTestSupport.groovy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigov.ledger.Events;
import java.nio.file.Path;
import java.util.List;
import org.htmlunit.Page;
import org.htmlunit.html.DomNode;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The audit record as people read it: on the build page (summary and the "AI Governance" page) and on the job
 * page (the last completed build's record and the trend over recent builds).
 */
@WithJenkins
class RecordPagesTest {
    @TempDir
    private Path tmp;

    @Test
    void theJobPageShowsTheLastBuildsRecordAndTheTrendAndTheBuildPageRendersTheRecord(JenkinsRule j) throws Exception {
        JenkinsTestSupport.pinIssuer();
        // A human commit only: the gate passes, then the block issues and revokes one credential.
        Path repo = JenkinsTestSupport.repositoryWithCommit(tmp.resolve("repo"), "README.md", false);
        WorkflowJob p = j.createProject(WorkflowJob.class, "recorded");
        p.setDefinition(new CpsFlowDefinition(""
                + "node {\n"
                + "  dir(" + groovy(repo) + ") {\n"
                + "    aiGovernanceGate()\n"
                + "    withAgentIdentity(role: 'agent') { echo 'inside the block' }\n"
                + "  }\n"
                + "}\n", true));
        WorkflowRun first = j.assertBuildStatusSuccess(p.scheduleBuild2(0));
        WorkflowRun second = j.assertBuildStatusSuccess(p.scheduleBuild2(0));
        JenkinsRule.WebClient web = j.createWebClient();

        HtmlPage record = web.getPage(second, GovernanceAction.URL_NAME + "/");
        String recordText = record.asNormalizedText();
        assertThat(recordText).contains("Decision: PASS").contains("AI-attributed")
                .contains("Credentials: 1 issued, 1 revoked").contains("Audit record");
        Page ledger = web.goTo(second.getUrl() + GovernanceAction.URL_NAME + "/ledger", "application/x-ndjson");
        assertThat(ledger.getWebResponse().getContentAsString()).contains(Events.GATE_EVALUATED)
                .contains(Events.CREDENTIAL_ISSUED).contains(Events.CREDENTIAL_REVOKED);

        HtmlPage build = web.getPage(second);
        assertThat(build.asNormalizedText()).contains("AI Governance").contains("PASS");

        // The job page, as the plugin issue specifies its job action: the last completed build's record (decision,
        // credentials), a trend of the recent builds drawn on the server as an inline SVG chart (Jenkins' own
        // icons are SVG too, so: an svg that is not an icon and shows the decisions), and a link to each build's
        // record.
        HtmlPage job = web.getPage(p);
        assertThat(job.asNormalizedText()).contains("AI Governance").contains("PASS").contains("Credentials");
        List<String> charts = job.getByXPath("//*[local-name()='svg'][not(contains(@class, 'icon'))]").stream()
                .map(svg -> ((DomNode) svg).asXml()).filter(svg -> svg.contains("PASS")).toList();
        assertThat(charts).as("an inline SVG trend that shows each build's decision").isNotEmpty();
        String jobHtml = job.getWebResponse().getContentAsString();
        assertThat(jobHtml).contains(first.getNumber() + "/" + GovernanceAction.URL_NAME)
                .contains(second.getNumber() + "/" + GovernanceAction.URL_NAME);
    }
}
