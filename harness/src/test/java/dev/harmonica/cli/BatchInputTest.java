package dev.harmonica.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harmonica.harmony.Utf8Lines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code render --batch}, {@code parse --batch} and {@code parse --stream} answer every non-blank input line, also
 * one that is not UTF-8 (an {@code input_error} naming the line), and never print a stack trace.
 */
class BatchInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    private static List<JsonNode> lines(String out) throws IOException {
        List<JsonNode> list = new ArrayList<>();
        for (String l : out.split("\n")) if (!l.isBlank()) list.add(JSON.readTree(l));
        return list;
    }

    /** Lines joined by {@code \n}; each line is given as raw bytes. */
    private static byte[] input(byte[]... lines) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] l : lines) {
            b.writeBytes(l);
            b.write('\n');
        }
        return b.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code prefix}, then {@code bad} bytes, then {@code suffix}. */
    private static byte[] spliced(String prefix, byte[] bad, String suffix) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(utf8(prefix));
        b.writeBytes(bad);
        b.writeBytes(utf8(suffix));
        return b.toByteArray();
    }

    private static final byte[] STRAY = {(byte) 0xff, (byte) 0xfe};
    private static final byte[] SURROGATE = {(byte) 0xed, (byte) 0xa0, (byte) 0x80}; // U+D800 encoded: not UTF-8
    private static final byte[] TRUNCATED = {(byte) 0xe6, (byte) 0x9d}; // the first two bytes of a three-byte character

    private static void assertNoStackTrace(Run r) {
        assertThat(r.out() + r.err()).doesNotContain("Exception", "\tat ", "internal error");
    }

    @Test
    void renderBatchAnswersALineThatIsNotUtf8AndGoesOn() throws Exception {
        String ok = "{\"id\":%d,\"conversation\":{\"messages\":[{\"role\":\"user\",\"content\":\"h\u00e9\"}]}}";
        Path in = dir.resolve("render.jsonl");
        Files.write(in, input(utf8(ok.formatted(1)),
                spliced("{\"id\":2,\"conversation\":{\"messages\":[{\"role\":\"user\",\"content\":\"h", STRAY, "i\"}]}}"),
                utf8(""),
                spliced("{\"id\":4,\"conversation\":{\"messages\":[{\"role\":\"user\",\"content\":\"", SURROGATE, "\"}]}}"),
                spliced("{\"id\":5,\"conversation\":{\"messages\":[{\"role\":\"user\",\"content\":\"x", TRUNCATED, ""),
                utf8(ok.formatted(6))));
        Run r = run("render", "--batch", in.toString());
        assertNoStackTrace(r);
        assertThat(r.code()).isZero();
        List<JsonNode> out = lines(r.out());
        assertThat(out).hasSize(5);
        assertThat(out.get(0).get("text").asText()).isEqualTo("<|start|>user<|message|>h\u00e9<|end|><|start|>assistant");
        assertThat(out.get(1).get("input_error").asText()).isEqualTo("line 2: not valid UTF-8 at byte offset 63 (0xFF)");
        assertThat(out.get(1).get("id").isNull()).isTrue();
        assertThat(out.get(2).get("input_error").asText()).startsWith("line 4: not valid UTF-8 at byte offset 62 (0xED)");
        assertThat(out.get(3).get("input_error").asText()).startsWith("line 5: not valid UTF-8 at byte offset 63 (0xE6)");
        assertThat(out.get(4).get("id").asInt()).isEqualTo(6);
        assertThat(r.err()).contains("6 lines: 2 rendered, 0 render errors, 3 input errors");
    }

    @Test
    void parseBatchAnswersALineThatIsNotUtf8AndGoesOn() throws Exception {
        Path in = dir.resolve("parse.jsonl");
        Files.write(in, input(utf8("{\"id\": 1, \"input_text\": \"<|channel|>final<|message|>hi<|return|>\"}"),
                spliced("{\"id\": 2, \"input_text\": \"<|channel|>final<|message|>", STRAY, "<|return|>\"}"),
                utf8("{\"id\": 3, \"input_text\": \"<|channel|>final<|message|>ok<|return|>\"}")));
        Run r = run("parse", "--batch", in.toString());
        assertNoStackTrace(r);
        assertThat(r.code()).isZero();
        List<JsonNode> out = lines(r.out());
        assertThat(out).hasSize(3);
        assertThat(out.get(0).get("strict").has("messages")).isTrue();
        assertThat(out.get(1).get("input_error").asText()).isEqualTo(in + " line 2: not valid UTF-8 at byte offset 52 (0xFF)");
        assertThat(out.get(2).get("id").asInt()).isEqualTo(3);
    }

    @Test
    void parseStreamAnswersALineThatIsNotUtf8AndGoesOn() throws Exception {
        Path in = dir.resolve("stream.jsonl");
        Files.write(in, input(spliced("{\"id\": 1, \"input_text\": \"", SURROGATE, "\"}"),
                utf8("{\"id\": 2, \"input_text\": \"<|channel|>final<|message|>ok<|return|>\"}")));
        Run r = run("parse", "--stream", in.toString());
        assertNoStackTrace(r);
        assertThat(r.code()).isZero();
        List<JsonNode> out = lines(r.out());
        assertThat(out.get(0).get("input_error").asText()).isEqualTo(in + " line 1: not valid UTF-8 at byte offset 25 (0xED)");
        assertThat(out.subList(1, out.size())).allSatisfy(n -> assertThat(n.get("id").asInt()).isEqualTo(2));
        assertThat(out.get(out.size() - 1).get("token").isNull()).isTrue();
    }

    @Test
    void renderOfOneFileThatIsNotUtf8IsBadInputNotACrash() throws Exception {
        Path in = dir.resolve("one.json");
        Files.write(in, spliced("{\"messages\":[{\"role\":\"user\",\"content\":\"", STRAY, "\"}]}"));
        Run r = run("render", in.toString());
        assertNoStackTrace(r);
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains(in + ": not valid JSON", "UTF-8");
    }

    @Test
    void linesEndLikeBufferedReaderAndCountFromOne() throws Exception {
        byte[] bytes = utf8("a\r\nb\rc\n\nd");
        Utf8Lines lines = Utf8Lines.of(new ByteArrayInputStream(bytes));
        List<String> got = new ArrayList<>();
        Utf8Lines.Line l;
        while ((l = lines.next()) != null) got.add(l.number() + ":" + l.text());
        assertThat(got).containsExactly("1:a", "2:b", "3:c", "4:", "5:d");
    }

    @Test
    void aLineSplitAcrossReadBuffersIsDecodedWhole() throws Exception {
        String longLine = "\u00e9".repeat(70_000); // 140,000 bytes: crosses the 64 KiB read buffer, mid-character too
        Utf8Lines lines = Utf8Lines.of(new ByteArrayInputStream(utf8(longLine + "\r\n" + "x")));
        Utf8Lines.Line first = lines.next();
        assertThat(first.isValid()).isTrue();
        assertThat(first.text()).isEqualTo(longLine);
        assertThat(lines.next().text()).isEqualTo("x");
        assertThat(lines.next()).isNull();
    }
}
