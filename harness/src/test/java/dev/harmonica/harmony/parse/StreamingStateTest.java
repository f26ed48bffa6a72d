package dev.harmonica.harmony.parse;

import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.IntList;
import dev.harmonica.harmony.ParseErrorKind;
import dev.harmonica.harmony.ParserKind;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The streaming accessors as openai/harmony v0.0.8's {@code StreamableParser} reports them (src/encoding.rs,
 * {@code process_next}, Content state): an incomplete multi-byte character is withheld, not shown as U+FFFD; bytes
 * after an invalid sequence wait for the next token; an invalid token id ends decoding with one U+FFFD.
 */
class StreamingStateTest {
    private static final HarmonyEncoding ENC = HarmonyEncoding.get();

    private static HarmonyStreamParser streamed(int[] tokens) {
        HarmonyStreamParser p = StrictParser.strict().stream("assistant");
        for (int t : tokens) p.push(t);
        return p;
    }

    private static int[] body(int[] content) {
        IntList out = new IntList();
        out.addAll(ENC.encodeWithSpecials("<|channel|>final<|message|>"));
        out.addAll(content);
        return out.toArray();
    }

    @Test
    void aSplitCharacterIsWithheldUntilItsLastByte() {
        int[] emoji = ENC.encodeOrdinary("\uD83C\uDF24"); // 🌤, more than one token
        assertThat(emoji.length).isGreaterThan(1);
        int[] head = body(new int[0]);
        HarmonyStreamParser p = streamed(head);
        for (int i = 0; i < emoji.length - 1; i++) {
            p.push(emoji[i]);
            assertThat(p.lastContentDelta()).isNull();
            assertThat(p.currentContent()).isEmpty();
        }
        p.push(emoji[emoji.length - 1]);
        assertThat(p.lastContentDelta()).isEqualTo("\uD83C\uDF24");
        assertThat(p.currentContent()).isEqualTo("\uD83C\uDF24");
        p.push(HarmonyEncoding.RETURN);
        assertThat(p.lastContentDelta()).isNull();
        assertThat(p.messages().get(0).text()).isEqualTo("\uD83C\uDF24");
    }

    @Test
    void anInvalidTokenIdEndsDecodingWithOneReplacementCharacter() {
        int a = ENC.encodeOrdinary("a")[0], b = ENC.encodeOrdinary("b")[0];
        HarmonyStreamParser p = streamed(body(new int[]{a, 999_999, b}));
        assertThat(p.currentContent()).isEqualTo("a");
        assertThat(p.lastContentDelta()).isNull();
        p.push(HarmonyEncoding.END);
        assertThat(p.messages().get(0).text()).isEqualTo("a\uFFFD");
        assertThat(StrictParser.strict().parse(body(new int[]{a, 999_999, b, HarmonyEncoding.END}), "assistant")
                .messages().get(0).text()).isEqualTo("a\uFFFD");
    }

    @Test
    void stateJsonFollowsTheState() {
        HarmonyStreamParser p = StrictParser.strict().stream("assistant");
        p.push(HarmonyEncoding.CHANNEL);
        assertThat(p.stateJson().toString()).isEqualTo("{\"state\":\"Header\",\"header_tokens\":[200005]}");
        for (int t : ENC.encodeWithSpecials("final<|message|>Hi")) p.push(t);
        assertThat(p.stateJson().toString()).isEqualTo("{\"state\":\"Content\",\"header\":{\"author\":{\"role\":\"assistant\"},"
                + "\"recipient\":null,\"channel\":\"final\",\"content_type\":null},\"content_tokens\":[12194]}");
        p.push(HarmonyEncoding.RETURN);
        assertThat(p.stateJson().toString()).isEqualTo("{\"state\":\"ExpectStart\"}");
    }

    @Test
    void aHeaderErrorLeavesHarmonysStateBehind() {
        HarmonyStreamParser p = new HarmonyStreamParser(ParserKind.STRICT, LenientOptions.none(), null);
        for (int t : ENC.encodeWithSpecials("<|start|>robot<|message|>x")) p.push(t);
        assertThat(p.error()).isEqualTo("Unknown role: robot");
        assertThat(p.errorKind()).isEqualTo(ParseErrorKind.UNKNOWN_ROLE);
        assertThat(p.stateJson().toString()).isEqualTo("{\"state\":\"ExpectStart\"}");
    }

    /**
     * Invalid UTF-8 in a body is replaced as Rust's {@code from_utf8_lossy} does (one U+FFFD per maximal invalid
     * subpart), also where the JDK's decoder replaces differently ({@code ED A8}: an encoded surrogate).
     */
    @Test
    void bodiesAreReplacedTheRustWay() {
        int ed = singleByteToken(0xED), a8 = singleByteToken(0xA8), w = ENC.encodeOrdinary("w")[0];
        int[] tokens = body(new int[]{ed, a8, w, HarmonyEncoding.END});
        assertThat(StrictParser.strict().parse(tokens, "assistant").messages().get(0).text()).isEqualTo("\uFFFD\uFFFDw");
        HarmonyStreamParser p = streamed(tokens);
        assertThat(p.messages().get(0).text()).isEqualTo("\uFFFD\uFFFDw");
    }

    private static int singleByteToken(int b) {
        TokenText t = TokenText.get();
        for (int id = 0; id < HarmonyEncoding.FIRST_SPECIAL; id++) {
            if (t.byteLength(id) != 1) continue;
            TokenText.Buf buf = new TokenText.Buf();
            t.appendToken(id, buf);
            if ((buf.data[0] & 0xFF) == b) return id;
        }
        throw new AssertionError("no single-byte token for " + b);
    }

    /** RustUtf8.lossy against an independent reading of the rule on random bytes: valid runs kept, errors counted. */
    @Test
    void rustLossyKeepsValidTextAndReplacesEachError() {
        Random rnd = new Random(7);
        byte[] pool = {(byte) 0x41, (byte) 0x80, (byte) 0xBF, (byte) 0xC2, (byte) 0xC0, (byte) 0xE0, (byte) 0xA0,
                (byte) 0xED, (byte) 0x9F, (byte) 0xA0, (byte) 0xF0, (byte) 0x90, (byte) 0xF4, (byte) 0x8F, (byte) 0xF5,
                (byte) 0xFF, (byte) 0xE2, (byte) 0x82, (byte) 0xAC};
        for (int n = 0; n < 20_000; n++) {
            byte[] b = new byte[rnd.nextInt(9)];
            for (int i = 0; i < b.length; i++) b[i] = rnd.nextBoolean() ? pool[rnd.nextInt(pool.length)] : (byte) rnd.nextInt(256);
            String lossy = RustUtf8.lossy(b, 0, b.length);
            if (RustUtf8.check(b, 0, b.length) == null) {
                assertThat(lossy).isEqualTo(new String(b, StandardCharsets.UTF_8));
            } else {
                assertThat(lossy).contains("\uFFFD");
                // the JDK agrees wherever no encoded surrogate (ED A0..BF) is involved
                if (!hasSurrogatePrefix(b)) assertThat(lossy).isEqualTo(new String(b, StandardCharsets.UTF_8));
            }
        }
    }

    private static boolean hasSurrogatePrefix(byte[] b) {
        for (int i = 0; i + 1 < b.length; i++) if ((b[i] & 0xFF) == 0xED && (b[i + 1] & 0xFF) >= 0xA0) return true;
        return false;
    }

    @Test
    void rustUtf8ErrorTexts() {
        assertThat(RustUtf8.check(new byte[]{'a', (byte) 0xE2, (byte) 0x82}, 0, 3).display())
                .isEqualTo("incomplete utf-8 byte sequence from index 1");
        assertThat(RustUtf8.check(new byte[]{(byte) 0xE0, (byte) 0x80}, 0, 2).display())
                .isEqualTo("invalid utf-8 sequence of 1 bytes from index 0");
        assertThat(RustUtf8.check(new byte[]{(byte) 0xF0, (byte) 0x90, 'x'}, 0, 3).display())
                .isEqualTo("invalid utf-8 sequence of 2 bytes from index 0");
        assertThat(RustUtf8.check("é".getBytes(StandardCharsets.UTF_8), 0, 2)).isNull();
    }

    @Test
    void nonStrictSalvageOfAnUndecodableHeaderGivesTheTokenizersError() {
        int fragment = 9552; // " " plus the first two bytes of a three-byte character
        assertThat(HarmonyParsers.harmonyNonStrict().parse(new int[]{fragment, HarmonyEncoding.END}, "assistant").error())
                .isEqualTo("Could not decode tokens: Invalid utf-8 sequence: incomplete utf-8 byte sequence from index 1");
        assertThat(HarmonyParsers.harmonyNonStrict().parse(new int[]{fragment, 300_000, HarmonyEncoding.END}, "assistant").error())
                .isEqualTo("Could not decode tokens: Invalid token error: Invalid token for decoding: 300000");
        assertThat(HarmonyParsers.strict().parse(new int[]{fragment, HarmonyEncoding.MESSAGE}, "assistant").errorKind())
                .isEqualTo(ParseErrorKind.UNDECODABLE_HEADER);
    }
}
