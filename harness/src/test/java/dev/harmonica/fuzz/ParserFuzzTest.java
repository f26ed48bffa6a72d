package dev.harmonica.fuzz;

import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.HarmonyParser;
import dev.harmonica.harmony.IntList;
import dev.harmonica.harmony.ParseErrorKind;
import dev.harmonica.harmony.ParseOutcome;
import dev.harmonica.harmony.ParserKind;
import dev.harmonica.harmony.parse.HarmonyParsers;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing the strict, harmony-non-strict and lenient parsers (batch, token-by-token and the three-parser analysis)
 * with generated token ids (every special token, reserved and invalid ids, negative ids, header words, any ordinary
 * id) and generated text (special-token strings, header words, controls, lone surrogates). The documented contract
 * ({@link HarmonyParser}): never throw on bad input; a failure is a {@link ParseOutcome} error of a harmony kind
 * (never {@link ParseErrorKind#INTERNAL}, a caught bug). Each try runs under {@link Guard}. Seeds are fixed
 * ({@code DeterministicSeeds}).
 */
class ParserFuzzTest {
    static final int TOKEN_TRIES = 4000;
    static final int TEXT_TRIES = 3000;

    private static final HarmonyEncoding ENC = HarmonyEncoding.get();
    private static final List<String> WORDS = List.of("assistant", "user", "system", "developer", "tool", "analysis",
            "commentary", "final", " to=functions.get_weather", "to=", "functions.x", " json", "<|constrain|>json", " code",
            " ", "\n", "\t", ":", "{\"a\": 1}", "\"", "\\", "=", ".", "\u00e9\u6771\ud83c\udf24", "\u0000", "\u001b[31m",
            "\u202e", "\ufffd", "assistant<|channel|>commentary", "functions.f<|channel|>commentary");
    private static final List<String> SPECIAL_TEXT = List.of("<|start|>", "<|end|>", "<|message|>", "<|channel|>",
            "<|constrain|>", "<|return|>", "<|call|>", "<|endoftext|>", "<|startoftext|>", "<|reserved_200014|>", "<|",
            "|>", "<|start", "<|unknown|>");

    @Provide
    Arbitrary<int[]> tokens() {
        Arbitrary<int[]> special = Arbitraries.integers().between(HarmonyEncoding.FIRST_SPECIAL, 200_018).map(id -> new int[]{id});
        Arbitrary<int[]> reserved = Arbitraries.integers().between(HarmonyEncoding.FIRST_SPECIAL, HarmonyEncoding.LAST_SPECIAL)
                .map(id -> new int[]{id});
        Arbitrary<int[]> ordinary = Arbitraries.integers().between(0, HarmonyEncoding.FIRST_SPECIAL - 1).map(id -> new int[]{id});
        Arbitrary<int[]> invalid = Arbitraries.oneOf(Arbitraries.integers().between(HarmonyEncoding.LAST_SPECIAL + 1, Integer.MAX_VALUE),
                Arbitraries.integers().between(Integer.MIN_VALUE, -1)).map(id -> new int[]{id});
        Arbitrary<int[]> word = Arbitraries.of(WORDS).map(ENC::encodeWithSpecials);
        Arbitrary<int[]> piece = Arbitraries.frequencyOf(Tuple.of(10, special), Tuple.of(10, word), Tuple.of(4, ordinary),
                Tuple.of(2, reserved), Tuple.of(1, invalid));
        return piece.list().ofMaxSize(60).map(ParserFuzzTest::concat);
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> piece = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of(SPECIAL_TEXT)),
                Tuple.of(8, Arbitraries.of(WORDS)),
                Tuple.of(3, Arbitraries.strings().all().ofMaxLength(6)), // any char, lone surrogates included
                Tuple.of(3, Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(8)));
        return piece.list().ofMaxSize(40).map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<String> roles() {
        return Arbitraries.of("assistant", "user", "tool", "none");
    }

    private static int[] concat(List<int[]> pieces) {
        IntList out = new IntList();
        for (int[] p : pieces) out.addAll(p);
        return out.toArray();
    }

    private static String role(String r) {
        return r.equals("none") ? null : r;
    }

    private static void assertDocumented(ParserKind kind, ParseOutcome o, Object input) {
        assertThat(o).as("%s on %s", kind, Guard.describe(input)).isNotNull();
        if (o.isOk()) return;
        assertThat(o.errorKind()).as("%s error %s on %s", kind, o.error(), Guard.describe(input))
                .isNotNull().isNotIn(ParseErrorKind.INTERNAL, ParseErrorKind.EXTERNAL);
        if (kind != ParserKind.LENIENT) assertThat(o.messages()).isEmpty();
    }

    private static List<HarmonyParser> parsers() {
        return List.of(HarmonyParsers.strict(), HarmonyParsers.harmonyNonStrict(), HarmonyParsers.lenient());
    }

    @Property(tries = TOKEN_TRIES)
    void tokenIdsNeverBreakAParser(@ForAll("tokens") int[] tokens, @ForAll("roles") String r) throws Throwable {
        Guard.within(tokens, () -> {
            for (HarmonyParser p : parsers()) {
                assertDocumented(p.kind(), p.parse(tokens, role(r)), tokens);
                HarmonyParser.Stream s = p.stream(role(r));
                for (int t : tokens) s.push(t);
                assertDocumented(p.kind(), s.finish(), tokens);
            }
            assertThat(HarmonyParsers.analyze(tokens, role(r)).failureModes()).isNotNull();
            return null;
        });
    }

    @Property(tries = TEXT_TRIES)
    void textNeverBreaksAParser(@ForAll("texts") String text, @ForAll("roles") String r) throws Throwable {
        Guard.within(text, () -> {
            List<ParseOutcome> outcomes = new ArrayList<>();
            for (HarmonyParser p : parsers()) {
                ParseOutcome o = p.parseText(text, role(r));
                assertDocumented(p.kind(), o, text);
                outcomes.add(o);
            }
            assertThat(HarmonyParsers.analyzeText(text, role(r)).strict()).isEqualTo(outcomes.get(0));
            return null;
        });
    }
}
