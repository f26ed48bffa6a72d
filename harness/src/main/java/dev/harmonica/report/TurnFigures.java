package dev.harmonica.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.turn.Verdict;

import java.util.List;

/**
 * The per-turn figures the echo and log-probability sections read from a {@code "type":"turn"} journal record
 * (docs/journal.md): the turn's {@code outcome} and {@code verdict}, its {@code echo} and its {@code logprobs}
 * forensics. Kept beside {@link TurnRow} (one component there) so the echo / margin code stays in its own classes.
 *
 * @param outcome the journal's outcome; for journals written before the field, derived as docs/journal.md says
 *                ("Older journals"): an endpoint error that is not a format error is {@code not_judged}
 * @param verdict the journal's verdict, or null when absent (older journals: see {@link #verdict(TurnRow)})
 * @param echo    the echo of a completions turn whose conversation went on, or null
 * @param lp      the log-probability forensics of a malformed completion, or null
 */
public record TurnFigures(Outcome outcome, Verdict verdict, EchoCell echo, Lp lp) {

    /** A turn's outcome (docs/journal.md, "A turn's outcome: three kinds, never two"). */
    public enum Outcome {
        JUDGED, NOT_JUDGED, HARNESS_ERROR;

        static Outcome byName(String s) {
            if (s == null) return null;
            return switch (s) {
                case "judged" -> JUDGED;
                case "not_judged" -> NOT_JUDGED;
                case "harness_error" -> HARNESS_ERROR;
                default -> null;
            };
        }
    }

    /**
     * The journal's {@code echo}: token edit distance between what the model emitted and how the variant wrote it back
     * into the next prompt, and which parts of the form differ.
     */
    public record EchoCell(int distance, List<String> differences) {
        public EchoCell {
            differences = List.copyOf(differences);
        }
    }

    /**
     * The journal's {@code logprobs} at the first token where the strict parse fails. Token texts are decoded from the
     * ids on demand ({@link #text(int)}): the aggregating pass skips the journal's {@code text} fields unread.
     *
     * @param bestValid         the most likely alternative that keeps the turn parseable, or null when none in the
     *                          top-k does
     * @param bestValidLogprob  its log-probability, or null
     * @param margin            chosen minus best valid, in nats (the journal's {@code margin}), or null
     * @param alternatives      how many alternatives the server returned there
     */
    public record Lp(int position, int chosen, double chosenLogprob, Integer bestValid, Double bestValidLogprob,
                     Double margin, int alternatives) {
        /** The decoded text of a token id, or {@code "(token N)"} when the id is not one of o200k_harmony's. */
        public static String text(int id) {
            if (id < 0 || !HarmonyEncoding.isValidId(id)) return "(token " + id + ")";
            return HarmonyEncoding.get().decode(new int[]{id});
        }
    }

    static final TurnFigures NONE = new TurnFigures(null, null, null, null);

    /**
     * Reads the figures of one turn record.
     *
     * @param legacyNotJudged for a record without {@code outcome}: whether it has an endpoint error that is not a
     *                        format error (docs/journal.md, "Older journals")
     */
    static TurnFigures from(JsonNode n, boolean legacyNotJudged) {
        Outcome o = Outcome.byName(TurnRow.text(n, "outcome"));
        if (o == null) o = legacyNotJudged ? Outcome.NOT_JUDGED : Outcome.JUDGED;
        return new TurnFigures(o, Verdict.byName(TurnRow.text(n, "verdict")), echo(n.get("echo")), lp(n.get("logprobs")));
    }

    private static EchoCell echo(JsonNode e) {
        if (e == null || !e.isObject() || !e.path("distance").canConvertToInt()) return null;
        return new EchoCell(e.path("distance").asInt(), TurnRow.strings(e.get("differences")));
    }

    private static Lp lp(JsonNode f) {
        if (f == null || !f.isObject() || !f.path("token").isObject()) return null;
        JsonNode tok = f.get("token");
        Integer best = null;
        Double bestLp = null;
        int alts = 0;
        JsonNode as = f.get("alternatives");
        if (as != null && as.isArray()) {
            for (JsonNode a : as) {
                alts++;
                if (best == null && a.path("keeps_parseable").asBoolean(false)) {
                    best = a.path("id").asInt(-1);
                    bestLp = a.path("logprob").asDouble();
                }
            }
        }
        JsonNode m = f.get("margin");
        return new Lp(f.path("position").asInt(-1), tok.path("id").asInt(-1), tok.path("logprob").asDouble(), best,
                bestLp, m != null && m.isNumber() ? m.asDouble() : null, alts);
    }

    /** Whether the turn counts in rates: judged, and not a discarded resample draw. */
    static boolean counted(TurnRow r) {
        return !r.resampled() && r.figures().outcome() == Outcome.JUDGED;
    }

    /**
     * The turn's verdict: the journal's, or for journals written before the field, what the report's strict and
     * lenient readings of the record give ({@link TurnRow#strictFailed()}, {@link TurnRow#lenientFailed()}), with
     * {@code rescued_with_loss} never inferred (docs/journal.md, "Older journals").
     */
    static Verdict verdict(TurnRow r) {
        Verdict v = r.figures().verdict();
        if (v != null) return v;
        if (!r.strictFailed()) return Verdict.OK;
        return r.lenientFailed() ? Verdict.FAILED : Verdict.RESCUED;
    }
}
