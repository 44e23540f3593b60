package dev.aigov.files;

import dev.aigov.approval.ApprovalException;
import dev.aigov.approval.ApprovalRequests;
import dev.aigov.build.BuildRef;
import dev.aigov.credentials.LeaseHandle;
import dev.aigov.credentials.LeaseJournal;
import dev.aigov.ledger.Events;
import dev.aigov.ledger.Ledger;
import dev.aigov.ledger.LedgerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Paths we create or append to are never followed through a symbolic link; outputs replace files atomically. */
class SafeFilesTest {
    @TempDir
    Path dir;

    @Test
    void anAtomicWriteReplacesTheFileByRenameAndLeavesNoTemporaryFile() throws Exception {
        Path out = Files.writeString(dir.resolve("report.html"), "old");
        Object before = Files.readAttributes(out, BasicFileAttributes.class).fileKey();
        SafeFiles.writeAtomically(out, "new".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(out)).isEqualTo("new");
        assertThat(Files.readAttributes(out, BasicFileAttributes.class).fileKey()).as("a new file renamed over the old")
                .isNotEqualTo(before);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(out);
        }
    }

    @Test
    void anAtomicWriteRefusesASymlinkAndLeavesItsTargetAlone() throws Exception {
        Path target = Files.writeString(dir.resolve("precious"), "keep");
        Path link = Files.createSymbolicLink(dir.resolve("out.html"), target);
        assertThatThrownBy(() -> SafeFiles.writeAtomically(link, "x".getBytes(StandardCharsets.UTF_8)))
                .hasMessage(link + ": is a symbolic link; refusing to write through it");
        assertThat(Files.readString(target)).isEqualTo("keep");
        assertThat(Files.isSymbolicLink(link)).isTrue();
    }

    @Test
    void aDanglingLedgerSymlinkNeverCreatesItsTarget() throws Exception {
        Path target = dir.resolve("elsewhere/created-by-us");
        Files.createDirectories(target.getParent());
        Path link = Files.createSymbolicLink(dir.resolve("build.ledger"), target);
        assertThatThrownBy(() -> Ledger.open(link, new BuildRef("app", "1", "", "")).append("t",
                Events.agentDeclared("x", "y", ""))).isInstanceOf(LedgerException.class)
                .hasMessageContaining("is a symbolic link; refusing to write through it");
        assertThat(target).doesNotExist();
    }

    @Test
    void aPlantedJournalSymlinkIsNeverAppendedTo() throws Exception {
        Path target = Files.writeString(dir.resolve("victim"), "untouched\n");
        Path link = Files.createSymbolicLink(dir.resolve("leases.journal"), target);
        LeaseJournal journal = new LeaseJournal(link);
        assertThatThrownBy(() -> journal.issued(new LeaseJournal.Entry(new LeaseHandle("jwt", "a", Map.of()), "agent", "j#1",
                Instant.now(), Instant.now()))).hasMessageContaining("is a symbolic link");
        assertThat(Files.readString(target)).isEqualTo("untouched\n");
    }

    @Test
    void noLockFileIsCreatedForARequestThatDoesNotExistOrIsNotARegularFile() throws Exception {
        Path missing = dir.resolve("request.json");
        assertThatThrownBy(() -> ApprovalRequests.update(missing, r -> null)).isInstanceOf(ApprovalException.class)
                .hasMessage(missing + ": approval request file not found");
        assertThat(dir.resolve("request.json.lock")).doesNotExist();

        Path device = Files.createSymbolicLink(dir.resolve("zero.json"), Path.of("/dev/zero"));
        assertThatThrownBy(() -> ApprovalRequests.update(device, r -> null)).hasMessageContaining("is a symbolic link");
        assertThat(dir.resolve("zero.json.lock")).doesNotExist();
        assertThat(Path.of("/dev/zero.lock")).doesNotExist();

        Path planted = Files.writeString(dir.resolve("r.json"), "{}");
        Path victim = Files.writeString(dir.resolve("victim"), "keep");
        Files.createSymbolicLink(dir.resolve("r.json.lock"), victim);
        assertThatThrownBy(() -> ApprovalRequests.update(planted, r -> null)).hasMessageContaining("is a symbolic link");
        assertThat(Files.readString(victim)).isEqualTo("keep");
        assertThat(Files.isSymbolicLink(dir.resolve("r.json.lock"))).isTrue();
        assertThat(Files.exists(dir.resolve("r.json"), LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    @Test
    void ioFailuresSayWhatWentWrongNotOnlyWhere() throws Exception {
        assertThatThrownBy(() -> SafeFiles.read(dir.resolve("nope"), SafeFiles.Kind.POLICY))
                .satisfies(e -> assertThat(SafeFiles.describe((java.io.IOException) e, null))
                        .isEqualTo(dir.resolve("nope") + ": no such file or directory"));
        assertThatThrownBy(() -> SafeFiles.read(dir, SafeFiles.Kind.POLICY)).hasMessage(dir + ": is a directory");
    }
}
