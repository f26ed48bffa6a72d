package dev.harmonica.run;

import dev.harmonica.harmony.HarmonyParsers;
import dev.harmonica.harmony.TurnAnalysis;

/** Runs the three parsers on one completions-mode model turn (the prompt ended with {@code <|start|>assistant}). */
@FunctionalInterface
public interface TurnAnalyzer {
    TurnAnalysis analyze(int[] completionTokens);

    static TurnAnalyzer harmony() {
        return tokens -> HarmonyParsers.analyze(tokens, "assistant");
    }
}
