package dev.harmonica.scenario.swe;

import dev.harmonica.harmony.HarmonyEncoding;

/** Counts tokens of a text (an estimate for context budgeting; the runner's rendering is the exact count). */
@FunctionalInterface
public interface TokenCounter {
    int count(String text);

    /** o200k_harmony via {@link HarmonyEncoding#encodeOrdinary(String)} (special-token text counted as plain text). */
    static TokenCounter harmony() {
        HarmonyEncoding enc = HarmonyEncoding.get();
        return text -> text == null || text.isEmpty() ? 0 : enc.encodeOrdinary(text).length;
    }

    /** A rough, tokenizer-free estimate: one token per 4 UTF-16 chars (for tests and quick sizing). */
    static TokenCounter charsOver4() {
        return text -> text == null ? 0 : (text.length() + 3) / 4;
    }
}
