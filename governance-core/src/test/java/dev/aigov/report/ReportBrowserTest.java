package dev.aigov.report;

import dev.aigov.ledger.LedgerVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.swing.text.MutableAttributeSet;
import javax.swing.text.html.HTML;
import javax.swing.text.html.HTMLEditorKit;
import javax.swing.text.html.parser.ParserDelegator;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's headless chromium loads the report of a ledger full of injection attempts: the rendered DOM has no
 * injected element or handler, and the key facts are visible. Leaves target/report-screenshot.png to look at.
 */
class ReportBrowserTest {

    @TempDir
    Path dir;

    @Test
    void hostileValuesRenderAsTextAndKeyFactsShow() throws Exception {
        HeadlessChromium.requireInstalled();
        AuditRecord record = AuditRecord.of(LedgerVerifier.read(HostileLedger.write(dir), null));
        Path page = Path.of("target", "report-browser.html").toAbsolutePath();
        Files.createDirectories(page.getParent());
        Files.writeString(page, HtmlReport.page(record));

        String dom = HeadlessChromium.run(dir, "--dump-dom", page.toUri().toString());
        Dom parsed = Dom.parse(dom);
        assertThat(parsed.tags).contains("section", "table", "h1").doesNotContain("script", "img", "iframe", "object",
                "embed", "svg");
        assertThat(parsed.attributes).noneMatch(name -> name.toLowerCase().startsWith("on"));
        assertThat(parsed.attributes).doesNotContain("src", "href");
        String text = parsed.text.toString();
        assertThat(text).contains(HostileLedger.SCRIPT + " " + HostileLedger.IMG)   // the commit subject, as text
                .contains("Decision: APPROVAL_REQUIRED").contains("Ledger: INTACT_UNPINNED")
                .contains("NOT REVOKED").contains("deploy-prod").contains("https://deploy.example")
                .contains("OWASP-ASI03").contains("MAESTRO-L4").contains("carol").contains("claude-code")
                .contains("1 credential(s) NOT REVOKED").contains("approver is a commit author");

        Path screenshot = Path.of("target", "report-screenshot.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        HeadlessChromium.run(dir, "--screenshot=" + screenshot, "--window-size=1280,2000", page.toUri().toString());
        assertThat(screenshot).isNotEmptyFile();
        System.out.println("screenshot: " + screenshot);
    }

    @Test
    void theTrendChartRendersInTheBrowserFromRealLedgers() throws Exception {
        HeadlessChromium.requireInstalled();
        String svg = TrendSvg.render(TrendTest.trendOfRealLedgers(dir, "#3 " + HostileLedger.SCRIPT));
        Path page = Path.of("target", "trend-browser.html").toAbsolutePath();
        Files.createDirectories(page.getParent());
        Files.writeString(page, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>trend</title></head><body>"
                + "<h1>Trend</h1>" + svg + "</body></html>");
        String dom = HeadlessChromium.run(dir, "--dump-dom", page.toUri().toString());
        assertThat(dom).contains("<svg").contains("<rect").contains("AI-attributed commits and gate decision per build");
        assertThat(dom.split("<rect", -1).length - 1).isEqualTo(3);
        assertThat(Dom.parse(dom).tags).doesNotContain("script");
        Path screenshot = Path.of("target", "trend-screenshot.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        HeadlessChromium.run(dir, "--screenshot=" + screenshot, "--window-size=800,400", page.toUri().toString());
        assertThat(screenshot).isNotEmptyFile();
    }

    @Test
    void theDomCheckSeesInjectedElementsWhenTheyExist() throws Exception {
        Dom dom = Dom.parse("<html><body><section><p>x</p><img src=x onerror=alert(1)><script>alert(1)</script>"
                + "</section></body></html>");
        assertThat(dom.tags).contains("img", "script", "section");
        assertThat(dom.attributes).contains("onerror", "src");
    }

    /** The serialized DOM, tokenized by the JDK's own HTML parser: every element, attribute name and text. */
    private static final class Dom extends HTMLEditorKit.ParserCallback {
        final List<String> tags = new ArrayList<>();
        final List<String> attributes = new ArrayList<>();
        final StringBuilder text = new StringBuilder();

        static Dom parse(String html) throws IOException {
            Dom dom = new Dom();
            new ParserDelegator().parse(new StringReader(html), dom, true);
            return dom;
        }

        @Override
        public void handleStartTag(HTML.Tag tag, MutableAttributeSet attrs, int pos) {
            element(tag, attrs);
        }

        @Override
        public void handleSimpleTag(HTML.Tag tag, MutableAttributeSet attrs, int pos) {
            element(tag, attrs);
        }

        private void element(HTML.Tag tag, MutableAttributeSet attrs) {
            Object unknownName = attrs.getAttribute(HTML.Attribute.ENDTAG) == null
                    ? attrs.getAttribute(javax.swing.text.StyleConstants.NameAttribute) : null;
            tags.add(tag == HTML.Tag.COMMENT ? "!--" : String.valueOf(unknownName != null ? unknownName : tag));
            for (var names = attrs.getAttributeNames(); names.hasMoreElements(); ) {
                attributes.add(String.valueOf(names.nextElement()));
            }
        }

        @Override
        public void handleText(char[] data, int pos) {
            text.append(data).append(' ');
        }
    }
}
