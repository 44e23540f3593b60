package dev.aigov.evidence;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigov.gate.Reason;
import dev.aigov.policy.EvidencePolicy;
import dev.aigov.provenance.GitChangeSource;
import dev.aigov.provenance.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The secret scan of every commit of a range, on a real repository (issue 12 §4). */
class CommitSecretScanTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EvidencePolicy SECRETS = new EvidencePolicy(null, null, null, new EvidencePolicy.Secrets(true));

    @TempDir
    Path tmp;

    // built at run time so this file passes its own scan
    private final String removedToken = "ghp_" + "Zq8Xw2Lk5Vb9Nm3Rt7Yp1Hs4Df6Gj0Ka2Ce8Bu";
    private final String keptToken = "glpat-" + "Hh3Jj5Kk7Ll9Mm1Nn2Pp";

    private record Range(TestRepo repo, String base, String added, String removed, String kept) {
    }

    /** base; a commit adds a token; the next replaces it; a third adds another token that stays. */
    private Range history() {
        TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        String base = repo.commit().message("Initial import\n").file("README.md", "hi\n").create();
        String added = repo.commit().message("Configure the client\n")
                .file("config/app.env", "MODE=prod\nGH_TOKEN=" + removedToken + "\n").create();
        String removed = repo.commit().message("Read the token from the environment\n")
                .file("config/app.env", "MODE=prod\nGH_TOKEN=${GH_TOKEN}\n").create();
        String kept = repo.commit().message("Add the GitLab mirror\n")
                .file("ci/mirror.sh", "curl --header \"PRIVATE-TOKEN: " + keptToken + "\" https://gitlab.example\n").create();
        return new Range(repo, base, added, removed, kept);
    }

    private EvidenceResult evaluate(GitChangeSource source, boolean perCommit) throws Exception {
        EvidenceInputs inputs = new EvidenceInputs(List.of(), List.of(), Optional.empty(), List.of(), List.of(),
                source.commits().get(0).id(), source.unifiedDiff(), perCommit ? source::commitPatches : null);
        return EvidenceEvaluator.evaluate(inputs, SECRETS);
    }

    @Test
    void aSecretAddedAndRemovedWithinTheRangeIsReportedWithBothCommits() throws Exception {
        Range r = history();
        GitChangeSource source = GitChangeSource.open(r.repo().dir(), r.base() + "..HEAD");

        EvidenceResult result = evaluate(source, true);

        List<Reason> reasons = result.reasons();
        assertThat(reasons).hasSize(2);
        assertThat(reasons.get(0).message()).contains("gitlab-token", "ci/mirror.sh:1", "in commit " + r.kept().substring(0, 12),
                "still present at the tip");
        assertThat(reasons.get(0).commits()).containsExactly(r.kept());
        assertThat(reasons.get(1).message()).contains("github-token", "config/app.env:2", "in commit " + r.added().substring(0, 12),
                "removed in " + r.removed().substring(0, 12), "still in the branch history");
        assertThat(reasons.get(1).commits()).containsExactly(r.added());
        Map<String, Object> metrics = result.checks().stream().filter(c -> c.check().equals("secrets")).findFirst().orElseThrow().metrics();
        assertThat(metrics).containsEntry("commits", 3).containsEntry("findings", 2).containsEntry("removedLater", 1);
    }

    @Test
    void theNetDiffAloneMissesTheRemovedSecret() throws Exception {
        Range r = history();
        GitChangeSource source = GitChangeSource.open(r.repo().dir(), r.base() + "..HEAD");

        assertThat(evaluate(source, false).reasons()).extracting(Reason::message)
                .singleElement().asString().contains("gitlab-token");
    }

    @Test
    void noSecretByteReachesAnyOutput() throws Exception {
        Range r = history();
        GitChangeSource source = GitChangeSource.open(r.repo().dir(), r.base() + "..HEAD");

        EvidenceResult result = evaluate(source, true);

        String everything = JSON.writeValueAsString(result.reasons()) + JSON.writeValueAsString(result.summaryMap())
                + result.reasons() + result.checks();
        for (String token : List.of(removedToken, keptToken)) {
            String secretPart = token.substring(token.startsWith("ghp_") ? 4 : 6);
            for (int i = 0; i + 6 <= secretPart.length(); i++) {
                assertThat(everything).doesNotContain(secretPart.substring(i, i + 6));
            }
        }
    }

    @Test
    void aSecretReAddedAfterItsRemovalIsReportedTwice() throws Exception {
        Range r = history();
        String again = r.repo().commit().message("Revert to the file token\n")
                .file("config/app.env", "MODE=prod\nGH_TOKEN=" + removedToken + "\n").create();
        GitChangeSource source = GitChangeSource.open(r.repo().dir(), r.base() + "..HEAD");

        List<String> messages = evaluate(source, true).reasons().stream().map(Reason::message).toList();

        assertThat(messages).filteredOn(m -> m.contains("github-token")).containsExactly(
                "Possible github-token (ghp_****) added at config/app.env:2 in commit " + again.substring(0, 12)
                        + "; still present at the tip.",
                "Possible github-token (ghp_****) added at config/app.env:2 in commit " + r.added().substring(0, 12)
                        + "; removed in " + r.removed().substring(0, 12) + ", but still in the branch history.");
    }
}
