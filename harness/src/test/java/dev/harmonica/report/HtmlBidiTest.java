package dev.harmonica.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Untrusted text in index.html (issue 12.6): a right-to-left override or an escape sequence in model output, a
 * scenario id, a tool name or an error message is shown as a visible {@code ⟨U+202E⟩} in a styled span, isolated in a
 * {@code <bdi>}, still escaped; the page keeps its Content-Security-Policy.
 */
class HtmlBidiTest {
    @TempDir
    Path tmp;

    static final String RLO = "\u202E", ESC = "\u001B";

    @Test
    void bidiOverridesAndControlCharactersAreVisibleAndIsolated() throws IOException {
        String id = "scn" + RLO + "txt.exe";
        TestJournal j = new TestJournal("bidi");
        j.judged(id, "v", 1, 0, "failed", n -> {
            n.putObject("raw").put("text", "<|channel|>final<|message|>ok " + RLO + "evil" + ESC + "[2J<b>x</b>")
                    .put("finish_reason", "stop");
            n.put("strict_signature", "Unknown role: fin" + RLO + "al\u2066x\u2069\u200B\uFEFF\u0085");
            n.putObject("strict").put("ok", false).put("error", "Unknown role: fin" + RLO + "al" + ESC);
            n.putArray("tool_calls").addObject().put("name", "ls" + RLO + "x").put("arguments", "{}")
                    .put("valid_name", false);
        });
        j.scenario(id, "v", 1, "completed", null);
        Path run = j.write(tmp.resolve("bidi"), false, "v");
        Reports.writeAll(run);
        String html = Files.readString(run.resolve("index.html"));
        assertThat(html).doesNotContain(RLO).doesNotContain(ESC).doesNotContain("\u2066").doesNotContain("\u200B")
                .doesNotContain("\uFEFF").doesNotContain("\u0085");
        assertThat(html).contains("<span class=\"cc\">⟨U+202E⟩</span>").contains("<span class=\"cc\">⟨U+001B⟩</span>")
                .contains("⟨U+2066⟩").contains("⟨U+2069⟩").contains("⟨U+200B⟩").contains("⟨U+FEFF⟩")
                .contains("⟨U+0085⟩");
        assertThat(html).contains("evil<span class=\"cc\">⟨U+001B⟩</span>[2J&lt;b&gt;x&lt;/b&gt;");
        // every piece of text that carries one is inside a <bdi> (or an attribute, where it is plain text)
        Matcher m = Pattern.compile("⟨U\\+[0-9A-F]{4}⟩").matcher(html);
        int shown = 0;
        while (m.find()) {
            shown++;
            String before = html.substring(0, m.start());
            boolean inBdi = before.lastIndexOf("<bdi>") > before.lastIndexOf("</bdi>");
            boolean inAttr = before.lastIndexOf('"') > before.lastIndexOf('>');
            boolean inTitle = before.lastIndexOf("<title>") > before.lastIndexOf("</title>");
            boolean inSvg = before.lastIndexOf("<svg") > before.lastIndexOf("</svg>");
            assertThat(inBdi || inAttr || inTitle || inSvg).as("isolated: …" + html.substring(Math.max(0,
                    m.start() - 80), m.end())).isTrue();
        }
        assertThat(shown).isGreaterThan(5);
        assertThat(html).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';");
        assertThat(html).contains("unicode-bidi:isolate");
    }

    @Test
    void theEscaperKeepsAsciiPlainAndIsolatesTheRest() {
        assertThat(Text.htmlText("a<b")).isEqualTo("a&lt;b");
        assertThat(Text.htmlText("\u05D0b")).isEqualTo("<bdi>\u05D0b</bdi>");
        assertThat(Text.htmlText("x" + ESC)).isEqualTo("<bdi>x<span class=\"cc\">⟨U+001B⟩</span></bdi>");
        assertThat(Text.html("x" + RLO + "\"")).isEqualTo("x⟨U+202E⟩&quot;");
        assertThat(Text.html("line\nnext\ttab")).isEqualTo("line\nnext\ttab");
    }
}
