package io.jenkins.plugins.aigovernance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigov.provenance.TestRepo;
import dev.aigov.report.BaseBuild;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "Reverting this change" on a build's record links the last earlier build whose gate governed the base commit. */
class BaseBuildLinkTest {
    @TempDir
    Path tmp;

    private TestRepo repo;

    /** A build whose gate ran over {@code range} in the shared repository, its ledger sealed as at the build's end. */
    private TestScope gate(String name, String range) throws Exception {
        TestScope scope = new TestScope(name, tmp);
        scope.repository = tmp.resolve("repo");
        AiGovernanceGateStep step = new AiGovernanceGateStep();
        step.setRange(range);
        new AiGovernanceGateStep.Execution(step, new TestStepContext(name), scope.factory()).evaluate();
        BuildLedger.seal(scope.buildDir, scope.home);
        return scope;
    }

    @Test
    void theRecordLinksTheNewestEarlierBuildGovernedAtItsBaseCommit() throws Exception {
        repo = TestRepo.init(tmp.resolve("repo"));
        repo.commit().file("README.md", "hi\n").message("initial").create();
        String first = repo.head();
        repo.commit().file("src/A.java", "a\n").message("A").create();
        String base = repo.head();
        TestScope older = gate("older", first + "..HEAD");
        TestScope newer = gate("newer", first + "..HEAD");
        repo.commit().file("src/B.java", "b\n").message("B\n\nCo-authored-by: Claude <noreply@anthropic.com>\n").create();
        TestScope unrelated = gate("unrelated", first + "..HEAD"); // governed the new head, not the base
        TestScope change = gate("change", base + "..HEAD");

        List<BaseBuild.Candidate> earlier = List.of(
                GovernanceAction.candidate(4, unrelated.buildDir),
                GovernanceAction.candidate(3, newer.buildDir),
                GovernanceAction.candidate(2, older.buildDir),
                GovernanceAction.candidate(1, tmp.resolve("no-ledger")));
        GovernanceAction.BaseBuildLink link = GovernanceAction.baseBuild(change.buildDir, earlier, change.home);

        assertThat(link).isNotNull();
        assertThat(link.getLabel()).isEqualTo("#3");
        assertThat(link.getLink()).isEqualTo("../../3/ai-governance/");
        assertThat(link.getBaseCommit()).isEqualTo(base);
    }

    @Test
    void noBuildIsLinkedWhenNoEarlierBuildGovernedTheBase() throws Exception {
        repo = TestRepo.init(tmp.resolve("repo"));
        repo.commit().file("README.md", "hi\n").message("initial").create();
        String first = repo.head();
        repo.commit().file("src/A.java", "a\n").message("A").create();
        TestScope change = gate("change", first + "..HEAD");
        TestScope other = gate("other", first + "..HEAD");

        assertThat(GovernanceAction.baseBuild(change.buildDir, List.of(GovernanceAction.candidate(1, other.buildDir)),
                change.home)).isNull();
        assertThat(GovernanceAction.baseBuild(change.buildDir, List.of(), change.home)).isNull();
    }
}
