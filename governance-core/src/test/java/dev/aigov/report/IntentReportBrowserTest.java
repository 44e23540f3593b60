package dev.aigov.report;

import dev.aigov.gate.ApprovalRequirement;
import dev.aigov.gate.Decision;
import dev.aigov.gate.Reason;
import dev.aigov.ledger.Event;
import dev.aigov.ledger.Events;
import dev.aigov.ledger.EvidenceResult;
import dev.aigov.ledger.Ledger;
import dev.aigov.ledger.LedgerKey;
import dev.aigov.ledger.LedgerVerifier;
import dev.aigov.ledger.TestEvents;
import dev.aigov.ledger.VerificationResult;
import dev.aigov.provenance.Attribution;
import dev.aigov.provenance.AttributionEvidence;
import dev.aigov.provenance.Confidence;
import dev.aigov.provenance.SessionRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Headless chromium renders the record an auditor reads for an AI change: per commit its tool, model, session link
 * and prompt; the declared and the refused prompt; the policy and evidence values; and "Reverting this change" with
 * the exact revert. Session links are http(s) only, hostile values stay text. Leaves target/intent-report.png.
 */
class IntentReportBrowserTest {
    private static final String SCRIPT = HostileLedger.SCRIPT;
    private static final String BASE = "1111111111111111111111111111111111111111";
    private static final String HEAD = "2222222222222222222222222222222222222222";

    @TempDir
    Path dir;

    @Test
    void recordShowsSessionsPromptsAndTheWayBack() throws Exception {
        HeadlessChromium.requireInstalled();
        Path ledger = ledger();
        assertThat(LedgerVerifier.verify(ledger, null)).isInstanceOf(VerificationResult.IntactSealed.class);
        assertThat(Files.readString(ledger)).as("no floating-point number in the ledger")
                .contains("\"changedFilesLineCoverage\":\"0.91\"");
        Path page = Path.of("target", "intent-report.html").toAbsolutePath();
        Files.createDirectories(page.getParent());
        Files.writeString(page, HtmlReport.page(AuditRecord.of(LedgerVerifier.read(ledger, null))));

        String dom = HeadlessChromium.run(dir, "--dump-dom", page.toUri().toString());

        assertThat(dom).doesNotContain("<script").doesNotContain("javascript:");
        List<String> hrefs = new ArrayList<>();
        Matcher href = Pattern.compile("href=\"([^\"]*)\"").matcher(dom);
        while (href.find()) {
            hrefs.add(href.group(1));
        }
        assertThat(hrefs).allMatch(h -> h.startsWith("https://")).contains(
                "https://github.com/acme/shop/commit/" + HEAD, "https://claude.ai/code/session_01AbCdEf",
                "https://ampcode.com/threads/T-1");
        String text = dom.replaceAll("<[^>]+>", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
                .replaceAll("\\s+", " ");
        assertThat(text).contains("Reverting this change", "git revert --no-edit " + BASE + ".." + HEAD)
                .contains("claude-code", "claude-opus-4-5", "claude-session")
                .contains("declared sha256:" + "a".repeat(64))
                .contains("Add a cart total " + SCRIPT)
                .contains("REFUSED: holds a secret (github-token)")
                .contains("sha256:" + "e".repeat(64))
                .contains("changedFilesLineCoverage: 0.91")
                .contains("shop.jar");
        assertThat(Pattern.compile("\\d{2}:\\d{2}:\\d{2}\\.\\d{4,}").matcher(text).find()).isFalse();

        Path screenshot = Path.of("target", "intent-report.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        HeadlessChromium.run(dir, "--screenshot=" + screenshot, "--window-size=1400,2400", page.toUri().toString());
        assertThat(screenshot).isNotEmptyFile();
    }

    private Path ledger() {
        Path file = dir.resolve("intent.jsonl");
        Ledger ledger = Ledger.open(file, TestEvents.BUILD);
        Attribution claude = new Attribution(HEAD, true, Confidence.HIGH, List.of("claude-code"),
                List.of(new AttributionEvidence("session-trailer", "Claude-Session: https://claude.ai/code/session_01AbCdEf",
                        "claude-code")),
                List.of(new SessionRef("claude-code", "claude-session", "", "https://claude.ai/code/session_01AbCdEf", "", ""),
                        new SessionRef("amp", "amp-thread-id", "T-1", "https://ampcode.com/threads/T-1", "", ""),
                        new SessionRef("claude-code", "git-ai-prompt", SCRIPT, "javascript:alert(1)", "claude-opus-4-5",
                                "Add a cart total " + SCRIPT)));
        Decision decision = new Decision.ApprovalRequired(List.of(new Reason("AI_CHANGE", "AI change", List.of(), List.of(HEAD),
                List.of())), new ApprovalRequirement(1, List.of(), false));
        List<Event> events = List.of(
                Events.agentPromptRefused("claude-code", "claude-opus-4-5", List.of("github-token"), List.of(2)),
                Events.agentDeclared("claude-code", "claude-opus-4-5", "sha256:" + "a".repeat(64), 42,
                        "prompts/" + "a".repeat(64) + ".txt"),
                Events.gateEvaluated(HEAD, decision, List.of(TestEvents.commit(HEAD, "Tune retry")), List.of(claude),
                        List.of(new EvidenceResult("coverage", "/home/ci/work/target/site/jacoco/jacoco.xml", "b".repeat(64),
                                "pass", "line coverage", Map.of("changedFilesLineCoverage", 0.91, "changedLines", 12))),
                        new Events.GateContext(BASE + ".." + HEAD, BASE, "policy.yaml", "sha256:" + "e".repeat(64), "",
                                "https://github.com/acme/shop")),
                Events.approvalRequested("req-1", new ApprovalRequirement(1, List.of(), false)),
                Events.approvalGranted("req-1", "carol", List.of(), "", "LGTM"));
        for (Event event : events) {
            ledger.append("aigov-cli", event);
        }
        Ledger.seal(file, LedgerKey.loadOrCreate(dir.resolve("key")), "aigov-cli",
                List.of(Events.artifactRecorded("shop.jar", "c".repeat(64), 9)));
        return file;
    }
}
