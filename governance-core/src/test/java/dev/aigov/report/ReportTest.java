package dev.aigov.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigov.ledger.LedgerVerifier;
import dev.aigov.ledger.TestEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportTest {
    @TempDir
    Path dir;

    private AuditRecord record() {
        return AuditRecord.of(LedgerVerifier.read(HostileLedger.write(dir), null));
    }

    @Test
    void recordJoinsCredentialLifecycleAndApprovals() {
        AuditRecord record = record();
        assertThat(record.verification().state()).isEqualTo("INTACT_UNPINNED");
        assertThat(record.gate().decision()).isEqualTo("APPROVAL_REQUIRED");
        assertThat(record.gate().controls()).containsExactly("MAESTRO-L4", "OWASP-ASI03");
        assertThat(record.credentials()).extracting(AuditRecord.Credential::role, AuditRecord.Credential::status,
                AuditRecord.Credential::ttlSeconds).containsExactly(
                org.assertj.core.groups.Tuple.tuple("deploy", "REVOKED", 600L),
                org.assertj.core.groups.Tuple.tuple("agent", "NOT_REVOKED", 900L));
        assertThat(record.approvals()).extracting(AuditRecord.Approval::action)
                .containsExactly("requested", "refused", "granted");
    }

    @Test
    void htmlEscapesEveryHostileValue() {
        AuditRecord record = record();
        String html = HtmlReport.page(record);
        assertThat(html).doesNotContain("<script").doesNotContain("<img").doesNotContain("onerror=alert(1)>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;")
                .contains("NOT REVOKED").contains("INTACT_UNPINNED").contains("APPROVAL_REQUIRED")
                .contains("OWASP-ASI03").contains("deploy-prod").contains("10m")
                .contains("default-src 'none'");
        // the fragment alone carries no style element (the Jenkins page serves CSS as a file)
        assertThat(HtmlReport.fragment(record)).startsWith("<section class=\"aigov-report\">").doesNotContain("<style");
    }

    @Test
    void escapeCoversTextAndAttributes() {
        assertThat(HtmlReport.escape("<a href=\"x\" title='y'>&</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
    }

    @Test
    void jsonExportHasStableFieldsAndEveryEvent() throws Exception {
        JsonNode json = JsonReport.MAPPER.readTree(JsonReport.render(record()));
        assertThat(json.path("schema").asText()).isEqualTo(JsonReport.SCHEMA);
        assertThat(json.path("verification").path("state").asText()).isEqualTo("INTACT_UNPINNED");
        assertThat(json.path("gate").path("decision").asText()).isEqualTo("APPROVAL_REQUIRED");
        assertThat(json.path("gate").path("commits").get(0).path("subject").asText()).startsWith(HostileLedger.SCRIPT);
        assertThat(json.path("credentials").get(1).path("status").asText()).isEqualTo("NOT_REVOKED");
        assertThat(json.path("events")).hasSize(9);
        assertThat(json.path("events").get(8).path("type").asText()).isEqualTo("ledger.sealed");
    }

    @Test
    void inTotoStatementNamesTheCommitAndArtifacts() throws Exception {
        AuditRecord record = record();
        JsonNode statement = JsonReport.MAPPER.readTree(InTotoStatement.render(record,
                List.of(new InTotoStatement.Artifact("app.jar", "e".repeat(64)))));
        assertThat(statement.path("_type").asText()).isEqualTo("https://in-toto.io/Statement/v1");
        assertThat(statement.path("predicateType").asText()).isEqualTo("https://aigov.dev/governance-decision/v1");
        assertThat(statement.path("subject").get(0).path("digest").path("gitCommit").asText()).isEqualTo(HostileLedger.COMMIT);
        assertThat(statement.path("subject").get(1).path("digest").path("sha256").asText()).isEqualTo("e".repeat(64));
        JsonNode predicate = statement.path("predicate");
        assertThat(predicate.path("decision").asText()).isEqualTo("APPROVAL_REQUIRED");
        assertThat(predicate.path("ledger").path("headHash").asText()).isEqualTo(record.verification().head());
        assertThat(predicate.path("ledger").path("verification").asText()).isEqualTo("INTACT_UNPINNED");
        assertThat(predicate.path("approvals")).hasSize(3);
        assertThat(predicate.path("credentials")).hasSize(2);
    }

    @Test
    void inTotoWithoutAnySubjectIsRefused() throws Exception {
        Path file = dir.resolve("agent-only.jsonl");
        dev.aigov.ledger.Ledger.open(file, TestEvents.BUILD).append("x", dev.aigov.ledger.Events.agentDeclared("a", "", ""));
        AuditRecord record = AuditRecord.of(LedgerVerifier.read(file, null));
        assertThatThrownBy(() -> InTotoStatement.render(record, List.of())).hasMessageContaining("needs a subject");
        assertThat(HtmlReport.page(record)).contains("UNSEALED").contains("no gate evaluation recorded");
    }

    @Test
    void noReportFormatContainsASecret() {
        AuditRecord record = record();
        String all = HtmlReport.page(record) + JsonReport.render(record) + InTotoStatement.render(record, List.of());
        assertThat(all).doesNotContain(TestEvents.SECRET_VALUE).doesNotContain("eyJhbGciOi.secret.jwt")
                .doesNotContain("accessor-deploy").doesNotContain("jti-agent");
    }

    @Test
    void aTamperedLedgerShowsOnlyItsVerifiedPrefixAndSaysSo() throws Exception {
        Path file = HostileLedger.write(dir);
        List<String> lines = Files.readAllLines(file);
        lines.set(4, lines.get(4).replace("carol", "carl"));
        Files.write(file, lines);
        AuditRecord record = AuditRecord.of(LedgerVerifier.read(file, null));
        assertThat(record.verification().state()).isEqualTo("TAMPERED");
        assertThat(record.verification().badLine()).isEqualTo(5);
        assertThat(record.events()).hasSize(4);
        assertThat(HtmlReport.page(record)).contains("TAMPERED").contains("line 5: bad-hash");
    }
}
