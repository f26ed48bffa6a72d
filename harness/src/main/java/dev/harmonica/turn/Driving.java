package dev.harmonica.turn;

import java.util.Locale;

/**
 * What a variant does when a turn's strict reading failed. Every driver continues with the STRICT parse when it
 * parsed and reads the tool calls as well as the lenient parse does; when strict parsed but its reading of a call is
 * worse (a tool-level failure the lenient reading does not have, e.g. a leaked {@code <|channel|>} suffix in the tool
 * name), {@code lenient} and {@code resample} continue with the lenient parse (no resample: a server would not have
 * flagged it) and {@code stop} executes the strict reading as written.
 */
public enum Driving {
    /** Continue with the lenient parser's messages (default). */
    LENIENT,
    /** Stop the scenario (status {@code stopped}). */
    STOP,
    /** Draw a new sample (new seed) up to the variant's {@code resamples} times, then continue leniently. */
    RESAMPLE;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Driving byName(String s) {
        for (Driving d : values()) if (d.jsonName().equals(s)) return d;
        return null;
    }
}
