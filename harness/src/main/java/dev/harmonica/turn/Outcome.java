package dev.harmonica.turn;

import java.util.Locale;

/**
 * A turn's outcome (docs/journal.md, "A turn's outcome: three kinds, never two"): the journal's {@code outcome}.
 * Only {@link #JUDGED} turns are in any rate; the others are counted beside every rate.
 */
public enum Outcome {
    /** The endpoint returned the model's output (or a harmony format error about it): the parsers judged it. */
    JUDGED,
    /** The endpoint gave no output after its retry policy gave up; {@code not_judged.cause} says why. */
    NOT_JUDGED,
    /** Harmonica itself failed while judging or executing the turn (a bug). */
    HARNESS_ERROR;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The outcome a journal spells {@code s}, or null. */
    public static Outcome byName(String s) {
        for (Outcome o : values()) if (o.jsonName().equals(s)) return o;
        return null;
    }
}
