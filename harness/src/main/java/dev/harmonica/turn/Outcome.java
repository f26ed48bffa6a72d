package dev.harmonica.turn;

/**
 * A turn's outcome (docs/journal.md, "A turn's outcome: three kinds, never two"): the journal's {@code outcome}.
 * Only {@link #JUDGED} turns are in any rate; the others are counted beside every rate.
 */
public enum Outcome {
    /** The endpoint returned the model's output (or a harmony format error about it): the parsers judged it. */
    JUDGED("judged"),
    /** The endpoint gave no output after its retry policy gave up; {@code not_judged.cause} says why. */
    NOT_JUDGED("not_judged"),
    /** Harmonica itself failed while judging or executing the turn (a bug). */
    HARNESS_ERROR("harness_error");

    private final String jsonName;

    Outcome(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    /** The outcome a journal spells {@code s}, or null. */
    public static Outcome byName(String s) {
        for (Outcome o : values()) if (o.jsonName.equals(s)) return o;
        return null;
    }
}
