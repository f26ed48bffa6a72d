package dev.harmonica.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Log-probability margins per variant and failure mode (docs/journal.md {@code logprobs}; docs/reading-figures.md):
 * for each judged turn whose completion the strict parser rejected at a token, and whose endpoint returned
 * log-probabilities there, the margin (nats) between the token the model chose and the most likely alternative in
 * the server's top-k that would have kept the turn parseable. A small margin means "malformed by a hair" (a nudge in
 * sampling would have kept it valid); a large one "confidently malformed".
 *
 * <p>A turn is counted under each format-level mode of its strict view ({@code strict_failure_modes}; the
 * {@code failure_modes} of older journals), or {@code (unclassified)}; and once under {@link #ALL}. Turns where no
 * alternative in the top-k keeps the turn parseable have no margin: they are counted apart ("no valid alternative"),
 * never as 0 or infinity. Quartiles: linear interpolation between order statistics (type 7, numpy's default).
 */
public final class MarginFigures {
    /** Below this margin (nats) a turn was malformed "by a hair": the chosen token was at most e^0.5 ≈ 1.65 times as likely. */
    public static final double BY_A_HAIR_NATS = 0.5;
    /** Drill-down examples kept per mode: the smallest margins (then turns without a valid alternative). */
    static final int EXAMPLES = 3;
    static final String ALL = "(all modes)";
    static final String UNCLASSIFIED = "(unclassified)";
    /** The turns.csv columns this class fills, in order. */
    static final String[] CSV_COLUMNS = {"lp_position", "lp_margin", "lp_chosen", "lp_chosen_logprob", "lp_best_valid",
            "lp_best_valid_logprob"};

    /** One malformed turn shown in the drill-down. */
    public record Example(String scenarioId, int turn, int step, int depth, TurnFigures.Lp lp) {
        static final Comparator<Example> ORDER = Comparator
                .comparing((Example e) -> e.lp().margin() == null ? Double.POSITIVE_INFINITY : e.lp().margin())
                .thenComparing(Example::scenarioId).thenComparingInt(Example::turn).thenComparingInt(Example::step);
    }

    /** The distribution of one mode's margins. Quartiles are NaN when no turn has a margin. */
    public record Summary(String mode, long turns, long withMargin, long noValidAlternative, double min, double q1,
                          double median, double q3, double max, long byAHair, List<Example> examples,
                          double[] margins) {
        /** Share of the turns with a margin that are below {@link #BY_A_HAIR_NATS}. */
        public double byAHairShare() {
            return VariantStats.rate(byAHair, withMargin);
        }
    }

    private static final class Dist {
        double[] margins = new double[16];
        int n;
        long turns, noValid;
        final TreeSet<Example> examples = new TreeSet<>(Example.ORDER);

        void add(Example e) {
            turns++;
            Double m = e.lp().margin();
            if (m == null) {
                noValid++;
            } else {
                if (n == margins.length) margins = Arrays.copyOf(margins, n * 2);
                margins[n++] = m;
            }
            examples.add(e);
            if (examples.size() > EXAMPLES) examples.pollLast();
        }

        Summary summary(String mode) {
            double[] s = Arrays.copyOf(margins, n);
            Arrays.sort(s);
            long hair = 0;
            for (double m : s) if (m < BY_A_HAIR_NATS) hair++;
            return new Summary(mode, turns, n, noValid, n == 0 ? Double.NaN : s[0], Stats.quantileSorted(s, 0.25),
                    Stats.quantileSorted(s, 0.5), Stats.quantileSorted(s, 0.75), n == 0 ? Double.NaN : s[n - 1],
                    hair, List.copyOf(examples), s);
        }
    }

    private final Map<String, Dist> modes = new TreeMap<>();
    private final Dist all = new Dist();

    /** Adds a turn that drove the conversation (not a resampled draw); only judged turns with forensics count. */
    void add(TurnRow r) {
        TurnFigures.Lp lp = r.figures().lp();
        if (lp == null || !TurnFigures.counted(r)) return;
        Example e = new Example(r.scenarioId(), r.turn(), r.step(), r.depth(), lp);
        all.add(e);
        for (String m : formatModes(r)) modes.computeIfAbsent(m, k -> new Dist()).add(e);
    }

    private static List<String> formatModes(TurnRow r) {
        List<String> src = r.strictFailureModes() != null ? r.strictFailureModes() : r.failureModes();
        List<String> out = new ArrayList<>();
        for (String m : src) if (!TurnRow.isToolLevel(m) && !out.contains(m)) out.add(m);
        if (out.isEmpty()) out.add(UNCLASSIFIED);
        return out;
    }

    /** Whether any judged turn of the variant carries log-probability forensics. */
    public boolean available() {
        return all.turns > 0;
    }

    /** Per mode (then {@link #ALL}), the distribution of margins. */
    public Map<String, Summary> summaries() {
        Map<String, Summary> out = new LinkedHashMap<>();
        modes.forEach((k, d) -> out.put(k, d.summary(k)));
        if (available()) out.put(ALL, all.summary(ALL));
        return out;
    }

    /** The variant's {@code logprob_margins} object in summary.json. */
    void json(ObjectNode o) {
        o.put("available", available());
        if (!available()) {
            o.put("note", "no log-probability forensics: they need completions mode with sampling.logprobs, an "
                    + "endpoint that returns log-probabilities, and a turn the strict parser rejected at a token");
            return;
        }
        o.put("unit", "nats: log-probability of the chosen token minus that of the most likely top-k alternative that "
                + "keeps the turn parseable");
        o.put("by_a_hair_below_nats", BY_A_HAIR_NATS);
        o.put("quartiles", "linear interpolation (type 7)");
        ObjectNode per = o.putObject("per_failure_mode");
        for (Summary s : summaries().values()) {
            ObjectNode x = per.putObject(s.mode());
            x.put("turns", s.turns());
            x.put("with_margin", s.withMargin());
            x.put("no_valid_alternative", s.noValidAlternative());
            if (s.withMargin() > 0) {
                x.put("min", Text.dec(s.min()));
                x.put("q1", Text.dec(s.q1()));
                x.put("median", Text.dec(s.median()));
                x.put("q3", Text.dec(s.q3()));
                x.put("max", Text.dec(s.max()));
                x.put("by_a_hair", s.byAHair());
                x.put("by_a_hair_share", Text.dec(s.byAHairShare()));
            }
            ArrayNode ex = x.putArray("examples");
            for (Example e : s.examples()) {
                ObjectNode y = ex.addObject();
                y.put("scenario_id", e.scenarioId());
                y.put("turn", e.turn());
                y.put("step", e.step());
                y.put("position", e.lp().position());
                y.put("chosen", TurnFigures.Lp.text(e.lp().chosen()));
                y.put("chosen_logprob", Text.dec(e.lp().chosenLogprob()));
                if (e.lp().bestValid() != null) {
                    y.put("best_valid", TurnFigures.Lp.text(e.lp().bestValid()));
                    y.put("best_valid_logprob", Text.dec(e.lp().bestValidLogprob()));
                }
                if (e.lp().margin() != null) y.put("margin", Text.dec(e.lp().margin()));
            }
        }
    }

    /** The logprob columns of turns.csv; token texts as JSON strings, formula-guarded. Blank without forensics. */
    static void addTo(List<String> row, TurnRow r) {
        TurnFigures.Lp lp = r.figures().lp();
        if (lp == null) {
            for (int i = 0; i < CSV_COLUMNS.length; i++) row.add("");
            return;
        }
        row.add(Integer.toString(lp.position()));
        row.add(lp.margin() == null ? "" : Text.dec(lp.margin()).toPlainString());
        row.add(Text.csvText(TurnsCsv.jsonString(TurnFigures.Lp.text(lp.chosen()))));
        row.add(Text.dec(lp.chosenLogprob()).toPlainString());
        row.add(lp.bestValid() == null ? "" : Text.csvText(TurnsCsv.jsonString(TurnFigures.Lp.text(lp.bestValid()))));
        row.add(lp.bestValidLogprob() == null ? "" : Text.dec(lp.bestValidLogprob()).toPlainString());
    }
}
