package dev.harmonica.report;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Structure and escaping of index.html (no browser needed; {@link ChromiumReportTest} loads it for real). */
class HtmlReportTest {
    @TempDir
    static Path tmp;
    static String html;

    @BeforeAll
    static void build() throws IOException {
        Path run = Fixtures.fixtureRun(tmp);
        Reports.writeAll(run);
        html = Files.readString(run.resolve("index.html"));
    }

    @Test
    void hasEverySection() {
        assertThat(html).startsWith("<!DOCTYPE html>");
        for (String id : new String[]{"id=\"headline\"", "id=\"ab\"", "id=\"modes\"", "id=\"depth\"", "id=\"census\"",
                "id=\"bfcl\"", "id=\"drill\"", "id=\"config\"", "id=\"headline-table\"", "id=\"modes-table\"",
                "id=\"depth-table\"", "id=\"census-table\"", "id=\"drill-sampling\""}) {
            assertThat(html).contains(id);
        }
        assertThat(html).contains("<h3>pr114 vs harmony-v0.0.8</h3>");
        assertThat(html).contains("McNemar exact");
        assertThat(countOf(html, "<svg role=\"img\"")).isGreaterThanOrEqualTo(3);
    }

    @Test
    void statesTheSimulatorProminently() {
        assertThat(html).contains("<div class=\"sim\" id=\"simulated-banner\">⚠ simulated model: numbers show the "
                + "simulator&#39;s fault model, not a real model</div>");
    }

    @Test
    void isSelfContained() {
        assertThat(html).doesNotContainPattern("(?i)<script");
        assertThat(html).doesNotContainPattern("(?i)<link");
        assertThat(html).doesNotContainPattern("(?i)<img");
        assertThat(html).doesNotContainPattern("(?i)<iframe");
        assertThat(html).doesNotContainPattern("(?i)url\\(");
        assertThat(html).doesNotContainPattern("(?i)@import");
        assertThat(html).doesNotContainPattern("(?i)https?://");
        Matcher m = Pattern.compile("(?i)\\s(src|href|srcset|action)\\s*=\\s*\"([^\"]*)\"").matcher(html);
        while (m.find()) assertThat(m.group(2)).as(m.group()).startsWith("#");
        assertThat(html).contains("Content-Security-Policy");
    }

    @Test
    void escapesModelOutputAndDatasetText() {
        // the payloads are present, but only as text
        assertThat(html).contains("&lt;script&gt;document.title&#61;&quot;PWNED&quot;&lt;/script&gt;");
        assertThat(html).contains("&quot;&gt;&lt;img src&#61;x onerror&#61;alert(1)&gt;");
        assertThat(html).contains("xss_&lt;script&gt;document.title&#61;&quot;PWNED-ID&quot;&lt;/script&gt;"); // Text.htmlText
        assertThat(html).contains("&lt;b&gt;bold&lt;/b&gt;");
        assertThat(html).doesNotContain("onerror=");
        assertThat(html).doesNotContain("onload=");
        assertThat(html).doesNotContain("<b>bold</b>");
    }

    @Test
    void highlightsRepairedSpansInTheRawOutput() {
        assertThat(html).contains("<span class=\"rep\" title=\"L2_DUPLICATE_CHANNEL: “&lt;|channel|&gt;commentary"
                + "&lt;|channel|&gt;commentary” → “&lt;|channel|&gt;commentary”\"><sup>1</sup>&lt;|channel|&gt;commentary"
                + "&lt;|channel|&gt;commentary</span>");
        assertThat(html).contains("<span class=\"rep\" title=\"L3_LEFTOVER_RECIPIENT: “ to&#61;functions.bash” → (nothing)\">");
    }

    @Test
    void drillDownStatesItsSampling() {
        assertThat(html).contains("All 5 scenarios.");
        assertThat(html).contains("At most 40 turns per scenario");
    }

    @Test
    void drillDownSamplesDeterministicallyWhenLarge() throws IOException {
        Path run = tmp.resolve("syn");
        SyntheticJournal.write(run, SyntheticJournal.Spec.of(600, 3));
        Reports.Result r = Reports.writeAll(run, new Reports.Options(5));
        String page = Files.readString(r.indexHtml());
        assertThat(page).containsPattern("<b>Sample:</b> 5 of \\d+ scenarios, chosen deterministically");
        assertThat(countOf(page, "<details class=\"scn\"")).isEqualTo(5);
        Reports.writeAll(run, new Reports.Options(5));
        assertThat(Files.readString(r.indexHtml())).isEqualTo(page);
    }

    @Test
    void rawHtmlHighlightingHandlesOverlapsInsertionsAndBadOffsets() {
        var spans = List.of(
                new DrillDown.Span(1, "A", 2, "cd", "X", false),
                new DrillDown.Span(2, "B", 3, "de", "Y", false),      // overlaps 1: listed, not highlighted
                new DrillDown.Span(3, "C", 6, "", "<ins>", false),    // insertion
                new DrillDown.Span(4, "D", 99, "zz", "", false));     // not in the text
        var t = new DrillDown.TurnView(0, 0, 0, 0, 0, "ab<d>efgh", false, 9, null, null, null, null, null, null, null,
                null, null, null, null, spans, List.of(), List.of(), List.of(), null, null, null);
        assertThat(DrillDown.segments("abcdefgh", spans)).hasSize(5); // ab [cd] ef [+ins] gh
        String out = HtmlReport.rawHtml(t);
        assertThat(out).doesNotContain("<d>").doesNotContain("<ins>");
        assertThat(out).contains("&lt;d&gt;");
    }

    private static int countOf(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) n++;
        return n;
    }
}
