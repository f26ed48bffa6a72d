package dev.harmonica.harmony.parse;

import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.HarmonyParser;
import dev.harmonica.harmony.ParserKind;

/** Factory for the three parsers and the one-call turn analysis. Owned by the parser work. */
public final class HarmonyParsers {
    private HarmonyParsers() {
    }

    private static final HarmonyParser STRICT = StrictParser.strict();
    private static final HarmonyParser NON_STRICT = StrictParser.nonStrict();

    /** openai/harmony v0.0.8 with {@code strict=true}. */
    public static HarmonyParser strict() {
        return STRICT;
    }

    /** openai/harmony v0.0.8 with {@code strict=false} (PR #82). */
    public static HarmonyParser harmonyNonStrict() {
        return NON_STRICT;
    }

    private static final HarmonyParser LENIENT = LenientParser.defaults();

    /** Harmonica's lenient parser with every default-on rule ({@link LenientParser} for other options). */
    public static HarmonyParser lenient() {
        return LENIENT;
    }

    public static HarmonyParser of(ParserKind kind) {
        return switch (kind) {
            case STRICT -> strict();
            case HARMONY_NON_STRICT -> harmonyNonStrict();
            case LENIENT -> lenient();
        };
    }

    /** Runs all three parsers on a model turn and classifies its failure modes. */
    public static TurnAnalysis analyze(int[] tokens, String startRole) {
        return ANALYZER.analyze(tokens, startRole);
    }

    private static final TurnAnalyzer ANALYZER = TurnAnalyzer.defaults();

    /** Same as {@link #analyze(int[], String)} for text output (tokenized with special tokens allowed). */
    public static TurnAnalysis analyzeText(String text, String startRole) {
        return analyze(HarmonyEncoding.get().encodeWithSpecials(text), startRole);
    }
}
