package dev.harmonica.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.turn.Verdict;

import java.util.List;

/**
 * The per-turn figures the echo and log-probability sections read from a {@code "type":"turn"} journal record
 * (docs/journal.md): its {@code echo} and its {@code logprobs} forensics. Kept beside {@link TurnRow} (one
 * component there) so the echo / margin code stays in its own classes.
 *
 * @param echo    the echo of a completions turn whose conversation went on, or null
 * @param lp      the log-probability forensics of a malformed completion, or null
 */
public record TurnFigures(EchoCell echo, Lp lp) {

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

    static final TurnFigures NONE = new TurnFigures(null, null);

    /** Reads the figures of one turn record. */
    static TurnFigures from(JsonNode n) {
        return new TurnFigures(echo(n.get("echo")), lp(n.get("logprobs")));
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
        return !r.resampled() && r.judged();
    }

    /** The turn's verdict (the report's one reading: {@link TurnRow#verdict()}). */
    static Verdict verdict(TurnRow r) {
        return r.verdict();
    }
}
