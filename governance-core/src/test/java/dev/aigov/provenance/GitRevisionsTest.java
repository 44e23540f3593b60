package dev.aigov.provenance;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The revisions a trust decision rests on, named in one git process (a {@code cat-file --batch}), must be the commits
 * {@code git rev-parse --verify -q REV^{commit}} names one by one: the same commit, or none.
 */
class GitRevisionsTest {
    @TempDir
    Path tmp;

    /** What git itself says a revision names: a commit id, else nothing (e.g. {@code ^X} is no commit id). */
    private static Optional<String> revParse(TestRepo repo, String revision) {
        try {
            String out = repo.git("rev-parse", "--verify", "-q", revision + "^{commit}");
            return out.matches("[0-9a-f]{40}") ? Optional.of(out) : Optional.empty();
        } catch (AssertionError | RuntimeException e) {
            return Optional.empty();
        }
    }

    private TestRepo history() {
        TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        repo.commit("one");
        repo.commit("two");
        repo.commit("three");
        repo.git("tag", "-a", "-m", "release", "v1", "HEAD~1");
        repo.git("tag", "light", "HEAD~2");
        repo.git("branch", "topic", "HEAD~1");
        repo.note("ai", "HEAD", "agent: claude");
        return repo;
    }

    @Test
    void aBatchNamesTheCommitsRevParseNamesOneByOne() {
        TestRepo repo = history();
        List<String> revisions = List.of("HEAD", "HEAD~1", "HEAD~2", "HEAD~9", "v1", "light", "topic", "main",
                "refs/heads/topic", repo.head().substring(0, 10), repo.head(), "HEAD^{tree}", "HEAD:file-1.txt",
                "^HEAD", " HEAD", "HEAD ", "no-such-branch", "a b", "HEAD..HEAD~1", ":/two", "refs/notes/ai", "@");

        GitRevisions batch = GitRevisions.open(repo.dir()).orElseThrow();
        batch.resolve(revisions);
        GitRevisions oneByOne = GitRevisions.open(repo.dir()).orElseThrow();

        for (String revision : revisions) {
            assertThat(batch.commit(revision)).as("batch: " + revision).isEqualTo(revParse(repo, revision));
            assertThat(oneByOne.commit(revision)).as("one by one: " + revision).isEqualTo(revParse(repo, revision));
        }
        assertThat(batch.commit("v1")).contains(repo.git("rev-parse", "HEAD~1"));
        assertThat(batch.commit("^HEAD")).as("a negated revision is no commit id").isEmpty();
        assertThat(batch.hasRef("refs/notes/ai")).isTrue();
    }

    @Test
    void aRevisionGitDiesOnIsAnsweredOnItsOwnWithoutLosingTheOthers() {
        TestRepo repo = history();
        GitRevisions revisions = GitRevisions.open(repo.dir()).orElseThrow();

        // without an upstream, git cat-file dies on @{u}: the batch fails and each revision is asked on its own
        revisions.resolve(List.of("@{u}", "HEAD", "topic"));

        assertThat(revisions.commit("@{u}")).isEmpty();
        assertThat(revisions.commit("HEAD")).contains(repo.head());
        assertThat(revisions.commit("topic")).contains(repo.git("rev-parse", "topic"));
    }

    @Test
    void theUpstreamIsKnownFromOpeningAndIsTheTrustedBaseWithoutCiFacts() {
        TestRepo origin = history();
        TestRepo clone = TestRepo.at(tmp.resolve("clone"));
        origin.git("clone", "-q", origin.dir().toString(), clone.dir().toString());
        clone.git("config", "user.name", "Ada");
        clone.git("config", "user.email", "ada@example.com");
        clone.git("commit", "-q", "--allow-empty", "-m", "local");

        GitRevisions revisions = GitRevisions.open(clone.dir()).orElseThrow();

        assertThat(revisions.commit("@{upstream}")).contains(origin.head());
        assertThat(revisions.trustedBase(Map.of())).isEqualTo(new GitRevisions.TrustedBase(origin.head(), "@{upstream}"));
        assertThat(GitRevisions.open(origin.dir()).orElseThrow().trustedBase(Map.of()).commit())
                .as("no upstream, no origin/HEAD: every commit from the root").isEmpty();
    }

    @Test
    void theTrustedBaseKeepsTheCiFactsOrderWhenAllAreResolvedAtOnce() {
        TestRepo repo = history();
        String previous = repo.git("rev-parse", "HEAD~2");
        GitRevisions revisions = GitRevisions.open(repo.dir()).orElseThrow();

        GitRevisions.TrustedBase base = revisions.trustedBase(Map.of("CHANGE_TARGET", "no-such-branch",
                "GITHUB_BASE_REF", "topic", "GIT_PREVIOUS_SUCCESSFUL_COMMIT", previous));

        assertThat(base).as("the target branch comes before the previous commit")
                .isEqualTo(new GitRevisions.TrustedBase(repo.git("rev-parse", "topic"), "GITHUB_BASE_REF=topic"));
        assertThat(GitRevisions.open(repo.dir()).orElseThrow()
                .trustedBase(Map.of("CI_COMMIT_BEFORE_SHA", "0".repeat(40), "GIT_PREVIOUS_SUCCESSFUL_COMMIT", previous)))
                .isEqualTo(new GitRevisions.TrustedBase(previous, "GIT_PREVIOUS_SUCCESSFUL_COMMIT=" + previous));
    }

    @Test
    void anEmptyRangeIsToldApartFromOneWithCommits() throws Exception {
        TestRepo repo = history();
        String head = repo.head();
        String parent = repo.git("rev-parse", "HEAD~1");
        String grandparent = repo.git("rev-parse", "HEAD~2");
        GitRevisions revisions = GitRevisions.open(repo.dir()).orElseThrow();
        revisions.resolve(List.of("HEAD", "HEAD~1", "HEAD~2"));

        assertThat(revisions.isEmpty(head, head)).isTrue();
        assertThat(revisions.isEmpty(parent, head)).isFalse();
        assertThat(revisions.isEmpty(grandparent, head)).isFalse();
        assertThat(revisions.isEmpty(head, parent)).as("the head is behind the base").isTrue();
        assertThat(revisions.isEmpty("", head)).isFalse();
        assertThat(revisions.isAncestor(parent, head)).isTrue();
        assertThat(revisions.isAncestor(head, parent)).isFalse();
        assertThat(revisions.isAncestor(grandparent, grandparent)).isTrue();
    }

    @Test
    void inAShallowCloneAncestryIsGitsOwnAnswerNotTheParentsTheObjectNames() throws Exception {
        TestRepo origin = history();
        TestRepo clone = TestRepo.at(tmp.resolve("shallow"));
        origin.git("clone", "-q", "--depth", "1", "--branch", "main", "file://" + origin.dir(), clone.dir().toString());
        clone.git("fetch", "-q", "--depth", "1", "origin", "topic:refs/remotes/origin/topic");
        String parent = clone.git("rev-parse", "origin/topic");
        String head = clone.head();
        assertThat(clone.git("cat-file", "-p", "HEAD")).as("the object names its parent").contains("parent " + parent);
        GitRevisions revisions = GitRevisions.open(clone.dir()).orElseThrow();
        revisions.resolve(List.of("HEAD", "origin/topic"));

        assertThat(revisions.isAncestor(parent, head)).as("git sees HEAD at the shallow boundary, without parents").isFalse();
        assertThat(revisions.isEmpty(parent, head)).isFalse();
    }

    @Test
    void theEndsOfARangeAreItsTwoCommitsOrNone() {
        TestRepo repo = history();
        GitRevisions revisions = GitRevisions.open(repo.dir()).orElseThrow();

        assertThat(revisions.endpoints("HEAD~2..HEAD")).hasValueSatisfying(ends -> assertThat(ends)
                .containsExactly(repo.git("rev-parse", "HEAD~2"), repo.head()));
        assertThat(revisions.endpoints("HEAD~1..")).hasValueSatisfying(ends -> assertThat(ends)
                .containsExactly(repo.git("rev-parse", "HEAD~1"), repo.head()));
        assertThat(revisions.endpoints("topic")).hasValueSatisfying(ends -> assertThat(ends)
                .containsExactly("", repo.git("rev-parse", "topic")));
        assertThat(revisions.endpoints("HEAD...topic")).isEmpty();
        assertThat(revisions.endpoints("HEAD~9..HEAD")).isEmpty();
        assertThat(GitRevisions.open(tmp).isPresent()).as("not a repository").isFalse();
    }
}
