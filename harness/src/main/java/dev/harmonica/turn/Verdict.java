package dev.harmonica.turn;

import java.util.Locale;

/**
 * A judged turn's verdict (docs/journal.md): what a strict consumer got, and what Harmonica's lenient recovery saved.
 */
public enum Verdict {
    /** The strict view has no failure mode: openai/harmony v0.0.8 (as vLLM runs it) reads the turn as meant. */
    OK,
    /** Strict failed; the lenient view has no failure mode and every repair it used was lossless. */
    RESCUED,
    /** Strict failed; the lenient view has no failure mode, but at least one repair dropped or guessed meaning. */
    RESCUED_WITH_LOSS,
    /** The lenient view still has failure modes. */
    FAILED;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A strict consumer would have rejected or misread the turn. */
    public boolean strictFailed() {
        return this != OK;
    }

    /** The turn is broken even after lenient recovery. */
    public boolean lenientFailed() {
        return this == FAILED;
    }

    /**
     * The verdict rule, in one place (docs/journal.md, "A judged turn's verdict"): it is about the harmony form of the
     * turn. {@link JudgedTurn} applies it to a turn it judges; readers of journals written before the {@code verdict}
     * field existed apply it to the fields those journals have.
     *
     * @param strictBroken  the strict parse failed (chat: the server rejected the output, or markup leaked into its
     *                      text) or a tool name carries leaked format text
     * @param lenientParsed the lenient parse succeeded
     * @param anyLossyRepair at least one repair the lenient parse used dropped or guessed meaning
     */
    public static Verdict of(boolean strictBroken, boolean lenientParsed, boolean anyLossyRepair) {
        if (!strictBroken) return OK;
        if (!lenientParsed) return FAILED;
        return anyLossyRepair ? RESCUED_WITH_LOSS : RESCUED;
    }

    public static Verdict byName(String s) {
        for (Verdict v : values()) if (v.jsonName().equals(s)) return v;
        return null;
    }
}
