package dev.aigov.provenance;

import dev.aigov.provenance.ChangedPath.ChangeType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GitChangeSourceTest {
    @TempDir
    Path tmp;

    private TestRepo repo() {
        return TestRepo.init(tmp.resolve("repo"));
    }

    @Test
    void readsIdentitiesMessageParentsAndPathsNewestFirst() throws Exception {
        TestRepo repo = repo();
        String first = repo.commit().message("First\n\nBody line.\n").file("a.txt", "a\n").create();
        String second = repo.commit().message("Second\n").author("Grace Hopper", "grace@example.com")
                .committer("CI Bot", "ci@example.com").file("b/c.txt", "c\n").file("a.txt", "a2\n").create();

        List<Commit> commits = GitChangeSource.open(repo.dir(), null).commits();

        assertThat(commits).extracting(Commit::id).containsExactly(second, first);
        Commit newest = commits.get(0);
        assertThat(newest.id()).matches("[0-9a-f]{40}");
        assertThat(newest.author()).isEqualTo(new Person("Grace Hopper", "grace@example.com"));
        assertThat(newest.committer()).isEqualTo(new Person("CI Bot", "ci@example.com"));
        assertThat(newest.message()).isEqualTo("Second\n");
        assertThat(newest.parents()).containsExactly(first);
        assertThat(newest.paths()).containsExactlyInAnyOrder(ChangedPath.of("a.txt", ChangeType.MODIFIED),
                ChangedPath.of("b/c.txt", ChangeType.ADDED));
        assertThat(newest.signature()).isEqualTo(Commit.SignatureStatus.UNKNOWN);
        assertThat(commits.get(1).parents()).isEmpty();
        assertThat(commits.get(1).message()).isEqualTo("First\n\nBody line.\n");
        assertThat(commits.get(1).paths()).containsExactly(ChangedPath.of("a.txt", ChangeType.ADDED));
    }

    @Test
    void renamesCarryThePreviousPath() throws Exception {
        TestRepo repo = repo();
        repo.commit().message("add").file("old/Name.java", "class Name { int a; int b; int c; }\n").create();
        repo.commit().message("rename").move("old/Name.java", "new/Name.java").create();

        Commit rename = GitChangeSource.open(repo.dir(), "HEAD~1..HEAD").commits().get(0);

        assertThat(rename.paths()).containsExactly(new ChangedPath("new/Name.java", "old/Name.java", ChangeType.RENAMED));
    }

    @Test
    void deletionsAreReported() throws Exception {
        TestRepo repo = repo();
        repo.commit().message("add").file("gone.txt", "x\n").create();
        Files.delete(repo.dir().resolve("gone.txt"));
        repo.git("rm", "-q", "--cached", "gone.txt");
        repo.commit().message("delete").create();

        Commit delete = GitChangeSource.open(repo.dir(), "HEAD~1..HEAD").commits().get(0);

        assertThat(delete.paths()).containsExactly(ChangedPath.of("gone.txt", ChangeType.DELETED));
    }

    @Test
    void aiNotesAreAttachedToTheirCommit() throws Exception {
        TestRepo repo = repo();
        String plain = repo.commit("plain");
        String noted = repo.commit("noted");
        repo.note("ai", noted, "a.txt\n  abc 1-2\n---\n{\"schema_version\":\"authorship/3.0.0\"}");
        repo.note("commits", plain, "an ordinary note, not ours");

        List<Commit> commits = GitChangeSource.open(repo.dir(), null).commits();

        assertThat(commits.get(0).aiNote()).isEqualTo("a.txt\n  abc 1-2\n---\n{\"schema_version\":\"authorship/3.0.0\"}");
        assertThat(commits.get(1).aiNote()).isEmpty();
    }

    @Test
    void defaultRangeIsTheCommitsNotYetOnTheUpstreamBranch() throws Exception {
        TestRepo origin = repo();
        origin.commit("published one");
        origin.commit("published two");
        TestRepo clone = TestRepo.at(tmp.resolve("clone"));
        origin.git("clone", "-q", origin.dir().toString(), clone.dir().toString());
        String local = clone.commit("local work");

        GitChangeSource source = GitChangeSource.open(clone.dir(), null);

        assertThat(source.commits()).extracting(Commit::id).containsExactly(local);
        assertThat(source.describe()).isEqualTo("origin/main..HEAD");
    }

    @Test
    void defaultRangeFallsBackToOriginHeadWithoutAnUpstream() throws Exception {
        TestRepo origin = repo();
        origin.commit("published");
        TestRepo clone = TestRepo.at(tmp.resolve("clone"));
        origin.git("clone", "-q", origin.dir().toString(), clone.dir().toString());
        clone.git("checkout", "-q", "-b", "topic", "--no-track");
        String local = clone.commit("topic work");

        GitChangeSource source = GitChangeSource.open(clone.dir(), null);

        assertThat(source.commits()).extracting(Commit::id).containsExactly(local);
        assertThat(source.describe()).isEqualTo("origin/HEAD..HEAD");
    }

    @Test
    void defaultRangeIsEveryCommitWhenThereIsNoRemote() throws Exception {
        TestRepo repo = repo();
        repo.commit("one");
        repo.commit("two");

        GitChangeSource source = GitChangeSource.open(repo.dir(), null);

        assertThat(source.commits()).hasSize(2);
        assertThat(source.describe()).isEqualTo("HEAD (all commits)");
    }

    @Test
    void aRepositoryWithoutCommitsHasNone() throws Exception {
        TestRepo repo = repo();

        GitChangeSource source = GitChangeSource.open(repo.dir(), null);

        assertThat(source.commits()).isEmpty();
        assertThat(source.unifiedDiff()).isEmpty();
    }

    @Test
    void aRangeThatDoesNotExistIsAClearError() {
        TestRepo repo = repo();
        repo.commit("one");

        assertThatThrownBy(() -> GitChangeSource.open(repo.dir(), "no-such-branch..HEAD"))
                .isInstanceOf(ChangeSourceException.class)
                .hasMessageStartingWith("range 'no-such-branch..HEAD' does not exist in " + repo.dir().toAbsolutePath())
                .hasMessageNotContaining("\n");
    }

    @Test
    void aRangeThatLooksLikeAnOptionIsRejected() {
        TestRepo repo = repo();
        repo.commit("one");

        assertThatThrownBy(() -> GitChangeSource.open(repo.dir(), "--output=/tmp/pwned"))
                .isInstanceOf(ChangeSourceException.class)
                .hasMessage("invalid range '--output=/tmp/pwned': expected a revision range such as origin/main..HEAD");
        assertThat(Path.of("/tmp/pwned")).doesNotExist();
    }

    @Test
    void aDirectoryThatIsNotARepositoryIsAClearError() throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("plain"));

        assertThatThrownBy(() -> GitChangeSource.open(plain, null))
                .isInstanceOf(ChangeSourceException.class)
                .hasMessage("not a git repository: " + plain.toAbsolutePath());
    }

    @Test
    void aMissingDirectoryIsAClearError() {
        Path missing = tmp.resolve("missing");

        assertThatThrownBy(() -> GitChangeSource.open(missing, null))
                .isInstanceOf(ChangeSourceException.class)
                .hasMessage("repository directory does not exist: " + missing.toAbsolutePath());
    }

    @Test
    void anEmptyMessageIsRead() throws Exception {
        TestRepo repo = repo();
        String empty = repo.commit().message("").file("a", "a").create();

        Commit commit = GitChangeSource.open(repo.dir(), null).commits().get(0);

        assertThat(commit.id()).isEqualTo(empty);
        assertThat(commit.message()).isEmpty();
        assertThat(commit.paths()).extracting(ChangedPath::path).containsExactly("a");
    }

    @Test
    void invalidUtf8IsReplacedNotFatal() throws Exception {
        TestRepo repo = repo();
        // git commit would rewrite invalid UTF-8 as Latin-1; fast-import stores the bytes as they are
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes("commit refs/heads/main\ncommitter N\u00e4me <a@example.com> 1700000000 +0000\ndata 9\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        stream.writeBytes(new byte[] {'B', 'a', 'd', ' ', (byte) 0xff, (byte) 0xfe, ' ', (byte) 0xc3, '\n'});
        stream.writeBytes("\n".getBytes(StandardCharsets.UTF_8));
        repo.fastImport(stream.toByteArray());
        repo.git("checkout", "-q", "main");
        repo.commit("after");

        List<Commit> commits = GitChangeSource.open(repo.dir(), null).commits();

        assertThat(commits).hasSize(2);
        assertThat(commits.get(1).message()).isEqualTo("Bad \uFFFD\uFFFD \uFFFD\n");
        assertThat(commits.get(1).committer().name()).isEqualTo("N\uFFFDme");
    }

    @Test
    void aFiveMegabyteMessageIsReadWhole() throws Exception {
        TestRepo repo = repo();
        String huge = "Huge\n\n" + "x".repeat(5 * 1024 * 1024) + "\nClaude-Session: https://claude.ai/code/session_1\n";
        repo.commit().message(huge).file("a", "a").create();

        Commit commit = GitChangeSource.open(repo.dir(), null).commits().get(0);

        assertThat(commit.message()).hasSize(huge.length()).isEqualTo(huge);
        assertThat(ProvenanceDetector.builtIn().detect(commit).tools()).containsExactly("claude-code");
    }

    @Test
    void fiftyThousandPathsInOneCommitAreRead() throws Exception {
        TestRepo repo = repo();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes("blob\nmark :1\ndata 2\nx\n\ncommit refs/heads/main\ncommitter A <a@example.com> 1700000000 +0000\ndata 4\nbig\n"
                .getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 50_000; i++) {
            stream.writeBytes(("M 100644 :1 dir" + (i % 100) + "/file" + i + ".txt\n").getBytes(StandardCharsets.UTF_8));
        }
        stream.writeBytes("\n".getBytes(StandardCharsets.UTF_8));
        repo.fastImport(stream.toByteArray());

        Commit commit = GitChangeSource.open(repo.dir(), "main").commits().get(0);

        assertThat(commit.paths()).hasSize(50_000).contains(ChangedPath.of("dir7/file49907.txt", ChangeType.ADDED));
    }

    @Test
    void aShallowCloneEndsAtItsBoundaryAndDiffsAgainstTheEmptyTree() throws Exception {
        TestRepo origin = repo();
        origin.commit("one");
        origin.commit("two");
        origin.commit().message("three").file("secret.txt", "password=hunter2\n").create();
        Path shallow = tmp.resolve("shallow");
        origin.git("clone", "-q", "--depth", "2", "file://" + origin.dir(), shallow.toString());

        GitChangeSource source = GitChangeSource.open(shallow, "HEAD");

        List<Commit> commits = source.commits();
        assertThat(commits).extracting(Commit::subject).containsExactly("three", "two");
        assertThat(commits.get(1).parents()).isEmpty();
        assertThat(source.unifiedDiff()).contains("+++ b/secret.txt", "+password=hunter2", "+++ b/file-2.txt");
    }

    @Test
    void unifiedDiffCoversTheWholeRangeWithoutContext() throws Exception {
        TestRepo repo = repo();
        repo.commit().message("base").file("app.txt", "one\ntwo\nthree\n").create();
        String from = repo.head();
        repo.commit().message("change").file("app.txt", "one\nTWO\nthree\n").create();
        repo.commit().message("add").file("new.txt", "token=abc\n").create();

        String diff = GitChangeSource.open(repo.dir(), from + "..HEAD").unifiedDiff();

        assertThat(diff).contains("--- a/app.txt", "+++ b/app.txt", "-two", "+TWO", "+++ b/new.txt", "+token=abc")
                .doesNotContain("\n one", "\n three");
    }

    /**
     * {@code git diff -U0} of two commits with the options {@link GitChangeSource#unifiedDiff} passes, run apart, in
     * lines as it reads them (a carriage return ends a line).
     */
    private static String gitDiff(TestRepo repo, String from, String to) {
        return repo.git("-c", "core.quotePath=false", "diff", "--no-color", "--no-ext-diff", "--no-textconv",
                "--no-relative", "--src-prefix=a/", "--dst-prefix=b/", "-U0", from, to, "--")
                .replace("\r\n", "\n").replace('\r', '\n');
    }

    @Test
    void theDiffOfOneCommitReadFromItsPatchIsTheNetDiffAndThePatchIsReplayedUnchanged() throws Exception {
        TestRepo repo = repo();
        repo.commit().message("base").file("app.txt", "one\ntwo\nthree\n").file("old/Name.java", "class Name { int a; int b; }\n")
                .create();
        repo.commit().message("change").file("app.txt", "one\nTWO\nthree\nfour\n").file("new.txt", "token=abc\r\nx\n")
                .move("old/Name.java", "new/Name.java").create();
        GitChangeSource source = GitChangeSource.open(repo.dir(), "HEAD~1..HEAD");
        List<Commit> commits = new ArrayList<>();
        source.forEachCommit(commits::add);

        String diff = source.unifiedDiff(commits);
        List<String> replayed = new ArrayList<>();
        source.commitPatches(replayed::add);
        List<String> fresh = new ArrayList<>();
        GitChangeSource.open(repo.dir(), "HEAD~1..HEAD").commitPatches(fresh::add);

        assertThat(diff.strip()).isEqualTo(gitDiff(repo, "HEAD~1", "HEAD"));
        assertThat(diff).contains("+TWO", "+four", "+token=abc", "rename to new/Name.java");
        assertThat(replayed).isEqualTo(fresh).first().isEqualTo("\u0001" + repo.head());
        List<String> again = new ArrayList<>();
        source.commitPatches(again::add);
        assertThat(again).as("replayed once, then read again").isEqualTo(fresh);
    }

    @Test
    void theDiffOfAMergeOrOfSeveralCommitsIsStillTheNetDiff() throws Exception {
        TestRepo repo = repo();
        repo.commit().message("base").file("app.txt", "one\n").create();
        String base = repo.head();
        repo.git("checkout", "-q", "-b", "side");
        repo.commit().message("side").file("side.txt", "s\n").create();
        repo.git("checkout", "-q", "main");
        repo.commit().message("main").file("app.txt", "one\ntwo\n").create();
        repo.git("merge", "-q", "--no-ff", "-m", "merge", "side");

        GitChangeSource merge = GitChangeSource.open(repo.dir(), "HEAD~1..HEAD");
        GitChangeSource several = GitChangeSource.open(repo.dir(), base + "..HEAD");

        assertThat(merge.unifiedDiff(merge.commits()).strip()).isEqualTo(gitDiff(repo, "HEAD~1", "HEAD"));
        assertThat(several.unifiedDiff(several.commits()).strip()).isEqualTo(gitDiff(repo, base, "HEAD"));
    }

    @Test
    void unifiedDiffOfTheRootCommitIsAgainstTheEmptyTree() throws Exception {
        TestRepo repo = repo();
        repo.commit().message("root").file("a.txt", "first line\n").create();

        String diff = GitChangeSource.open(repo.dir(), null).unifiedDiff();

        assertThat(diff).contains("new file mode", "+++ b/a.txt", "+first line");
    }

    @Test
    void unifiedDiffOfTheRootCommitIsAgainstTheEmptyTreeInASha256RepositoryToo() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("sha256"));
        TestRepo repo = TestRepo.at(dir);
        repo.git("init", "-q", "--object-format=sha256", "-b", "main");
        repo.commit().message("root").file("a.txt", "first line\n").create();
        repo.commit().message("second").file("b.txt", "second line\n").create();

        GitChangeSource source = GitChangeSource.open(dir, null);
        GitRevisions revisions = GitRevisions.open(dir).orElseThrow();

        assertThat(source.commits()).hasSize(2).allSatisfy(commit -> assertThat(commit.id()).hasSize(64));
        assertThat(source.unifiedDiff()).contains("+++ b/a.txt", "+first line", "+++ b/b.txt", "+second line");
        assertThat(revisions.endpoints("HEAD~1..HEAD")).hasValueSatisfying(ends -> assertThat(ends)
                .containsExactly(repo.git("rev-parse", "HEAD~1"), repo.head()));
    }

    @Test
    void unifiedDiffStreamsLineByLine() throws Exception {
        TestRepo repo = repo();
        repo.commit().message("root").file("a.txt", "l1\nl2\n").create();
        List<String> lines = new ArrayList<>();

        GitChangeSource.open(repo.dir(), null).unifiedDiff(lines::add);

        assertThat(lines).contains("+l1", "+l2").allSatisfy(line -> assertThat(line).doesNotContain("\n"));
    }

    @Test
    void oddPathsAndControlBytesInMessagesDoNotBreakTheRecordFraming() throws Exception {
        TestRepo repo = repo();
        repo.commit().message("\u0001looks like a record\n\n\u0001deadbeef\n").file("dir with space/ünïcode\nnewline.txt", "x").create();
        String second = repo.commit("second");

        List<Commit> commits = GitChangeSource.open(repo.dir(), null).commits();

        assertThat(commits).hasSize(2);
        assertThat(commits.get(0).id()).isEqualTo(second);
        assertThat(commits.get(1).message()).isEqualTo("\u0001looks like a record\n\n\u0001deadbeef\n");
        assertThat(commits.get(1).paths()).containsExactly(ChangedPath.of("dir with space/ünïcode\nnewline.txt", ChangeType.ADDED));
    }

    @Test
    void mergeCommitsAreListedWithBothParents() throws Exception {
        TestRepo repo = repo();
        repo.commit("base");
        repo.git("checkout", "-q", "-b", "side");
        String side = repo.commit("side work");
        repo.git("checkout", "-q", "main");
        String main = repo.commit("main work");
        repo.git("merge", "-q", "--no-ff", "-m", "Merge side", "side");

        Commit merge = GitChangeSource.open(repo.dir(), null).commits().get(0);

        assertThat(merge.parents()).containsExactly(main, side);
    }

    @Test
    void streamingHandsOverEveryCommit() throws Exception {
        TestRepo repo = repo();
        for (int i = 0; i < 5; i++) {
            repo.commit("c" + i);
        }
        List<String> subjects = new ArrayList<>();

        GitChangeSource.open(repo.dir(), null).forEachCommit(commit -> subjects.add(commit.subject()));

        assertThat(subjects).containsExactly("c4", "c3", "c2", "c1", "c0");
    }
}
