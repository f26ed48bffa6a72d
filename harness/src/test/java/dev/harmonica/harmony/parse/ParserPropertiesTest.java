package dev.harmonica.harmony.parse;

import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.HarmonyParser;
import dev.harmonica.harmony.IntList;
import dev.harmonica.harmony.ParseErrorKind;
import dev.harmonica.harmony.ParseOutcome;
import dev.harmonica.harmony.ParserKind;
import dev.harmonica.harmony.Repair;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties over random token sequences, biased toward special tokens and header-like text: strict fails only with
 * one of openai/harmony's own parse errors, lenient never throws or fails, streaming equals batch for all three.
 */
class ParserPropertiesTest {
    private static final Pattern HARMONY_ERRORS = Pattern.compile(
            "Unexpected token \\d+ while expecting start token 200006"
                    + "|Unexpected EOS while waiting for message header to complete"
                    + "|could not decode header"
                    + "|channel marker present but no channel value found in header"
                    + "|message header did not contain a role"
                    + "|Unknown role: (?s).+"
                    + "|unexpected tokens remaining in message header: Some\\(\"(?s).*\"\\)");
    /**
     * harmony non-strict salvages a header ended by a stop token without the strict path's context, so the tokenizer's
     * own two errors show (openai/harmony v0.0.8 src/tiktoken.rs {@code decode_utf8}).
     */
    private static final Pattern NON_STRICT_ONLY_ERRORS = Pattern.compile(
            "Could not decode tokens: Invalid utf-8 sequence: (invalid utf-8 sequence of [123] bytes|incomplete utf-8 byte sequence) from index \\d+"
                    + "|Could not decode tokens: Invalid token error: Invalid token for decoding: \\d+");

    private static final HarmonyEncoding ENC = HarmonyEncoding.get();

    private static final List<String> WORDS = List.of("assistant", "user", "system", "developer", "tool", "analysis",
            "commentary", "final", " to=functions.get_weather", "to=", "functions.x", " json", "json", " code", " ",
            "\n", " \t", ":", "alice", "{\"a\": 1}", "hello world", "commentary?", "\u00a0", "\u2028", "\"", "\\",
            "é東🌤", "=", ".", "bash", "2?", "––");

    @Provide
    Arbitrary<int[]> completions() {
        Arbitrary<int[]> special = Arbitraries.of(HarmonyEncoding.START, HarmonyEncoding.END, HarmonyEncoding.MESSAGE,
                HarmonyEncoding.CHANNEL, HarmonyEncoding.CONSTRAIN, HarmonyEncoding.RETURN, HarmonyEncoding.CALL,
                200014, HarmonyEncoding.END_OF_TEXT).map(id -> new int[]{id});
        Arbitrary<int[]> word = Arbitraries.of(WORDS).map(ENC::encodeOrdinary);
        Arbitrary<int[]> anyOrdinary = Arbitraries.integers().between(0, 199_997).map(id -> new int[]{id});
        Arbitrary<int[]> invalid = Arbitraries.of(201_089, 250_000).map(id -> new int[]{id});
        Arbitrary<int[]> piece = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(10, special), net.jqwik.api.Tuple.of(10, word),
                net.jqwik.api.Tuple.of(3, anyOrdinary), net.jqwik.api.Tuple.of(1, invalid));
        return piece.list().ofMinSize(0).ofMaxSize(40).map(list -> {
            IntList out = new IntList();
            for (int[] p : list) out.addAll(p);
            return out.toArray();
        });
    }

    @Provide
    Arbitrary<String> roles() {
        return Arbitraries.of("assistant", "none");
    }

    private static String role(String r) {
        return r.equals("none") ? null : r;
    }

    @Property(tries = 600)
    void strictFailsOnlyWithHarmonyErrors(@ForAll("completions") int[] tokens, @ForAll("roles") String r) {
        for (HarmonyParser p : List.of(HarmonyParsers.strict(), HarmonyParsers.harmonyNonStrict())) {
            ParseOutcome o = p.parse(tokens, role(r));
            if (!o.isOk()) {
                boolean harmonyError = HARMONY_ERRORS.matcher(o.error()).matches() || (p.kind() == ParserKind.HARMONY_NON_STRICT
                        && NON_STRICT_ONLY_ERRORS.matcher(o.error()).matches());
                assertThat(harmonyError).as(o.error()).isTrue();
                assertThat(o.messages()).isEmpty();
                assertThat(o.errorKind()).as(o.error()).isNotIn(ParseErrorKind.INTERNAL, ParseErrorKind.EXTERNAL, null);
            }
            assertThat(o.repairs()).isEmpty();
        }
    }

    @Property(tries = 600)
    void lenientNeverThrowsNorFails(@ForAll("completions") int[] tokens, @ForAll("roles") String r) {
        ParseOutcome o = HarmonyParsers.lenient().parse(tokens, role(r));
        assertThat(o.error()).isNull();
        int length = TokenText.get().decodeLossy(tokens, 0, tokens.length).length();
        for (Repair rep : o.repairs()) {
            assertThat(rep.offset()).isBetween(0, length);
            assertThat(RepairCode.of(rep.code())).isNotNull();
        }
        ParseOutcome strict = HarmonyParsers.strict().parse(tokens, role(r));
        if (o.repairs().isEmpty()) {
            assertThat(o).as("a lenient parse without repairs is exactly the strict parse").isEqualTo(strict);
        }
    }

    @Property(tries = 300)
    void lenientWithEveryFeatureOffNeverThrows(@ForAll("completions") int[] tokens, @ForAll("roles") String r) {
        ParseOutcome o = new LenientParser(LenientOptions.none()).parse(tokens, role(r));
        ParseOutcome strict = HarmonyParsers.strict().parse(tokens, role(r));
        assertThat(o.error()).isEqualTo(strict.error());
        if (strict.isOk()) assertThat(o.messages()).isEqualTo(strict.messages());
    }

    @Property(tries = 400)
    void streamingEqualsBatch(@ForAll("completions") int[] tokens, @ForAll("roles") String r) {
        for (HarmonyParser p : List.of(HarmonyParsers.strict(), HarmonyParsers.harmonyNonStrict(), HarmonyParsers.lenient())) {
            ParseOutcome batch = p.parse(tokens, role(r));
            HarmonyParser.Stream s = p.stream(role(r));
            for (int t : tokens) s.push(t);
            assertThat(s.finish()).as(p.kind().toString()).isEqualTo(batch);
        }
    }

    @Property(tries = 300)
    void analysisNamesAFailureWheneverStrictFails(@ForAll("completions") int[] tokens, @ForAll("roles") String r) {
        TurnAnalysis a = HarmonyParsers.analyze(tokens, role(r));
        if (!a.strict().isOk()) {
            assertThat(a.failureModes()).isNotEmpty();
            assertThat(a.strictSignature()).isNotNull();
        }
        if (!a.lenient().repairs().isEmpty()) assertThat(a.failureModes()).isNotEmpty();
    }
}
