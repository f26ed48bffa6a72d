package dev.harmonica.turn;

import java.util.Locale;

/** Which reading of a turn drove the conversation on (journal {@code driven_by}; a resample adds {@code #n}). */
public enum DrivenBy {
    /** The strict parse. */
    STRICT,
    /** The lenient parse (strict failed, or strict read a call worse than lenient). */
    LENIENT,
    /** Nothing: the variant stops at a strict failure. */
    STOPPED,
    /** Nothing: the draw was discarded and another one drawn. */
    RESAMPLED,
    /** Nothing: the turn was not judged. */
    NONE;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The journal text: the name, with {@code #n} for the n-th resample. */
    public String journalText(int sample) {
        return sample > 0 ? jsonName() + "#" + sample : jsonName();
    }
}
