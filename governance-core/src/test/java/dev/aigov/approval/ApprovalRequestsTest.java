package dev.aigov.approval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApprovalRequestsTest {
    @TempDir
    Path dir;

    @Test
    void writeThenReadGivesTheSameRequestWithItsEvents() throws Exception {
        ApprovalRequest r = ApprovalRequestTest.request(2, List.of("security-reviewers"), true);
        r = r.approve(new Approver("erin", List.of("security-reviewers")), false, ApprovalRequestTest.T0).request();
        r = r.approve(new Approver("dave@example.com", List.of()), false, ApprovalRequestTest.T0).request();
        Path file = dir.resolve("sub/request.json");
        ApprovalRequests.write(file, r);
        ApprovalRequest back = ApprovalRequests.read(file);
        assertThat(back).isEqualTo(r);
        assertThat(Files.readString(file)).contains("\"status\" : \"PENDING\"").contains("\"approvalsStillNeeded\" : 1");
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file); // no temporary file left behind
        }
    }

    @Test
    void concurrentApproversAllGetTheirEventsRecorded() throws Exception {
        Path file = dir.resolve("request.json");
        ApprovalRequests.write(file, ApprovalRequestTest.request(8, List.of(), false));
        List<Thread> threads = new java.util.ArrayList<>();
        List<Throwable> errors = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        for (int i = 0; i < 8; i++) {
            String who = "reviewer" + i;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    ApprovalRequests.update(file, r -> r.approve(new Approver(who, List.of()), false,
                            ApprovalRequestTest.T0));
                } catch (Exception e) {
                    errors.add(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(errors).isEmpty();
        ApprovalRequest back = ApprovalRequests.read(file);
        assertThat(back.approvalCount()).isEqualTo(8);
        assertThat(back.status()).isEqualTo(ApprovalStatus.APPROVED);
    }

    @Test
    void approversInSeparateProcessesAllGetTheirEventsRecordedAndNoLockFileStays() throws Exception {
        Path file = dir.resolve("request.json");
        ApprovalRequests.write(file, ApprovalRequestTest.request(6, List.of(), false));
        String javaBin = ProcessHandle.current().info().command().orElseThrow();
        List<Process> approvers = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            approvers.add(new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                    ApproveInOwnProcess.class.getName(), file.toString(), "reviewer" + i)
                    .redirectErrorStream(true).start());
        }
        for (Process approver : approvers) {
            String output = new String(approver.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(approver.waitFor()).as(output).isZero();
        }

        ApprovalRequest back = ApprovalRequests.read(file);
        assertThat(back.approvalCount()).isEqualTo(6);
        assertThat(back.status()).isEqualTo(ApprovalStatus.APPROVED);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void anApprovalLeavesOnlyTheRequestFile() throws Exception {
        Path file = dir.resolve("request.json");
        ApprovalRequests.write(file, ApprovalRequestTest.request(2, List.of(), false));

        ApprovalRequests.update(file, r -> r.approve(new Approver("erin", List.of()), false, ApprovalRequestTest.T0));

        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aLockLeftByADeadProcessIsReportedWithItsHolderAndLeftForTheUser() throws Exception {
        Path file = dir.resolve("request.json");
        ApprovalRequests.write(file, ApprovalRequestTest.request(2, List.of(), false));
        Path lock = Files.writeString(dir.resolve("request.json.lock"), "4242 since 2026-12-08T01:00:00Z\n");

        assertThatThrownBy(() -> ApprovalRequests.update(file, r -> r.approve(new Approver("erin", List.of()), false,
                ApprovalRequestTest.T0), java.time.Duration.ofMillis(50)))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("cannot update " + file)
                .hasMessageContaining("held by process 4242 since 2026-12-08T01:00:00Z")
                .hasMessageEndingWith("remove " + lock);
        assertThat(lock).exists();
        assertThat(ApprovalRequests.read(file).approvalCount()).isZero();
    }

    @Test
    void malformedFileNamesFileLineAndColumn() throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\n  \"id\": \"x\",\n  \"build\": [oops\n}");
        assertThatThrownBy(() -> ApprovalRequests.read(file)).isInstanceOf(ApprovalException.class)
                .hasMessageStartingWith(file + ":3:");
    }

    @Test
    void missingFieldsAreRefused() throws Exception {
        Path file = dir.resolve("empty.json");
        Files.writeString(file, "{}");
        assertThatThrownBy(() -> ApprovalRequests.read(file)).isInstanceOf(ApprovalException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("not a valid approval request");
    }

    @Test
    void alteredRequirementIsDetected() throws Exception {
        Path file = dir.resolve("request.json");
        ApprovalRequests.write(file, ApprovalRequestTest.request(2, List.of(), false));
        Files.writeString(file, Files.readString(file).replace("\"required\" : 2", "\"required\" : 0"));
        assertThatThrownBy(() -> ApprovalRequests.read(file)).isInstanceOf(ApprovalException.class)
                .hasMessageContaining("altered");
    }

    @Test
    void readMatchingReturnsStoredEventsOnlyForTheSameChange() throws Exception {
        Path file = dir.resolve("request.json");
        ApprovalRequest fresh = ApprovalRequestTest.request(1, List.of(), false);
        ApprovalRequests.write(file, fresh.approve(new Approver("erin", List.of()), false, ApprovalRequestTest.T0).request());
        assertThat(ApprovalRequests.readMatching(file, ApprovalRequestTest.request(1, List.of(), false)).status())
                .isEqualTo(ApprovalStatus.APPROVED);
        assertThatThrownBy(() -> ApprovalRequests.readMatching(file, ApprovalRequestTest.request(2, List.of(), false)))
                .isInstanceOf(ApprovalException.class).hasMessageContaining("another build, decision or set of commits");
    }

    @Test
    void missingFileIsAClearError() {
        assertThatThrownBy(() -> ApprovalRequests.read(dir.resolve("nope.json")))
                .hasMessageContaining("nope.json").hasMessageContaining("not found");
    }
}
