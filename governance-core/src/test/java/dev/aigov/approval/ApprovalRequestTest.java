package dev.aigov.approval;

import dev.aigov.build.BuildRef;
import dev.aigov.gate.ApprovalRequirement;
import dev.aigov.gate.Decision;
import dev.aigov.gate.Reason;
import dev.aigov.policy.ApprovalSettings;
import dev.aigov.provenance.Commit;
import dev.aigov.provenance.Person;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApprovalRequestTest {
    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    static final String C1 = "1111111111111111111111111111111111111111";
    static final String C2 = "2222222222222222222222222222222222222222";

    static Commit commit(String id, Person author, Person committer, String message) {
        return new Commit(id, author, committer, message, List.of(), List.of(), Commit.SignatureStatus.UNKNOWN, "");
    }

    static final List<Commit> AI_COMMITS = List.of(
            commit(C1, new Person("Alice Smith", "Alice@Example.com"), new Person("Build Bot", "ci@example.com"),
                    "Add login\n\nCo-authored-by: Claude <noreply@anthropic.com>\nCo-Authored-By: Carol <carol@example.com>\n"),
            commit(C2, new Person("Dave", "dave@example.com"), new Person("Dave", "dave@example.com"), "Fix"));

    static ApprovalRequest request(int required, List<String> groups, boolean architectural) {
        var decision = new Decision.ApprovalRequired(
                List.of(new Reason("AI_CHANGE", "AI-attributed change", List.of("src/auth/Login.java"), List.of(C1),
                        List.of("OWASP-ASI03"))),
                new ApprovalRequirement(required, groups, architectural));
        var settings = new ApprovalSettings("architects", Map.of("alice@example.com", "alice", "erin@corp.example", "erin"),
                List.of("build-agent"));
        return ApprovalRequest.create(new BuildRef("shop/main", "42", "", "Trigger-User"), decision, AI_COMMITS,
                "claude[bot]", settings, T0);
    }

    static Approver who(String id, String... groups) {
        return new Approver(id, List.of(groups));
    }

    private static void assertRefused(ApprovalOutcome outcome, SeparationRule rule) {
        assertThat(outcome.recorded()).isFalse();
        assertThat(outcome.event().type()).isEqualTo(ApprovalEvent.REFUSED);
        assertThat(outcome.event().rule()).isEqualTo(rule.id());
        assertThat(outcome.request().status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(outcome.request().approvalCount()).isZero();
        assertThat(outcome.request().events()).containsExactly(outcome.event());
    }

    @Test
    void authorOfAnAiCommitIsRefusedAsCommitParticipant() {
        var outcome = request(1, List.of(), false).approve(who("dave@example.com"), false, T0);
        assertRefused(outcome, SeparationRule.COMMIT_PARTICIPANT);
        assertThat(outcome.event().why()).contains("author").contains("222222222222");
    }

    @Test
    void committerOfAnAiCommitIsRefused() {
        assertRefused(request(1, List.of(), false).approve(who("CI@example.com"), false, T0),
                SeparationRule.COMMIT_PARTICIPANT);
    }

    @Test
    void coAuthorFromTrailerIsRefused() {
        var outcome = request(1, List.of(), false).approve(who("carol@example.com"), false, T0);
        assertRefused(outcome, SeparationRule.COMMIT_PARTICIPANT);
        assertThat(outcome.event().why()).contains("co-author");
    }

    @Test
    void aliasedUserIdMatchesCommitEmailCaseInsensitively() {
        assertRefused(request(1, List.of(), false).approve(who("ALICE"), false, T0), SeparationRule.COMMIT_PARTICIPANT);
    }

    @Test
    void agentIdentityIsRefused() {
        assertRefused(request(1, List.of(), false).approve(who("Claude[bot]"), false, T0), SeparationRule.AGENT_IDENTITY);
    }

    @Test
    void identityListedInPolicyAgentsIsRefused() {
        assertRefused(request(1, List.of(), false).approve(who("Build-Agent"), false, T0), SeparationRule.AGENT_IDENTITY);
    }

    @Test
    void anyBotAccountIsRefused() {
        assertRefused(request(1, List.of(), false).approve(who("renovate[bot]"), false, T0), SeparationRule.AGENT_IDENTITY);
    }

    @Test
    void userWhoTriggeredTheBuildIsRefused() {
        assertRefused(request(1, List.of(), false).approve(who("trigger-user"), false, T0), SeparationRule.BUILD_TRIGGER);
    }

    @Test
    void approverOutsideTheAllowedGroupsIsRefused() {
        var outcome = request(1, List.of("security-reviewers"), false).approve(who("erin", "developers"), false, T0);
        assertRefused(outcome, SeparationRule.ALLOWED_GROUP);
        assertThat(outcome.event().why()).contains("security-reviewers");
    }

    @Test
    void groupMembershipIsCaseInsensitive() {
        var outcome = request(1, List.of("security-reviewers"), false).approve(who("erin", "Security-Reviewers"), false, T0);
        assertThat(outcome.recorded()).isTrue();
        assertThat(outcome.request().status()).isEqualTo(ApprovalStatus.APPROVED);
    }

    @Test
    void secondApprovalBySamePersonIsRefusedAndNotCounted() {
        var first = request(2, List.of(), false).approve(who("erin"), false, T0);
        assertThat(first.recorded()).isTrue();
        var again = first.request().approve(who("ERIN"), false, T0.plusSeconds(1));
        assertThat(again.event().rule()).isEqualTo(SeparationRule.DUPLICATE_APPROVAL.id());
        assertThat(again.request().approvalCount()).isEqualTo(1);
        assertThat(again.request().status()).isEqualTo(ApprovalStatus.PENDING);
    }

    @Test
    void duplicateThroughAliasIsRefused() {
        var first = request(2, List.of(), false).approve(who("erin"), false, T0);
        var again = first.request().approve(who("Erin@Corp.Example"), false, T0);
        assertThat(again.event().rule()).isEqualTo(SeparationRule.DUPLICATE_APPROVAL.id());
    }

    @Test
    void approvedOnlyAfterNDistinctValidApprovals() {
        ApprovalRequest r = request(3, List.of(), false);
        r = r.approve(who("erin"), false, T0).request();
        r = r.approve(who("dave@example.com"), false, T0).request(); // refused, does not count
        r = r.approve(who("frank"), false, T0).request();
        assertThat(r.status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(r.approvalsStillNeeded()).isEqualTo(1);
        r = r.approve(who("grace"), false, T0).request();
        assertThat(r.status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(r.approvals()).extracting(ApprovalEvent::actor).containsExactly("erin", "frank", "grace");
        assertThat(r.events()).hasSize(4);
        var late = r.approve(who("heidi"), false, T0);
        assertThat(late.event().rule()).isEqualTo(SeparationRule.REQUEST_CLOSED.id());
    }

    @Test
    void oneRejectionEndsTheRequestWithTheReviewersReason() {
        ApprovalRequest r = request(2, List.of(), false).approve(who("erin"), false, T0).request();
        var rejected = r.reject(who("frank"), "no tests for the token refresh", T0.plusSeconds(5));
        assertThat(rejected.recorded()).isTrue();
        assertThat(rejected.request().status()).isEqualTo(ApprovalStatus.REJECTED);
        assertThat(rejected.event().why()).isEqualTo("no tests for the token refresh");
        assertThat(rejected.event().actor()).isEqualTo("frank");
        var after = rejected.request().approve(who("grace"), false, T0);
        assertThat(after.event().rule()).isEqualTo(SeparationRule.REQUEST_CLOSED.id());
        assertThat(after.request().status()).isEqualTo(ApprovalStatus.REJECTED);
    }

    @Test
    void rejectionByAnExcludedIdentityIsRefused() {
        var outcome = request(1, List.of(), false).reject(who("claude[bot]"), "looks fine to me, no", T0);
        assertRefused(outcome, SeparationRule.AGENT_IDENTITY);
    }

    @Test
    void rejectionWithoutReasonIsAnError() {
        assertThatThrownBy(() -> request(1, List.of(), false).reject(who("erin"), " ", T0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void architecturalReviewNeedsAnArchitectsApprovalMarkedAsSuch() {
        ApprovalRequest r = request(2, List.of("security-reviewers"), true);
        r = r.approve(who("erin", "security-reviewers"), false, T0).request();
        r = r.approve(who("frank", "security-reviewers"), false, T0).request();
        assertThat(r.status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(r.approvalsStillNeeded()).isZero();
        assertThat(r.architecturalReviewStillNeeded()).isTrue();
        var outsider = r.approve(who("grace", "security-reviewers"), true, T0);
        assertThat(outsider.event().rule()).isEqualTo(SeparationRule.ARCHITECT_GROUP.id());
        var architect = r.approve(who("heidi", "architects"), true, T0);
        assertThat(architect.recorded()).isTrue();
        assertThat(architect.request().status()).isEqualTo(ApprovalStatus.APPROVED);
    }

    @Test
    void architectsApprovalWithoutTheMarkDoesNotSatisfyArchitecturalReview() {
        ApprovalRequest r = request(1, List.of(), true).approve(who("heidi", "architects"), false, T0).request();
        assertThat(r.status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(r.architecturalReviewStillNeeded()).isTrue();
    }

    @Test
    void idIsStableForTheSameInputsAndChangesWithTheCommits() {
        assertThat(request(1, List.of(), false).id()).isEqualTo(request(1, List.of(), false).id())
                .hasSize(64).isEqualTo(request(1, List.of(), false).computedId());
        assertThat(request(2, List.of(), false).id()).isNotEqualTo(request(1, List.of(), false).id());
    }

    @Test
    void eventsCarryWhoWhenWhyRuleAndControls() {
        var outcome = request(1, List.of(), false).approve(who("trigger-user", "dev"), false, T0);
        ApprovalEvent e = outcome.event();
        assertThat(e.actor()).isEqualTo("trigger-user");
        assertThat(e.time()).isEqualTo(T0);
        assertThat(e.why()).contains("triggered the build");
        assertThat(e.groups()).containsExactly("dev");
        assertThat(e.controls()).contains("NIST-CSF-PR.AA-05");
    }

    @Test
    void exclusionSurvivesTheRedTeamsSpellingsOfTheSamePerson() {
        ApprovalRequest r = request(1, List.of(), false);
        assertRefused(r.approve(who("Alice Dev <alice@example.com>"), false, T0), SeparationRule.COMMIT_PARTICIPANT);
        assertRefused(r.approve(who("alice@example.com\u200b"), false, T0), SeparationRule.COMMIT_PARTICIPANT);
        assertRefused(r.approve(who("DAVE@example.com\u00a0"), false, T0), SeparationRule.COMMIT_PARTICIPANT);
        assertRefused(r.approve(who("209825114+claude[bot]@users.noreply.github.com"), false, T0),
                SeparationRule.AGENT_IDENTITY);
        assertRefused(r.approve(who("Claude <claude[bot]@users.noreply.github.com>"), false, T0),
                SeparationRule.AGENT_IDENTITY);
        assertRefused(r.approve(who("trigger-user\u200b"), false, T0), SeparationRule.BUILD_TRIGGER);
    }

    @Test
    void aMixedScriptLookAlikeOfAnExcludedIdentityIsRefusedAsAmbiguous() {
        var outcome = request(1, List.of(), false).approve(who("\u0430lice@example.com"), false, T0);
        assertRefused(outcome, SeparationRule.AMBIGUOUS_IDENTITY);
        assertThat(outcome.event().why()).contains("looks like").containsIgnoringCase("alice@example.com");
    }

    @Test
    void theSamePersonInAnotherSpellingCountsOnce() {
        ApprovalRequest r = request(2, List.of(), false).approve(who("erin@corp.example"), false, T0).request();
        assertRefused2(r.approve(who("Erin <ERIN@corp.example\u200b>"), false, T0));
        ApprovalRequest d = request(2, List.of(), false).approve(who("frank"), false, T0).request();
        assertRefused2(d.approve(who("frank\u200b"), false, T0));
    }

    private static void assertRefused2(ApprovalOutcome outcome) {
        assertThat(outcome.recorded()).isFalse();
        assertThat(outcome.event().rule()).isEqualTo(SeparationRule.DUPLICATE_APPROVAL.id());
    }
}
