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
     * The one-line headline: the first A/B comparison, or the single variant's strict failure rate. Prefixed with
     * {@code [simulated]} when run.json says the endpoint is the simulator.
     */
    public String headline() {
        String prefix = run.simulated() ? "[simulated model] " : "";
        if (run.variants().isEmpty()) return prefix + run.runId() + ": the journal has no turns";
        if (!comparisons.isEmpty()) {
            String h = comparisons.get(0).headline();
            if (comparisons.size() > 1) h += " (+" + (comparisons.size() - 1) + " more comparison(s) in the report)";
            return prefix + h;
        }
        VariantStats v = run.variants().get(0);
        Stats.Interval ci = v.strictInterval();
        return prefix + v.name() + ": strict failure rate " + Comparison.pct(v.strictRate()) + " (95% CI "
                + Comparison.pct(ci.low()) + "–" + Comparison.pct(ci.high()) + ", n=" + v.evaluable() + " turns, "
                + v.scenarios() + " scenarios); lenient " + Comparison.pct(v.lenientRate())
                + "; one variant, no A/B";
    }
}
