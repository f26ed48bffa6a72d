package dev.harmonica.turn;

/**
 * A judged turn's verdict (docs/journal.md): what a strict consumer got, and what Harmonica's lenient recovery saved.
 */
public enum Verdict {
    /** The strict view has no failure mode: openai/harmony v0.0.8 (as vLLM runs it) reads the turn as meant. */
    OK("ok"),
    /** Strict failed; the lenient view has no failure mode and every repair it used was lossless. */
    RESCUED("rescued"),
    /** Strict failed; the lenient view has no failure mode, but at least one repair dropped or guessed meaning. */
    RESCUED_WITH_LOSS("rescued_with_loss"),
    /** The lenient view still has failure modes. */
    FAILED("failed");

    private final String jsonName;

    Verdict(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    /** A strict consumer would have rejected or misread the turn. */
    public boolean strictFailed() {
        return this != OK;
    }

    /** The turn is broken even after lenient recovery. */
    public boolean lenientFailed() {
        return this == FAILED;
    }

    public static Verdict byName(String s) {
        for (Verdict v : values()) if (v.jsonName.equals(s)) return v;
        return null;
    }
}
