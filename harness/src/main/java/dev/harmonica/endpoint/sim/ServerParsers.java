package dev.harmonica.endpoint.sim;

import dev.harmonica.harmony.HarmonyParser;
import dev.harmonica.harmony.HarmonyParsers;

/**
 * The parsers the simulator runs on its own output when it plays a server: the project's
 * {@link HarmonyParsers#strict()} / {@link HarmonyParsers#lenient()} when they are implemented, else a stand-in
 * (strict: {@link FallbackStrictParser}; lenient: none, see {@link #lenientOrNull()}).
 */
final class ServerParsers {
    private static final HarmonyParser STRICT = pickStrict();
    private static final HarmonyParser LENIENT = pickLenient();

    private ServerParsers() {
    }

    static HarmonyParser strict() {
        return STRICT;
    }

    /** The lenient parser, or null while it is not implemented. */
    static HarmonyParser lenientOrNull() {
        return LENIENT;
    }

    /** Whether the real strict parser is in use (false: the stand-in). */
    static boolean usingProjectStrictParser() {
        return !(STRICT instanceof FallbackStrictParser);
    }

    private static HarmonyParser pickStrict() {
        try {
            HarmonyParser p = HarmonyParsers.strict();
            p.parseText("<|channel|>final<|message|>ok<|return|>", "assistant");
            return p;
        } catch (UnsupportedOperationException e) {
            return new FallbackStrictParser();
        }
    }

    private static HarmonyParser pickLenient() {
        try {
            HarmonyParser p = HarmonyParsers.lenient();
            p.parseText("<|channel|>final<|message|>ok<|return|>", "assistant");
            return p;
        } catch (UnsupportedOperationException e) {
            return null;
        }
    }
}
