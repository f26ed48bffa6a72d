package dev.harmonica.harmony.parse;

import dev.harmonica.harmony.FailureMode;
import dev.harmonica.harmony.ParseOutcome;

import java.util.List;

/**
 * One model turn seen by all three parsers, with its failure modes.
 *
 * @param strict          openai/harmony v0.0.8 strict
 * @param nonStrict       openai/harmony v0.0.8 non-strict
 * @param lenient         Harmonica's lenient parser
 * @param failureModes    stable {@link FailureMode} codes found in this turn's output (format level only; tool-call
 *                        validation against declared tools is added by the runner)
 * @param strictSignature normalised strict error for the census (null when strict parsed)
 */
public record TurnAnalysis(ParseOutcome strict, ParseOutcome nonStrict, ParseOutcome lenient,
                           List<String> failureModes, String strictSignature) {
    public TurnAnalysis {
        failureModes = List.copyOf(failureModes);
    }
}
