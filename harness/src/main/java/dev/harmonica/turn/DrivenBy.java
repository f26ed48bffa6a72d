package dev.harmonica.turn;

/** Which reading of a turn drove the conversation on (journal {@code driven_by}; a resample adds {@code #n}). */
public enum DrivenBy {
    /** The strict parse. */
    STRICT("strict"),
    /** The lenient parse (strict failed, or strict read a call worse than lenient). */
    LENIENT("lenient"),
    /** Nothing: the variant stops at a strict failure. */
    STOPPED("stopped"),
    /** Nothing: the draw was discarded and another one drawn. */
    RESAMPLED("resampled"),
    /** Nothing: the turn was not judged. */
    NONE("none");

    private final String jsonName;

    DrivenBy(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    /** The journal text: the name, with {@code #n} for the n-th resample. */
    public String journalText(int sample) {
        return sample > 0 ? jsonName + "#" + sample : jsonName;
    }
}
