package dev.aigov.provenance;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TrustedRangeTest {
    @Test
    void theTrustedBaseComesFromTheCisFactsInOrder() {
        assertThat(TrustedRange.fromEnvironment(Map.of("CHANGE_TARGET", "main", "GIT_PREVIOUS_SUCCESSFUL_COMMIT", "abc")))
                .contains("origin/main..HEAD");
        assertThat(TrustedRange.fromEnvironment(Map.of("GIT_PREVIOUS_SUCCESSFUL_COMMIT", "abc"))).contains("abc..HEAD");
        assertThat(TrustedRange.fromEnvironment(Map.of("CI_COMMIT_BEFORE_SHA", "0".repeat(40))))
                .as("GitLab's null sha is no base").isEmpty();
        assertThat(TrustedRange.fromEnvironment(Map.of())).isEmpty();
    }

    @Test
    void onlyARangeHoldingEveryTrustedCommitUpToHeadCoversIt() {
        List<String> trusted = List.of("c3", "c2", "c1");
        assertThat(TrustedRange.coverage(List.of("c3", "c2", "c1", "c0"), trusted, "c3").covered()).isTrue();
        assertThat(TrustedRange.coverage(List.of("c3"), trusted, "c3").why()).contains("2 commit(s)");
        assertThat(TrustedRange.coverage(List.of("c2", "c1"), trusted, "c3").why()).contains("does not end at");
        assertThat(TrustedRange.coverage(List.of(), trusted, "c3").why()).contains("empty");
        assertThat(TrustedRange.coverage(List.of("c3"), List.of(), "c3").covered()).as("an empty range never covers").isFalse();
    }

    @Test
    void headCommitIsWhatHeadPointsAt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        TestRepo repo = TestRepo.init(dir);
        repo.commit().file("a", "1\n").message("one").create();
        assertThat(GitChangeSource.open(dir, "HEAD").headCommit()).isEqualTo(repo.head());
    }
}
