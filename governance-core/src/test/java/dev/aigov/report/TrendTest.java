package dev.aigov.report;

import dev.aigov.build.BuildRef;
import dev.aigov.gate.ApprovalRequirement;
import dev.aigov.gate.Decision;
import dev.aigov.gate.Reason;
import dev.aigov.ledger.Events;
import dev.aigov.ledger.Ledger;
import dev.aigov.ledger.LedgerKey;
import dev.aigov.ledger.LedgerVerifier;
import dev.aigov.ledger.TestEvents;
import dev.aigov.provenance.Attribution;
import dev.aigov.provenance.AttributionEvidence;
import dev.aigov.provenance.Commit;
import dev.aigov.provenance.Confidence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TrendTest {
    @TempDir
    Path dir;

    /** A sealed build ledger whose gate reviewed {@code commits} commits, {@code ai} of them AI-attributed. */
    static Path ledger(Path dir, int number, Decision decision, int commits, int ai) {
        Path file = dir.resolve("build-" + number + ".jsonl");
        Ledger ledger = Ledger.open(file, new BuildRef("payments/api", Integer.toString(number), "", "alice"));
        List<Commit> reviewed = new ArrayList<>();
        List<Attribution> attributions = new ArrayList<>();
        for (int i = 0; i < commits; i++) {
            String id = String.format("%040x", number * 100 + i);
            reviewed.add(TestEvents.commit(id, "change " + i));
            attributions.add(i < ai ? new Attribution(id, true, Confidence.HIGH, List.of("claude-code"),
                    List.of(new AttributionEvidence("co-author", "Co-authored-by: Claude", "claude-code")))
                    : Attribution.none(id));
        }
        ledger.append("jenkins", Events.gateEvaluated(reviewed.isEmpty() ? "" : reviewed.get(0).id(), decision,
                reviewed, attributions, List.of()));
        Ledger.seal(file, LedgerKey.loadOrCreate(dir.resolve("ledger.key")), "jenkins");
        return file;
    }

    static Trend trendOfRealLedgers(Path dir, String hostileLabel) {
        Reason why = new Reason("AI_CHANGE", "AI change", List.of(), List.of(), List.of());
        List<Trend.Point> points = new ArrayList<>();
        Object[][] builds = {
                {new Decision.Pass(List.of(why)), 3, 0},
                {new Decision.ApprovalRequired(List.of(why), new ApprovalRequirement(1, List.of(), false)), 4, 2},
                {new Decision.Fail(List.of(why)), 5, 5},
        };
        for (int i = 0; i < builds.length; i++) {
            Path file = ledger(dir, i + 1, (Decision) builds[i][0], (int) builds[i][1], (int) builds[i][2]);
            AuditRecord record = AuditRecord.of(LedgerVerifier.read(file,
                    LedgerKey.loadOrCreate(dir.resolve("ledger.key")).publicKey()));
            String label = i == 2 ? hostileLabel : "#" + (i + 1);
            points.add(Trend.point(label, (i + 1) + "/ai-governance/", record));
        }
        return Trend.of(points, 30);
    }

    @Test
    void theTrendComesFromEachBuildsVerifiedLedger() {
        Trend trend = trendOfRealLedgers(dir, "#3");
        assertThat(trend.points()).extracting(Trend.Point::decision)
                .containsExactly("PASS", "APPROVAL_REQUIRED", "FAIL");
        assertThat(trend.points()).extracting(Trend.Point::aiCommits).containsExactly(0, 2, 5);
        assertThat(trend.points()).extracting(Trend.Point::commits).containsExactly(3, 4, 5);
        assertThat(trend.points()).extracting(Trend.Point::verification).containsOnly("INTACT_SEALED");
        assertThat(Trend.of(trend.points(), 2).points()).extracting(Trend.Point::build).containsExactly("#2", "#3");
    }

    @Test
    void theSvgIsWellFormedWithOneColouredLinkedBarPerBuildAndEscapesEveryValue() throws Exception {
        String svg = TrendSvg.render(trendOfRealLedgers(dir, "#3 <script>alert(1)</script>"));
        var document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(document.getElementsByTagName("rect").getLength()).isEqualTo(3);
        assertThat(document.getElementsByTagName("a").getLength()).isEqualTo(3);
        assertThat(document.getElementsByTagName("script").getLength()).isZero();
        assertThat(svg).contains("fill=\"#2e7d32\"").contains("fill=\"#f9a825\"").contains("fill=\"#c62828\"")
                .contains("&lt;script&gt;").contains("#2: APPROVAL_REQUIRED, 2 AI-attributed of 4 commits, ledger INTACT_SEALED")
                .contains("href=\"2/ai-governance/\"").doesNotContain("style=");
    }

    @Test
    void anEmptyTrendSaysSo() {
        assertThat(TrendSvg.render(Trend.of(List.of(), 10))).contains("No governed builds yet").startsWith("<svg");
    }
}
