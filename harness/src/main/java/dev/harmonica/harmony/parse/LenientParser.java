package dev.harmonica.harmony.parse;

import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.HarmonyParser;
import dev.harmonica.harmony.ParseOutcome;
import dev.harmonica.harmony.ParserKind;

/**
 * Harmonica's LENIENT parser: the strict engine ({@link HarmonyStreamParser}) with the recovery rules of
 * docs/repairs.md switched on at its decision points, each switchable ({@link LenientFeature}) and each recorded
 * as a {@link dev.harmonica.harmony.Repair}. Never throws on any input; immutable and thread-safe.
 */
public final class LenientParser implements HarmonyParser {
    private final LenientOptions options;

    public LenientParser(LenientOptions options) {
        this.options = options;
    }

    /** Every default-on rule. */
    public static LenientParser defaults() {
        return new LenientParser(LenientOptions.defaults());
    }

    public LenientOptions options() {
        return options;
    }

    @Override
    public ParserKind kind() {
        return ParserKind.LENIENT;
    }

    @Override
    public ParseOutcome parse(int[] tokens, String startRole) {
        return parseDetailed(tokens, startRole).finish();
    }

    /** Parses and returns the finished stream (for its failure modes). */
    public HarmonyStreamParser parseDetailed(int[] tokens, String startRole) {
        return HarmonyStreamParser.runAll(tokens, startRole, ParserKind.LENIENT, options);
    }

    @Override
    public ParseOutcome parseText(String text, String startRole) {
        return parse(HarmonyEncoding.get().encodeWithSpecials(text), startRole);
    }

    @Override
    public HarmonyStreamParser stream(String startRole) {
        return new HarmonyStreamParser(ParserKind.LENIENT, options, startRole);
    }
}
