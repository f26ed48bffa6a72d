package dev.harmonica.turn;

import dev.harmonica.harmony.parse.HarmonyParsers;
import dev.harmonica.harmony.parse.TurnAnalysis;

/** Runs the three parsers on one completions-mode model turn (the prompt ended with {@code <|start|>assistant}). */
@FunctionalInterface
public interface TurnAnalyzer {
    TurnAnalysis analyze(int[] completionTokens);

    static TurnAnalyzer harmony() {
        return tokens -> HarmonyParsers.analyze(tokens, "assistant");
    }
}
