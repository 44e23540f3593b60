package dev.aigov.cli;

import dev.aigov.build.BuildRef;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RunContextTest {
    @Test
    void flagsWinOverTheEnvironment() {
        assertThat(RunContext.build("j", "9", Map.of("JOB_NAME", "x", "BUILD_NUMBER", "1")))
                .extracting(BuildRef::job, BuildRef::number).containsExactly("j", "9");
    }

    @Test
    void readsJenkinsGithubAndGitlab() {
        assertThat(RunContext.build(null, null, Map.of("JOB_NAME", "folder/app", "BUILD_NUMBER", "12",
                "BUILD_URL", "https://ci/job/app/12/")))
                .isEqualTo(new BuildRef("folder/app", "12", "https://ci/job/app/12/", ""));
        assertThat(RunContext.build(null, null, Map.of("GITHUB_REPOSITORY", "org/repo", "GITHUB_RUN_ID", "555")))
                .isEqualTo(new BuildRef("org/repo", "555", "https://github.com/org/repo/actions/runs/555", ""));
        assertThat(RunContext.build(null, null, Map.of("CI_PROJECT_PATH", "group/proj", "CI_PIPELINE_ID", "77")))
                .extracting(BuildRef::job, BuildRef::number).containsExactly("group/proj", "77");
    }

    @Test
    void elseALocalRunWithAGeneratedId() {
        BuildRef one = RunContext.build(null, null, Map.of());
        BuildRef two = RunContext.build(null, null, Map.of());
        assertThat(one.job()).isEqualTo("local");
        assertThat(one.number()).isNotBlank().isNotEqualTo(two.number());
    }

    @Test
    void commitComesFromTheCiEnvironment() {
        assertThat(RunContext.commit(Map.of("GITHUB_SHA", "abc"))).isEqualTo("abc");
        assertThat(RunContext.commit(Map.of())).isEmpty();
    }
}
