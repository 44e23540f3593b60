package dev.aigov.gate;

import dev.aigov.policy.Policy;
import dev.aigov.policy.PolicyLoader;
import dev.aigov.provenance.Attribution;
import dev.aigov.provenance.AttributionEvidence;
import dev.aigov.provenance.ChangedPath;
import dev.aigov.provenance.Commit;
import dev.aigov.provenance.Confidence;
import dev.aigov.provenance.Person;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StricterDecisionTest {
    private static final String TRUSTED = """
            version: 1
            rules:
              - when: {aiAttributed: true}
                require: {approvals: 2, groups: [security-reviewers]}
            evidence: {}
            """;
    private static final String LOOSE = """
            version: 1
            rules:
              - when: {aiAttributed: true}
                require: {approvals: 0}
            evidence: {}
            """;
    private static final String DENY = """
            version: 1
            rules:
              - when: {aiAttributed: true}
                deny: not in this repository
            evidence: {}
            """;
    private static final String ARCHITECT = """
            version: 1
            rules:
              - when: {aiAttributed: true}
                require: {approvals: 1, architecturalReview: true}
            evidence: {}
            """;

    private static GateResult evaluate(String yaml) throws Exception {
        Policy policy = PolicyLoader.parse(yaml, "p.yaml");
        String id = "a".repeat(40);
        Commit c = new Commit(id, new Person("Dev", "dev@example.com"), new Person("Dev", "dev@example.com"), "change",
                List.of(ChangedPath.of("src/App.java", ChangedPath.ChangeType.MODIFIED)), List.of(), null, "");
        Attribution a = new Attribution(id, true, Confidence.HIGH, List.of("claude-code"),
                List.of(new AttributionEvidence("co-author", "Co-authored-by: Claude", "claude-code")));
        return new GateEngine(policy).evaluate(List.of(new AttributedCommit(c, a)), EvidenceCheck.NONE);
    }

    @Test
    void aLooserAddedPolicyNeverRemovesTheTrustedRequirement() throws Exception {
        GateResult trusted = evaluate(TRUSTED);
        GateResult loose = evaluate(LOOSE);
        assertThat(loose.decision()).as("alone, the workspace policy would pass").isInstanceOf(Decision.Pass.class);

        GateResult kept = StricterDecision.of(trusted, loose);
        assertThat(kept.decision()).isInstanceOf(Decision.ApprovalRequired.class);
        assertThat(((Decision.ApprovalRequired) kept.decision()).approval())
                .isEqualTo(new ApprovalRequirement(2, List.of("security-reviewers"), false));
        assertThat(StricterDecision.of(loose, trusted).decision().id()).as("either order").isEqualTo("APPROVAL_REQUIRED");
    }

    @Test
    void anAddedPolicyMayAddRequirementsAndDenials() throws Exception {
        GateResult both = StricterDecision.of(evaluate(TRUSTED), evaluate(ARCHITECT));
        assertThat(((Decision.ApprovalRequired) both.decision()).approval())
                .isEqualTo(new ApprovalRequirement(2, List.of("security-reviewers"), true));

        GateResult denied = StricterDecision.of(evaluate(TRUSTED), evaluate(DENY));
        assertThat(denied.decision()).isInstanceOf(Decision.Fail.class);
        assertThat(denied.decision().reasons()).extracting(Reason::message).anyMatch(m -> m.contains("not in this repository"));
        assertThat(denied.aiAttributedCommits()).containsExactly("a".repeat(40));
    }

    @Test
    void groupsNarrowToThoseBothAllowNeverWiden() {
        ApprovalRequirement trusted = new ApprovalRequirement(1, List.of("security-reviewers", "leads"), false);
        assertThat(StricterDecision.stricter(trusted, new ApprovalRequirement(1, List.of("leads"), false)).groups())
                .containsExactly("leads");
        assertThat(StricterDecision.stricter(trusted, new ApprovalRequirement(1, List.of("everyone"), false)).groups())
                .as("no group in common: the trusted groups").containsExactly("security-reviewers", "leads");
        assertThat(StricterDecision.stricter(ApprovalRequirement.none(), new ApprovalRequirement(1, List.of("leads"), false)))
                .isEqualTo(new ApprovalRequirement(1, List.of("leads"), false));
    }
}
