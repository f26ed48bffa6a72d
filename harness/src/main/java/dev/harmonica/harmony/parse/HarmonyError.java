package dev.harmonica.harmony.parse;

/**
 * A parse failure of the strict or harmony-non-strict parser. {@link #getMessage()} is openai/harmony v0.0.8's error
 * text byte for byte (e.g. {@code Unknown role: final}); it is used for control flow inside the parsers only and
 * never escapes {@link dev.harmonica.harmony.HarmonyParser} (which reports it as {@code ParseOutcome.error}).
 */
final class HarmonyError extends Exception {
    HarmonyError(String message) {
        super(message, null, false, false);
    }
}
