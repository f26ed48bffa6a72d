package dev.harmonica.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the {@link SweFigures} of a run: the {@code swe_replay} object of each variant in summary.json,
 * {@code swe_agreement.csv} and the view model of index.html's "SWE replay agreement" section. Rates are over judged
 * steps only, each with its count of steps not judged beside it.
 */
final class SweReport {
    /** The CSV's columns: one row per variant × format × depth ({@code all}, then each depth bucket with data). */
    static final String[] CSV_HEADER = {"variant", "format", "action_formats", "depth", "steps_judged",
            "steps_not_judged", "agree", "agreement_rate", "agreement_ci_low", "agreement_ci_high", "exact", "equivalent",
            "message_only", "disagree", "disagree_same_target", "disagree_same_program", "disagree_same_tool",
            "disagree_other_tool", "disagree_no_action", "action_format_errors", "harmony_format_errors",
            "harmony_format_errors_unrecovered", "trajectories", "first_divergences", "never_diverged", "censored",
            "median_first_divergence_depth"};
    static final String FILE = "swe_agreement.csv";

    private SweReport() {
    }

    static boolean any(RunData run) {
        return run.variants().stream().anyMatch(v -> !v.swe().isEmpty());
    }

    // ---------------------------------------------------------------- summary.json

    /** Adds {@code swe_replay} to a variant's summary.json object when the variant replayed SWE trajectories. */
    static void putJson(ObjectNode variant, VariantStats v) {
        if (v.swe().isEmpty()) return;
        ObjectNode out = variant.putObject("swe_replay");
        out.put("rates_over", "judged steps");
        ObjectNode formats = out.putObject("formats");
        for (Map.Entry<String, SweFigures.Format> e : v.swe().formats().entrySet()) {
            formatJson(e.getKey().equals(SweFigures.ALL_FORMATS) ? out.putObject("all_formats")
                    : formats.putObject(e.getKey()), e.getValue());
        }
    }

    private static void formatJson(ObjectNode o, SweFigures.Format f) {
        ArrayNode af = o.putArray("action_formats");
        f.actionFormats.forEach(af::add);
        o.put("trajectories", f.trajectories);
        cellJson(o, f.total);
        ObjectNode fd = o.putObject("first_divergence");
        fd.put("diverged", f.diverged());
        fd.put("never_diverged", f.neverDiverged);
        fd.put("censored", f.censored);
        Double median = f.medianFirstDivergence();
        if (median != null) fd.put("median_depth", Text.dec(median));
        ObjectNode dist = fd.putObject("by_depth");
        ArrayNode depth = o.putArray("by_depth");
        for (int i = 0; i < f.depth.length; i++) {
            SweFigures.Cell c = f.depth[i];
            if (c.isEmpty()) continue;
            String label = VariantStats.bucketLabel(VariantStats.DEPTH_BOUNDS, i, false);
            dist.put(label, c.firstDivergences);
            ObjectNode d = depth.addObject();
            d.put("depth", label);
            cellJson(d, c);
            d.put("first_divergences", c.firstDivergences);
        }
    }

    private static void cellJson(ObjectNode o, SweFigures.Cell c) {
        o.put("steps_judged", c.judged);
        o.put("steps_not_judged", c.notJudged);
        ObjectNode a = o.putObject("agreement");
        a.put("agree", c.agree);
        if (c.rate() != null) {
            a.put("rate", Text.dec(c.rate()));
            ArrayNode ci = a.putArray("ci95_wilson");
            ci.add(Text.dec(c.interval().low()));
            ci.add(Text.dec(c.interval().high()));
        }
        a.put("exact", c.exact);
        a.put("equivalent", c.equivalent);
        a.put("message_only", c.message);
        a.put("disagree", c.disagree());
        ObjectNode d = a.putObject("disagree_levels");
        d.put("same_target", c.sameTarget);
        d.put("same_program", c.sameProgram);
        d.put("same_tool", c.sameTool);
        d.put("other_tool", c.otherTool);
        d.put("no_action", c.noAction);
        o.put("action_format_errors", c.actionFormatErrors);
        o.put("harmony_format_errors", c.harmonyFormatErrors);
        o.put("harmony_format_errors_unrecovered", c.harmonyUnrecovered);
    }

    // ---------------------------------------------------------------- swe_agreement.csv

    /** Writes swe_agreement.csv (a header only when the run replayed no SWE trajectory). */
    static void csv(ReportModel m, Path file) throws IOException {
        try (CSVPrinter p = SummaryWriters.csv(file, CSV_HEADER)) {
            for (VariantStats v : m.run().variants()) {
                if (v.swe().isEmpty()) continue;
                for (Map.Entry<String, SweFigures.Format> e : v.swe().formats().entrySet()) {
                    SweFigures.Format f = e.getValue();
                    List<Object> key = List.of(Text.csvText(v.name()), Text.csvText(e.getKey()),
                            Text.csvText(String.join(" ", f.actionFormats)));
                    Double median = f.medianFirstDivergence();
                    p.printRecord(row(key, "all", f.total, List.of(f.trajectories, f.diverged(), f.neverDiverged,
                            f.censored, median == null ? "" : Text.num(median))));
                    for (int i = 0; i < f.depth.length; i++) {
                        SweFigures.Cell c = f.depth[i];
                        if (c.isEmpty()) continue;
                        p.printRecord(row(key, VariantStats.bucketLabel(VariantStats.DEPTH_BOUNDS, i, false), c,
                                List.of("", c.firstDivergences, "", "", "")));
                    }
                }
            }
        }
    }

    private static List<Object> row(List<Object> key, String depth, SweFigures.Cell c, List<Object> tail) {
        List<Object> r = new ArrayList<>(key);
        r.add(depth);
        Double rate = c.rate();
        r.addAll(List.of(c.judged, c.notJudged, c.agree, Text.rate(rate),
                rate == null ? "" : Text.rate(c.interval().low()), rate == null ? "" : Text.rate(c.interval().high()),
                c.exact, c.equivalent, c.message, c.disagree(), c.sameTarget, c.sameProgram, c.sameTool, c.otherTool,
                c.noAction, c.actionFormatErrors, c.harmonyFormatErrors, c.harmonyUnrecovered));
        r.addAll(tail);
        return r;
    }

    // ---------------------------------------------------------------- summary.md

    /**
     * The summary.md section: per variant and source format (then all formats), the agreement over judged steps with
     * its 95% interval, the steps not judged beside it, action-format errors, and the median depth of the first
     * divergence over the trajectories that diverged (never diverged and censored counted beside). Nothing when the run
     * replayed no SWE trajectory.
     */
    static void markdown(RunData run, StringBuilder sb) {
        if (!any(run)) return;
        sb.append("### SWE replay agreement (rates over judged steps; details in ").append(FILE).append(")\n\n");
        sb.append("| variant | source format | trajectories | steps judged | not judged | agreement (95% CI) |")
                .append(" action-format errors | first divergence: median depth (diverged / never / censored) |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (VariantStats v : run.variants()) {
            for (Map.Entry<String, SweFigures.Format> e : v.swe().formats().entrySet()) {
                SweFigures.Format f = e.getValue();
                SweFigures.Cell c = f.total;
                Double rate = c.rate(), median = f.medianFirstDivergence();
                String format = e.getKey().equals(SweFigures.ALL_FORMATS) ? SummaryWriters.mdText(e.getKey())
                        : Text.mdCode(e.getKey());
                sb.append("| ").append(Text.mdCode(v.name())).append(" | ").append(format).append(" | ")
                        .append(f.trajectories).append(" | ").append(c.judged).append(" | ").append(c.notJudged)
                        .append(" | ").append(rate == null ? "no step judged" : Text.pct(rate) + " (" + c.agree + "/"
                                + c.judged + "; " + Text.pct(c.interval().low()) + "–" + Text.pct(c.interval().high()) + ")")
                        .append(" | ").append(c.actionFormatErrors).append(" | ")
                        .append(median == null ? "–" : Text.num(median)).append(" (").append(f.diverged()).append(" / ")
                        .append(f.neverDiverged).append(" / ").append(f.censored).append(") |\n");
            }
        }
        sb.append('\n');
    }

    // ---------------------------------------------------------------- index.html

    /** The view model of the HTML section: one entry per variant that replayed SWE trajectories. */
    static List<Map<String, Object>> html(RunData run) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (VariantStats v : run.variants()) {
            if (v.swe().isEmpty()) continue;
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("name", v.name());
            List<Map<String, Object>> formats = new ArrayList<>();
            for (Map.Entry<String, SweFigures.Format> e : v.swe().formats().entrySet()) {
                Map<String, Object> f = cellView(e.getValue().total);
                SweFigures.Format fm = e.getValue();
                f.put("format", e.getKey());
                f.put("all", e.getKey().equals(SweFigures.ALL_FORMATS));
                f.put("actionFormats", String.join(", ", fm.actionFormats));
                f.put("trajectories", fm.trajectories);
                f.put("diverged", fm.diverged());
                f.put("never", fm.neverDiverged);
                f.put("censored", fm.censored);
                Double median = fm.medianFirstDivergence();
                f.put("median", median == null ? "–" : Text.num(median));
                formats.add(f);
            }
            x.put("formats", formats);
            List<Map<String, Object>> depth = new ArrayList<>();
            SweFigures.Format all = v.swe().all();
            for (int i = 0; i < all.depth.length; i++) {
                if (all.depth[i].isEmpty()) continue;
                Map<String, Object> d = cellView(all.depth[i]);
                d.put("depth", VariantStats.bucketLabel(VariantStats.DEPTH_BOUNDS, i, false));
                d.put("firstDivergences", all.depth[i].firstDivergences);
                depth.add(d);
            }
            x.put("depth", depth);
            out.add(x);
        }
        return out;
    }

    private static Map<String, Object> cellView(SweFigures.Cell c) {
        Map<String, Object> m = new LinkedHashMap<>();
        Double rate = c.rate();
        m.put("judged", c.judged);
        m.put("notJudged", c.notJudged);
        m.put("rate", rate == null ? "no step judged" : Text.pct(rate));
        m.put("ci", rate == null ? "" : Text.pct(c.interval().low()) + "–" + Text.pct(c.interval().high()));
        m.put("agree", c.agree);
        m.put("exact", c.exact);
        m.put("equivalent", c.equivalent);
        m.put("message", c.message);
        m.put("disagree", c.disagree());
        m.put("levels", "same target " + c.sameTarget + " · same program " + c.sameProgram + " · same tool "
                + c.sameTool + " · other tool " + c.otherTool + " · no action " + c.noAction);
        m.put("actionFormatErrors", c.actionFormatErrors);
        m.put("harmonyFormatErrors", c.harmonyFormatErrors);
        m.put("harmonyUnrecovered", c.harmonyUnrecovered);
        return m;
    }
}
