package dev.harmonica.harmony;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harmonica.harmony.render.OracleFiles;
import dev.harmonica.testing.SharedData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-written o200k pre-tokeniser splits text exactly like the regex {@link HarmonyEncoding} uses, and
 * the piece-wise, memoised {@link HarmonyEncoding#encodeOrdinary} equals jtokkit's regex-based encoding.
 */
class O200kPiecesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The o200k_base split pattern, as in openai/harmony v0.0.8 src/tiktoken_ext/public_encodings.rs and HarmonyEncoding. */
    private static final Pattern O200K = Pattern.compile(String.join("|",
            "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
            "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
            "\\p{N}{1,3}",
            " ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*",
            "\\s*[\\r\\n]+",
            "\\s+(?!\\S)",
            "\\s+"), Pattern.UNICODE_CHARACTER_CLASS);


    static List<String> regexPieces(String s) {
        List<String> out = new ArrayList<>();
        Matcher m = O200K.matcher(s);
        int last = 0;
        while (m.find()) {
            assertThat(m.start()).as("regex skipped text in %s", s).isEqualTo(last);
            out.add(m.group());
            last = m.end();
        }
        assertThat(last).isEqualTo(s.length());
        return out;
    }

    static List<String> scannerPieces(String s) {
        List<String> out = new ArrayList<>();
        int p = 0;
        while (p < s.length()) {
            int e = O200kPieces.next(s, p);
            assertThat(e).isGreaterThan(p);
            out.add(s.substring(p, e));
            p = e;
        }
        return out;
    }

    private static void check(String s) {
        assertThat(scannerPieces(s)).as("pieces of %s", escape(s)).isEqualTo(regexPieces(s));
        assertThat(HarmonyEncoding.get().encodeOrdinary(s)).as("ids of %s", escape(s)).isEqualTo(HarmonyEncoding.get().encodeOrdinaryReference(s));
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp > 0x7e) sb.append(String.format("\\u{%x}", cp));
            else sb.appendCodePoint(cp);
        });
        return sb.toString();
    }

    /** Characters from every class the pattern distinguishes, including the tricky ones. */
    private static final int[] ALPHABET = {
            'a', 'z', 'A', 'Z', 's', 't', 'r', 'e', 'v', 'm', 'l', 'd', 'S', 'T', 'R', 'E', 'L', 'D', '\'', 0x017F, 0x212A,
            '0', '7', 0x0663, 0x2167, 0x00B2, 0x00BD, ' ', ' ', ' ', '\t', '\n', '\r', 0x0B, 0x0C, 0x85, 0xA0, 0x1680,
            0x2000, 0x2028, 0x2029, 0x202F, 0x3000, 0xFEFF, 0x200B, 0x180E, '/', '!', '.', ',', '-', '_', '<', '|', '>',
            '"', '{', '}', 0x0301, 0x0903, 0x20DD, 0x02B0, 0x01C5, 0x00E9, 0x00C9, 0x00DF, 0x4E2D, 0x6771, 0x3042, 0x30A2,
            0x0627, 0x05D0, 0x0E01, 0x1F600, 0x1F324, 0xFE0F, 0x200D, 0x1D400, 0x1D41A, 0x10400, 0x10428, 0x20000,
            0xE000, 0x0378, 0xD800, 0xDC00, 0x00AD, 0x0000, 0x001F, 0x007F, 0x2019, 0x2018, 0x00AB, 0x20AC, 0x0024,
            0x2160, 0x3007, 0x1100, 0x0E3F, 0x00AA, 0x00BA, 0x02C6};

    @Test
    void randomStringsSplitLikeTheRegex() {
        Random rnd = new Random(20261121);
        for (int i = 0; i < 12_000; i++) {
            int len = rnd.nextInt(i % 10 == 0 ? 60 : 14);
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < len; k++) {
                int cp = ALPHABET[rnd.nextInt(ALPHABET.length)];
                if (cp >= 0xD800 && cp <= 0xDFFF) sb.append((char) cp); // lone surrogates too
                else sb.appendCodePoint(cp);
            }
            check(sb.toString());
        }
    }

    @Test
    void wordsContractionsAndWhitespace() {
        for (String s : List.of("", "hello world", "HELLO'S", "Don't", "we'LL", "I'ſ", "they'Re ok", "  x", " \n  y",
                "a\n\n", "\n  ", "x \r\n\t y  ", "1234567", "foo/bar\n/", " !!\n/\n", "ǅungla", "ʰʰA", "é\u0301x",
                "\u0301", "😀😀 a", "東京 café", "<|end|>", "a\u0085b\u00a0c", "$1,234.56", "ABCdef GHI")) {
            check(s);
        }
    }

    @Test
    void realTexts() throws IOException {
        List<Path> files = new ArrayList<>();
        Path testData = SharedData.require("harmony/test_data");
        try (Stream<Path> list = Files.list(testData)) {
            list.filter(p -> p.toString().endsWith(".txt")).forEach(files::add);
        }
        for (Path p : files) check(Files.readString(p, StandardCharsets.UTF_8));
        JsonNode perf = JSON.readTree(SharedData.require("harmony/perf/perf_b_small_completions.json").toFile());
        JsonNode texts = perf.get("texts");
        for (int i = 0; i < texts.size(); i += 40) check(texts.get(i).asText());
        check(Files.readString(SharedData.require("harmony/perf/perf_a_large_completion.json"), StandardCharsets.UTF_8));
    }

    @Test
    void oracleTexts() throws IOException {
        Path oracle = OracleFiles.render();
        Assumptions.assumeTrue(Files.exists(oracle), "no oracle file at " + oracle);
        for (String line : Files.readAllLines(oracle, StandardCharsets.UTF_8)) {
            JsonNode c = JSON.readTree(line);
            check(c.get("expected_text").asText());
        }
    }
}
