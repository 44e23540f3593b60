package io.jenkins.plugins.aigovernance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigov.gate.ApprovalRequirement;
import dev.aigov.gate.Decision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A paused gate survives a job rename (or a moved JENKINS_HOME): what the build keeps is relative to its directory. */
class RelativePathsTest {
    @TempDir
    Path tmp;

    @Test
    void aRenamedJobsPausedRequestIsFoundAndApprovedInItsNewDirectory() throws Exception {
        TestScope scope = new TestScope("old-name", tmp);
        Path buildDir = scope.buildDir;
        var required = new Decision.ApprovalRequired(List.of(), new ApprovalRequirement(1, List.of(), false));
        PendingApproval approval = PendingApproval.create(buildDir.resolve("ai-governance/approval.json"),
                dev.aigov.approval.ApprovalRequest.create(scope.build(), required, List.of(), "", null, Instant.now()), null);

        var field = PendingApproval.class.getDeclaredField("requestFile");
        field.setAccessible(true);
        assertThat(field.get(approval)).as("what XStream stores with the build").isEqualTo("ai-governance/approval.json");

        Path renamed = tmp.resolve("jenkins-home/jobs/new-name/builds/1");
        Files.createDirectories(renamed.getParent());
        Files.move(buildDir, renamed);
        PendingApproval loaded = approval;
        loaded.locate(renamed); // what GovernanceAction.onLoad does with the run's directory after the rename
        assertThat(loaded.status()).isEqualTo(PendingApproval.Status.PENDING);
        loaded.approve(Reviewer.of("sam", java.util.Set.of()), false, Instant.now());
        assertThat(loaded.status()).isEqualTo(PendingApproval.Status.APPROVED);
        assertThat(BuildLedger.file(renamed)).exists();
    }
}
