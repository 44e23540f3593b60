package io.jenkins.plugins.aigovernance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Separation of duties against Jenkins identities: with LDAP, GitHub OAuth or SAML the Jenkins user id is rarely
 * the git identity, so the author is recognised by full name and e-mail too, and ids compare as the security
 * realm's id strategy says.
 */
class ReviewerIdentityTest {
    @TempDir
    Path tmp;

    private TestScope scope;

    private void pausedGate(String name) throws Exception {
        scope = TestScope.oneAiCommit(name, tmp, 1);
        scope.triggeredBy = "CORP\\\\starter";
        AiGovernanceGateStep step = new AiGovernanceGateStep();
        step.setRange("base..HEAD");
        new AiGovernanceGateStep.Execution(step, new TestStepContext(name), scope.factory()).evaluate();
        assertThat(scope.action.isPending()).isTrue();
    }

    @Test
    void theAuthorsJenkinsAccountIsRefusedByFullNameAndByEMailThoughItsIdDiffers() throws Exception {
        pausedGate("ldap");
        Reviewer byName = new Reviewer("alovelace", "Ada Lovelace", "", Set.of(), Reviewer.CASE_INSENSITIVE);
        assertThatThrownBy(() -> scope.action.approve(byName, false)).hasMessageContaining("commit-participant");
        Reviewer byMail = new Reviewer("u12345", "A. L.", "Ada@Example.com", Set.of(), Reviewer.CASE_INSENSITIVE);
        assertThatThrownBy(() -> scope.action.approve(byMail, false)).hasMessageContaining("commit-participant");
        assertThat(scope.action.isPending()).isTrue();

        scope.action.approve(new Reviewer("sam", "Sam Reviewer", "sam@example.com", Set.of(), Reviewer.CASE_INSENSITIVE), false);
        assertThat(scope.action.getApprovalStatus()).isEqualTo("APPROVED");
    }

    @Test
    void userIdsCompareAsTheSecurityRealmsIdStrategySays() throws Exception {
        pausedGate("strategy");
        // A realm that ignores the Windows domain prefix, as an Active Directory strategy may.
        Reviewer.IdMatcher domainBlind = (a, b) -> a.replaceFirst("^.*\\\\", "").equalsIgnoreCase(b.replaceFirst("^.*\\\\", ""));
        Reviewer trigger = new Reviewer("starter", "", "", Set.of(), domainBlind);
        assertThatThrownBy(() -> scope.action.approve(trigger, false)).hasMessageContaining("build-trigger");
        assertThat(scope.action.isPending()).isTrue();
    }

    @Test
    void anAnonymousCallerIsRefusedBeforeAnythingIsWritten() throws Exception {
        pausedGate("anonymous");
        Path request = scope.buildDir.resolve("ai-governance/approval.json");
        String before = Files.readString(request);
        String ledger = Files.readString(BuildLedger.file(scope.buildDir));
        assertThatThrownBy(() -> scope.action.approve((Reviewer) null, false)).hasMessageContaining("anonymous");
        assertThatThrownBy(() -> scope.action.reject((Reviewer) null, "no")).hasMessageContaining("anonymous");
        assertThat(Files.readString(request)).isEqualTo(before);
        assertThat(Files.readString(BuildLedger.file(scope.buildDir))).isEqualTo(ledger);
    }
}
