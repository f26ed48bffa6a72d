package dev.harmonica.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Console text never carries terminal controls from model output or datasets ({@link Terminal}). */
class TerminalTest {
    @TempDir
    Path dir;

    /** Hostile strings: ANSI colour and cursor moves, an OSC title and clipboard write, CR overwrite, C1 CSI, bidi. */
    static final String ANSI = "\u001b[31mred\u001b[0m\u001b[2J\u001b[1;1H";
    static final String OSC = "\u001b]0;pwned\u0007\u001b]52;c;ZWNobyBoaQ==\u0007";
    static final String OVERWRITE = "rm -rf /\rls -l    \b\b\b";
    static final String C1 = "\u009b31m8-bit CSI\u0085next";
    static final String BIDI = "access\u202e \u2066// check\u2069 \u2067\u200f\u061c\u2028";

    /** No character a terminal would act on, except tab and newline. */
    static void assertInert(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = (c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7f && c <= 0x9f)
                    || c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e)
                    || (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029;
            assertThat(control).as("U+%04X at %d in %s", (int) c, i, s).isFalse();
        }
    }

    @Test
    void controlsBecomeVisibleEscapes() {
        assertThat(Terminal.safe(ANSI)).isEqualTo("\\x1b[31mred\\x1b[0m\\x1b[2J\\x1b[1;1H");
        assertThat(Terminal.safe(OSC)).isEqualTo("\\x1b]0;pwned\\x07\\x1b]52;c;ZWNobyBoaQ==\\x07");
        assertThat(Terminal.safe(OVERWRITE)).isEqualTo("rm -rf /\\x0dls -l    \\x08\\x08\\x08");
        assertThat(Terminal.safe(C1)).isEqualTo("\\x9b31m8-bit CSI\\x85next");
        assertThat(Terminal.safe(BIDI)).isEqualTo("access\\u202e \\u2066// check\\u2069 \\u2067\\u200f\\u061c\\u2028");
        assertThat(Terminal.safe("\u0000\u007f")).isEqualTo("\\x00\\x7f");
    }

    @Test
    void ordinaryTextIsUntouchedAndLinesAreKeptUnlessOneLineIsAsked() {
        String text = "caf\u00e9 \u6771\u4eac \ud83c\udf24 <|start|>\ttab\nnext\r\nwindows line end";
        assertThat(Terminal.safe(text)).isSameAs(text);
        assertThat(Terminal.safeLine("a\tb\nc\r\nd")).isEqualTo("a\\x09b\\x0ac\\x0d\\x0ad");
        assertThat(Terminal.safe(null)).isNull();
    }

    @Test
    void everyHostileStringIsInert() {
        for (String s : new String[]{ANSI, OSC, OVERWRITE, C1, BIDI}) {
            assertInert(Terminal.safe(s));
            assertInert(Terminal.safeLine(s));
            assertThat(Terminal.safeLine(s)).doesNotContain("\n", "\t");
        }
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void parseHumanOutputNeutralisesModelText() throws Exception {
        Path in = dir.resolve("turn.txt");
        // a hostile role (quoted in the strict error) and hostile content (in the messages)
        Files.writeString(in, "<|start|>" + ANSI + "<|message|>x<|end|><|start|>assistant<|channel|>final<|message|>"
                + OSC + OVERWRITE + C1 + BIDI + "<|return|>", StandardCharsets.UTF_8);
        Run r = run("parse", "--role", "none", in.toString());
        assertThat(r.code()).isZero();
        assertInert(r.out());
        assertThat(r.out()).contains("Unknown role: \\x1b[31mred");
    }

    @Test
    void renderHumanOutputNeutralisesContentButBatchKeepsItExact() throws Exception {
        Path in = dir.resolve("conv.json");
        String content = ANSI + OVERWRITE + BIDI;
        String json = "{\"messages\":[{\"role\":\"user\",\"content\":" + TextNode.valueOf(content) + "}]}";
        Files.writeString(in, json, StandardCharsets.UTF_8);
        Run human = run("render", in.toString());
        assertThat(human.code()).isZero();
        assertInert(human.out());
        assertThat(human.out()).contains("\\x1b[31mred");

        Path batch = dir.resolve("conv.jsonl");
        Files.writeString(batch, "{\"id\":1,\"conversation\":" + json + "}\n", StandardCharsets.UTF_8);
        Run machine = run("render", "--batch", batch.toString());
        assertThat(machine.code()).isZero();
        String text = new ObjectMapper().readTree(machine.out()).get("text").asText();
        assertThat(text).isEqualTo("<|start|>user<|message|>" + content + "<|end|><|start|>assistant");
    }

    @Test
    void badInputMessagesQuotingADatasetAreNeutralised() throws Exception {
        Path in = dir.resolve("conv.json");
        Files.writeString(in, "{\"messages\":[{\"role\":\"\\u001b]0;pwned\\u0007\",\"content\":\"x\"}]}", StandardCharsets.UTF_8);
        Run r = run("render", in.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("unknown role '\\x1b]0;pwned\\x07'");
        assertInert(r.err());
    }

    @Test
    void importWarningsAndErrorsAreNeutralised() throws Exception {
        Path in = dir.resolve("bad\u001b[2J.jsonl");
        Files.writeString(in, "{\"messages\": [{\"role\": \"" + "\\u001b[31m" + "\", \"content\": \"x\"}]}\n", StandardCharsets.UTF_8);
        Run r = run("import", in.toString(), "--format", "messages", "--out", dir.resolve("out.jsonl").toString());
        assertThat(r.err()).contains("\\x1b[2J");
        assertInert(r.err());
    }
}
