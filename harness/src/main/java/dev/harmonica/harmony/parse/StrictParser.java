package dev.harmonica.harmony.parse;

import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.HarmonyParser;
import dev.harmonica.harmony.ParseOutcome;
import dev.harmonica.harmony.ParserKind;

/**
 * openai/harmony v0.0.8 {@code parse_messages_from_completion_tokens_with_options}: {@code strict=true} (what vLLM
 * runs) or {@code strict=false} (harmony's own non-strict mode, PR #82). On failure the outcome holds only the error,
 * as harmony returns it; {@link #parseDetailed} also gives the messages completed before the error.
 */
public final class StrictParser implements HarmonyParser {
    private final boolean strict;

    private StrictParser(boolean strict) {
        this.strict = strict;
    }

    public static StrictParser strict() {
        return new StrictParser(true);
    }

    public static StrictParser nonStrict() {
        return new StrictParser(false);
    }

    @Override
    public ParserKind kind() {
        return strict ? ParserKind.STRICT : ParserKind.HARMONY_NON_STRICT;
    }

    @Override
    public ParseOutcome parse(int[] tokens, String startRole) {
        return parseDetailed(tokens, startRole).finish();
    }

    @Override
    public ParseOutcome parseText(String text, String startRole) {
        return parse(HarmonyEncoding.get().encodeWithSpecials(text), startRole);
    }

    /** Parses and returns the finished parser, whose {@code messages()} are those completed before any error. */
    public HarmonyStreamParser parseDetailed(int[] tokens, String startRole) {
        return HarmonyStreamParser.runAll(tokens, startRole, kind(), LenientOptions.none());
    }

    @Override
    public HarmonyStreamParser stream(String startRole) {
        return new HarmonyStreamParser(startRole, strict);
    }
}
