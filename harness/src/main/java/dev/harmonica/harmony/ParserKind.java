package dev.harmonica.harmony;

/** The three parsers run side by side on every model turn. */
public enum ParserKind {
    /** openai/harmony v0.0.8 with {@code strict=true} (what vLLM runs). */
    STRICT("strict"),
    /** openai/harmony v0.0.8 with {@code strict=false} (PR #82). */
    HARMONY_NON_STRICT("harmony_non_strict"),
    /** Harmonica's lenient parser: recovers known faults and records each repair. */
    LENIENT("lenient");

    private final String jsonName;

    ParserKind(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The key used in JSON contracts and journals. */
    public String jsonName() {
        return jsonName;
    }
}
