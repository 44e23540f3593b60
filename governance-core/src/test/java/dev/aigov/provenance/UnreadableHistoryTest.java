package dev.aigov.provenance;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Histories git cannot fully read (issue 12 §2), made with real clones of a local repository: a blob-less partial
 * clone ({@code --filter=blob:none} over {@code file://} with {@code uploadpack.allowFilter}) and a shallow clone.
 */
class UnreadableHistoryTest {
    @TempDir
    Path tmp;

    private static String text(long seed) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder();
        for (int line = 0; line < 400; line++) {
            text.append("line ").append(random.nextInt(1_000_000)).append('\n');
        }
        return text.toString();
    }

    /** Four commits; the third renames a file and edits it, so git must read both blobs to pair them. */
    private TestRepo origin() {
        TestRepo repo = TestRepo.init(tmp.resolve("origin"));
        repo.commit().message("Initial import\n").file("README.md", "hi\n").create();
        repo.commit().message("Add the service\n").file("src/Service.java", text(1)).create();
        try {
            java.nio.file.Files.createDirectories(repo.dir().resolve("src/core"));
            repo.git("mv", "src/Service.java", "src/core/Service.java");
            java.nio.file.Files.writeString(repo.dir().resolve("src/core/Service.java"), text(1).replaceFirst("line", "LINE"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        repo.git("commit", "-qam", "Move the service");
        repo.commit().message("Document it\n").file("docs/service.md", "# Service\n").create();
        repo.git("config", "uploadpack.allowFilter", "true");
        repo.git("config", "uploadpack.allowAnySHA1InWant", "true");
        return repo;
    }

    private TestRepo cloneOf(TestRepo origin, String... options) {
        Path target = tmp.resolve("clone");
        String[] args = new String[options.length + 4];
        args[0] = "clone";
        args[1] = "-q";
        System.arraycopy(options, 0, args, 2, options.length);
        args[options.length + 2] = "file://" + origin.dir();
        args[options.length + 3] = target.toString();
        origin.git(args);
        return TestRepo.at(target);
    }

    private static long missingObjects(TestRepo repo) {
        String listed = repo.git("rev-list", "--objects", "--missing=print", "--all");
        return listed.lines().filter(line -> line.startsWith("?")).count();
    }

    @Test
    void aBloblessPartialCloneIsReadWithoutRenameDetectionAndNothingIsFetched() throws Exception {
        TestRepo origin = origin();
        List<Commit> complete = GitChangeSource.open(origin.dir(), "HEAD").commits();
        TestRepo clone = cloneOf(origin, "--filter=blob:none", "--no-checkout");
        long missingBefore = missingObjects(clone);

        GitChangeSource source = GitChangeSource.open(clone.dir(), "HEAD");
        List<Commit> commits = source.commits();

        assertThat(missingBefore).as("the clone really lacks blobs").isPositive();
        assertThat(commits).extracting(Commit::id).isEqualTo(complete.stream().map(Commit::id).toList());
        assertThat(source.renameDetection()).isFalse();
        assertThat(source.limitations()).singleElement().asString()
                .contains("objects missing from this clone", "renames are not detected", "nothing was fetched");
        Commit moved = commits.get(1);
        assertThat(moved.paths()).extracting(ChangedPath::path, ChangedPath::type).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("src/Service.java", ChangedPath.ChangeType.DELETED),
                org.assertj.core.groups.Tuple.tuple("src/core/Service.java", ChangedPath.ChangeType.ADDED));
        assertThat(commits.get(0).paths()).extracting(ChangedPath::path).containsExactly("docs/service.md");
        assertThat(missingObjects(clone)).as("no lazy fetch").isEqualTo(missingBefore);
    }

    @Test
    void theSameHistoryCompleteDetectsTheRename() throws Exception {
        GitChangeSource source = GitChangeSource.open(origin().dir(), "HEAD");

        assertThat(source.commits().get(1).paths()).extracting(ChangedPath::type).containsExactly(ChangedPath.ChangeType.RENAMED);
        assertThat(source.renameDetection()).isTrue();
        assertThat(source.limitations()).isEmpty();
    }

    @Test
    void gitAiNotesWhoseBlobsAreMissingAreLeftOutAndSaidSo() throws Exception {
        TestRepo origin = origin();
        origin.note("ai", origin.head(), "note text");
        TestRepo clone = cloneOf(origin, "--filter=blob:none", "--no-checkout");
        clone.git("fetch", "-q", "origin", "refs/notes/ai:refs/notes/ai");

        GitChangeSource source = GitChangeSource.open(clone.dir(), "HEAD");

        assertThat(source.commits()).hasSize(4);
        assertThat(source.limitations()).anySatisfy(limitation -> assertThat(limitation).contains("git-ai notes", "could not be read"));
    }

    @Test
    void aShallowCloneNamesTheBoundaryTheRangeReaches() throws Exception {
        TestRepo origin = origin();
        TestRepo clone = cloneOf(origin, "--depth", "2");
        String boundary = clone.git("rev-parse", "HEAD~1");

        GitChangeSource source = GitChangeSource.open(clone.dir(), "HEAD");

        assertThat(source.commits()).hasSize(2);
        assertThat(source.shallowBoundaryReached()).containsExactly(boundary);
        assertThat(source.limitations()).singleElement().asString()
                .contains("shallow clone", boundary, "not in this clone", "--deepen");
    }

    @Test
    void aShallowCloneWhoseRangeStopsBeforeTheBoundaryHasNoLimitation() throws Exception {
        TestRepo clone = cloneOf(origin(), "--depth", "2");

        GitChangeSource source = GitChangeSource.open(clone.dir(), "HEAD~1..HEAD");

        assertThat(source.commits()).hasSize(1);
        assertThat(source.limitations()).isEmpty();
    }

    @Test
    void aPolicyWhoseContentsTheCloneLacksIsAnErrorNotTheBuiltInPolicy() throws Exception {
        TestRepo origin = origin();
        origin.commit().message("Adopt a policy\n").file(".aigov/policy.yaml", "version: 1\nrules: []\n").create();
        origin.git("config", "uploadpack.allowFilter", "true");
        TestRepo clone = cloneOf(origin, "--filter=blob:none", "--no-checkout");
        GitRevisions revisions = GitRevisions.open(clone.dir()).orElseThrow();
        String head = revisions.commit("HEAD").orElseThrow();

        assertThat(revisions.fileAt(head, ".aigov/absent.yaml")).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> revisions.fileAt(head, ".aigov/policy.yaml"))
                .isInstanceOf(MissingObjectsException.class)
                .hasMessageContaining(".aigov/policy.yaml at " + head + " cannot be read", "nothing was fetched");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.aigov.policy.TrustedPolicy.atCommit(revisions, head))
                .isInstanceOf(dev.aigov.policy.PolicyException.class)
                .hasMessageContaining("this clone does not have its contents");
        assertThat(missingObjects(clone)).as("nothing fetched").isPositive();
    }
}
