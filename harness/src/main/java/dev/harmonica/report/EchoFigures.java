package dev.harmonica.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.turn.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Echo fidelity per variant (docs/journal.md {@code echo}; docs/reading-figures.md): how far the form in which the
 * variant writes the model's turns back into the history is from what the model emitted, and the failure rate of
 * judged turns by the <b>cumulative echo distance</b> a turn was shown: the sum of the echo distances of its
 * scenario's earlier assistant turns (the distortion present in its prompt; its own echo comes after it).
 *
 * <p>Filled by {@link VariantStats#addTurn} with the turns that drove the conversation (resampled draws never), in
 * journal order, which within one scenario × variant is turn order. A turn counts in a rate when judged; unjudged
 * turns (endpoint errors, harness errors) are counted beside the rate. "Failure" is the strict failure of the
 * verdict (rescued, rescued with loss or failed); the lenient failure ({@code failed}) is shown too.
 */
public final class EchoFigures {
    /** Lower bounds of the cumulative echo distance buckets (tokens). */
    public static final int[] BOUNDS = {0, 1, 8, 16, 32, 64, 128, 256};
    /** The turns.csv columns this class fills, in order. */
    static final String[] CSV_COLUMNS = {"echo_distance", "echo_cumulative", "echo_diff"};
    static final String FAILURE_NOTE = "failure = strict failure (verdict rescued, rescued_with_loss or failed) per "
            + "judged turn; cumulative echo distance = sum of the echo distances (tokens inserted + deleted) of the "
            + "scenario's earlier assistant turns; resampled draws excluded";

    /** One bucket: judged turns, strict failures, lenient failures ({@code failed}), unjudged turns. */
    public record Bucket(String label, int low, Integer high, long judged, long strictFailures, long lenientFailures,
                         long unjudged) {
        public double rate() {
            return VariantStats.rate(strictFailures, judged);
        }

        public Stats.Interval interval() {
            return Stats.wilson(strictFailures, judged);
        }
    }

    private final long[][] buckets = new long[BOUNDS.length][4];
    private final Map<String, Long> differences = new TreeMap<>();
    private final Running running = new Running();
    private long echoTurns, distanceSum, differing, maxCumulative;

    /** Adds a turn that drove the conversation (not a resampled draw). */
    void add(TurnRow r) {
        Running.Step s = running.next(r);
        TurnFigures.EchoCell e = r.figures().echo();
        if (e != null) {
            echoTurns++;
            distanceSum += e.distance();
            if (e.distance() > 0) differing++;
            for (String d : e.differences()) differences.merge(d, 1L, Long::sum);
        }
        if (!s.applies()) return;
        maxCumulative = Math.max(maxCumulative, s.before());
        long[] b = buckets[VariantStats.bucket(BOUNDS, (int) Math.min(Integer.MAX_VALUE, s.before()))];
        if (TurnFigures.counted(r)) {
            Verdict v = TurnFigures.verdict(r);
            b[0]++;
            if (v.strictFailed()) b[1]++;
            if (v.lenientFailed()) b[2]++;
        } else {
            b[3]++;
        }
    }

    /** Whether any turn of the variant has an echo (completions mode); chat modes have none. */
    public boolean available() {
        return echoTurns > 0;
    }

    public long echoTurns() {
        return echoTurns;
    }

    public double meanDistance() {
        return echoTurns == 0 ? 0 : (double) distanceSum / echoTurns;
    }

    /** Turns echoed with a distance above zero. */
    public long differing() {
        return differing;
    }

    /** How often each differing part was seen ({@code recipient_position}, {@code constrain}, …). */
    public Map<String, Long> differences() {
        return Map.copyOf(differences);
    }

    /** The non-empty buckets, lowest first. */
    public List<Bucket> buckets() {
        List<Bucket> out = new ArrayList<>();
        for (int i = 0; i < BOUNDS.length; i++) {
            long[] b = buckets[i];
            if (b[0] == 0 && b[3] == 0) continue;
            out.add(new Bucket(VariantStats.bucketLabel(BOUNDS, i, false), BOUNDS[i],
                    i + 1 < BOUNDS.length ? BOUNDS[i + 1] - 1 : null, b[0], b[1], b[2], b[3]));
        }
        return out;
    }

    /** The variant's {@code echo} object in summary.json. */
    void json(ObjectNode o) {
        o.put("available", available());
        if (!available()) {
            o.put("note", "no echo recorded: chat modes have none, and a completions turn has one only when its "
                    + "conversation went on");
            return;
        }
        o.put("turns_with_echo", echoTurns);
        o.put("turns_echoed_differently", differing);
        o.put("mean_distance", Text.dec(meanDistance()));
        o.put("max_cumulative_distance", maxCumulative);
        ObjectNode d = o.putObject("differences");
        differences.forEach(d::put);
        o.put("definition", FAILURE_NOTE);
        ArrayNode a = o.putArray("failure_rate_by_cumulative_distance");
        for (Bucket b : buckets()) {
            ObjectNode x = a.addObject();
            x.put("bucket", b.label());
            x.put("low", b.low());
            if (b.high() == null) x.putNull("high");
            else x.put("high", b.high());
            x.put("judged_turns", b.judged());
            x.put("unjudged_turns", b.unjudged());
            x.put("strict_failures", b.strictFailures());
            x.put("lenient_failures", b.lenientFailures());
            if (b.judged() > 0) {
                x.put("rate", Text.dec(b.rate()));
                ArrayNode ci = x.putArray("ci95_wilson");
                ci.add(Text.dec(b.interval().low()));
                ci.add(Text.dec(b.interval().high()));
            }
        }
    }

    /**
     * The echo columns of turns.csv for a stream of rows (resampled draws included), in journal order. Blank when the
     * scenario has no echo (chat modes).
     */
    static final class Columns {
        private final Running running = new Running();

        void addTo(List<String> row, TurnRow r) {
            Running.Step s = running.next(r);
            TurnFigures.EchoCell e = r.figures().echo();
            row.add(e == null ? "" : Integer.toString(e.distance()));
            row.add(s.applies() ? Long.toString(s.before()) : "");
            row.add(e == null ? "" : String.join(";", e.differences()));
        }
    }

    /**
     * The cumulative echo distance along one scenario × variant: rows arrive contiguous per scenario × variant
     * ({@link RunAggregator} closes one at a time), so a change of key starts a new sum.
     */
    static final class Running {
        record Step(long before, boolean applies) {
        }

        private String variant, scenario;
        private long sum;
        private boolean seen;

        Step next(TurnRow r) {
            if (!r.scenarioId().equals(scenario) || !r.variant().equals(variant)) {
                scenario = r.scenarioId();
                variant = r.variant();
                sum = 0;
                seen = false;
            }
            TurnFigures.EchoCell e = r.figures().echo();
            Step s = new Step(sum, seen || e != null);
            if (e != null && !r.resampled()) {
                sum += e.distance();
                seen = true;
            }
            return s;
        }
    }
}
