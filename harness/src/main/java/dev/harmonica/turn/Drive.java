package dev.harmonica.turn;

/**
 * How the conversation goes on after a judged turn: a pure function of the turn, the variant's {@link Driving} and
 * the draw number (docs/journal.md; README "Driving").
 *
 * @param by      the reading that drives, or why none does
 * @param lenient the lenient reading's messages and calls drive (meaningful for STRICT / LENIENT)
 */
public record Drive(DrivenBy by, boolean lenient) {
    /**
     * @param sample    0 for the first draw, n for the n-th resample
     * @param resamples how many resamples the variant allows
     */
    public static Drive decide(JudgedTurn t, Driving driving, int sample, int resamples) {
        boolean strictParsed = t.output().strictParsed();
        if (strictParsed && (driving == Driving.STOP || !t.strictReadsCallsWorse())) {
            return new Drive(DrivenBy.STRICT, false);
        }
        if (strictParsed) return new Drive(DrivenBy.LENIENT, true); // a server would not have flagged it: no resample
        if (driving == Driving.STOP) return new Drive(DrivenBy.STOPPED, false);
        if (driving == Driving.RESAMPLE && sample < resamples) return new Drive(DrivenBy.RESAMPLED, false);
        return new Drive(DrivenBy.LENIENT, true);
    }

    /** The conversation continues with this turn's messages (not stopped, not a discarded draw). */
    public boolean continues() {
        return by == DrivenBy.STRICT || by == DrivenBy.LENIENT;
    }
}
