package dev.harmonica.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A run's data plus what is derived from it once: latency percentiles and the A/B comparisons against the baseline. */
public record ReportModel(RunData run, Map<String, Latency> latency, List<Comparison> comparisons) {

    public static ReportModel of(RunData run) {
        Map<String, Latency> lat = new LinkedHashMap<>();
        for (VariantStats v : run.variants()) lat.put(v.name(), Latency.of(v));
        List<Comparison> cmp = new ArrayList<>();
        if (run.variants().size() > 1) {
            String base = run.variants().get(0).name();
            for (int i = 1; i < run.variants().size(); i++) {
                cmp.add(Comparison.inRun(run, base, run.variants().get(i).name()));
            }
        }
        return new ReportModel(run, lat, List.copyOf(cmp));
    }

    public String baseline() {
        return run.variants().isEmpty() ? null : run.variants().get(0).name();
    }

    /**
     * The one-line headline: the first A/B comparison, or the single variant's strict failure rate, then the three
     * outcomes of the run's turns ({@link JudgedLine}); when no turn was judged, no rate at all. Prefixed with
     * {@code [simulated model]} when run.json says the endpoint is the simulator.
     */
    public String headline() {
        String prefix = run.simulated() ? "[simulated model] " : "";
        if (run.variants().isEmpty()) return prefix + run.runId() + ": the journal has no turns";
        JudgedLine all = JudgedLine.of(run.variants());
        if (all.nothingJudged()) return prefix + run.runId() + ": " + all.text();
        List<String> unjudged = new ArrayList<>();
        for (VariantStats v : run.variants()) if (v.judged() == 0) unjudged.add(v.name());
        String main;
        if (!comparisons.isEmpty() && run.variants().get(0).judged() > 0
                && run.variant(comparisons.get(0).variantB()).judged() > 0) {
            Comparison c = comparisons.get(0);
            main = c.headline() + "; rescued with loss " + Comparison.pct(run.variant(c.variantA()).rescuedWithLossRate())
                    + " → " + Comparison.pct(run.variant(c.variantB()).rescuedWithLossRate());
            if (comparisons.size() > 1) main += " (+" + (comparisons.size() - 1) + " more comparison(s) in the report)";
        } else {
            VariantStats v = run.variants().stream().filter(x -> x.judged() > 0).findFirst().orElseThrow();
            main = single(v) + (run.variants().size() == 1 ? "; one variant, no A/B" : "; no A/B");
        }
        StringBuilder sb = new StringBuilder(prefix).append(main).append("; ").append(all.text());
        for (String v : unjudged) sb.append("; ").append(v).append(": no turn judged");
        return sb.toString();
    }

    /** One variant's strict and lenient failure rates over its judged turns (it must have some). */
    private static String single(VariantStats v) {
        Stats.Interval ci = v.strictInterval();
        return v.name() + ": strict failure rate " + Comparison.pct(v.strictRate()) + " (95% CI "
                + Comparison.pct(ci.low()) + "–" + Comparison.pct(ci.high()) + ", n=" + v.judged() + " judged turns, "
                + v.scenarios() + " scenarios); lenient " + Comparison.pct(v.lenientRate()) + "; rescued with loss "
                + Comparison.pct(v.rescuedWithLossRate());
    }
}
