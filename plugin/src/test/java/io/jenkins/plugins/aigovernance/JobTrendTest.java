package io.jenkins.plugins.aigovernance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigov.provenance.TestRepo;
import dev.aigov.report.Trend;
import dev.aigov.report.TrendSvg;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job page's trend, read from the sealed ledgers real gate runs wrote. */
class JobTrendTest {
    private static final String POLICY = """
            version: 1
            rules:
              - when: {aiAttributed: true, categories: [ci-config]}
                deny: AI agents may not change the pipeline
              - when: {aiAttributed: true}
                require: {approvals: 1}
            evidence: {}
            """;

    @TempDir
    Path tmp;

    private TestScope build(String name, String path, boolean ai, String approver) throws Exception {
        TestScope scope = new TestScope(name, tmp);
        scope.policyYaml = POLICY;
        scope.repository = tmp.resolve("repo-" + name);
        TestRepo repo = TestRepo.init(scope.repository);
        repo.commit().file("README.md", "hi\n").message("initial").create();
        repo.git("tag", "base");
        repo.commit().file(path, "x\n").message("Change\n\n" + (ai ? "Co-authored-by: Claude <noreply@anthropic.com>\n" : ""))
                .create();
        AiGovernanceGateStep step = new AiGovernanceGateStep();
        step.setRange("base..HEAD");
        new AiGovernanceGateStep.Execution(step, new TestStepContext(name), scope.factory()).evaluate();
        if (approver != null) {
            scope.action.approve(approver, Set.of(), false);
        }
        BuildLedger.seal(scope.buildDir, scope.home);
        return scope;
    }

    @Test
    void theTrendShowsEachBuildsDecisionAndAiCommitsFromItsSealedLedger() throws Exception {
        List<GovernanceJobAction.BuildDir> builds = new ArrayList<>();
        int n = 1;
        for (TestScope scope : List.of(build("human", "src/A.java", false, null),
                build("approved", "src/B.java", true, "sam"), build("denied", "Jenkinsfile", true, null))) {
            builds.add(new GovernanceJobAction.BuildDir("#" + n, "../" + n + "/ai-governance/", scope.buildDir));
            n++;
        }
        Path noLedger = tmp.resolve("jenkins-home/jobs/none/builds/4");
        Files.createDirectories(noLedger);
        builds.add(new GovernanceJobAction.BuildDir("#4", "../4/ai-governance/", noLedger));

        Trend trend = GovernanceJobAction.trend(builds, tmp.resolve("jenkins-home"));
        assertThat(trend.points()).extracting(Trend.Point::decision).containsExactly("PASS", "APPROVAL_REQUIRED", "FAIL");
        assertThat(trend.points()).extracting(Trend.Point::aiCommits).containsExactly(0, 1, 1);
        assertThat(trend.points()).extracting(Trend.Point::verification).containsOnly("INTACT_SEALED");

        String svg = TrendSvg.render(trend);
        assertThat(svg).contains("href=\"../2/ai-governance/\"").contains("#3: FAIL");
        assertThat(tmp.resolve("jenkins-home/secrets/ai-governance-ledger.key")).exists();
    }

    @Test
    void viewingTheTrendNeverCreatesAKey() {
        Path home = tmp.resolve("fresh-home");
        GovernanceJobAction.trend(List.of(), home);
        assertThat(BuildLedger.keyFile(home)).doesNotExist();
    }
}
