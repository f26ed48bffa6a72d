package dev.harmonica.report;

import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code trend.csv}: one row per group × run × variant, in group then start-time order. Rates are over judged turns
 * (BFCL: scored entries), each with its 95% interval; untrusted text (run ids, directories, variant and model names)
 * is formula-guarded ({@link Text#csvText}).
 */
final class TrendCsv {
    static final String[] HEADER = {"group", "model", "simulated", "scenario_digest", "scenarios", "run_id", "run_dir",
            "started", "variant", "judged_turns", "not_judged_turns", "harness_errors", "failure_rate",
            "failure_ci_low", "failure_ci_high", "rescue_rate", "rescue_ci_low", "rescue_ci_high",
            "rescued_with_loss_rate", "rescued_with_loss_ci_low", "rescued_with_loss_ci_high", "bfcl_correct",
            "bfcl_scored", "bfcl_not_scored", "bfcl_accuracy", "bfcl_ci_low", "bfcl_ci_high", "swe_scenarios",
            "swe_agreement", "swe_ci_low", "swe_ci_high", "previous_runs", "failure_change_pts", "failure_p",
            "failure_flag", "bfcl_change_pts", "bfcl_p", "bfcl_flag", "test", "intervals"};
    static final String INTERVALS = "95% Wilson score for rates and BFCL accuracy; SWE agreement: percentile bootstrap"
            + " over replays (" + TrendPoint.SWE_REPLICATES + " replicates, fixed seed)";

    private TrendCsv() {
    }

    static void write(Trend.Model m, Path file) throws IOException {
        try (CSVPrinter p = SummaryWriters.csv(file, HEADER)) {
            for (Trend.Group g : m.groups()) {
                for (Trend.Series s : g.series()) {
                    for (Trend.Cell c : s.cells()) if (c != null) p.printRecord(row(g, c));
                }
            }
        }
    }

    private static List<String> row(Trend.Group g, Trend.Cell c) {
        TrendRun r = c.run();
        TrendPoint p = c.point();
        List<String> out = new ArrayList<>(HEADER.length);
        out.add(Integer.toString(g.number()));
        out.add(Text.csvText(g.model()));
        out.add(Boolean.toString(r.simulated()));
        out.add(g.scenarioDigest());
        out.add(Integer.toString(g.scenarios()));
        out.add(Text.csvText(r.runId()));
        out.add(Text.csvText(r.dir().toString()));
        out.add(r.started().toString());
        out.add(Text.csvText(p.variant()));
        out.add(Long.toString(p.judged()));
        out.add(Long.toString(p.notJudged()));
        out.add(Long.toString(p.harnessErrors()));
        boolean any = p.judged() > 0;
        rate(out, any, p.failureRate(), p.failureInterval());
        rate(out, any, p.rescueRate(), p.rescueInterval());
        rate(out, any, p.rescuedWithLossRate(), p.rescuedWithLossInterval());
        out.add(Long.toString(p.bfclCorrect()));
        out.add(Long.toString(p.bfclScored()));
        out.add(Long.toString(p.bfclNotScored()));
        rate(out, p.bfclAccuracy() != null, p.bfclAccuracy() == null ? 0 : p.bfclAccuracy(), p.bfclInterval());
        out.add(Integer.toString(p.sweAgreements().length));
        Stats.Interval swe = p.sweInterval();
        out.add(p.sweAgreement() == null ? "" : Text.rate(p.sweAgreement()));
        out.add(swe == null ? "" : Text.rate(swe.low()));
        out.add(swe == null ? "" : Text.rate(swe.high()));
        out.add(Integer.toString(c.previousRuns()));
        change(out, c.failure(), c.failureFlag());
        change(out, c.bfcl(), c.bfclFlag());
        out.add(ClusteredChange.TEST + ", alpha " + ClusteredChange.ALPHA + ", against the pooled earlier runs of the group");
        out.add(INTERVALS);
        return out;
    }

    private static void rate(List<String> out, boolean any, double rate, Stats.Interval ci) {
        out.add(any ? Text.rate(rate) : "");
        out.add(any ? Text.rate(ci.low()) : "");
        out.add(any ? Text.rate(ci.high()) : "");
    }

    private static void change(List<String> out, ClusteredChange.Result r, Trend.Flag flag) {
        boolean has = r != null && !Double.isNaN(r.difference());
        out.add(has ? Text.num(r.difference() * 100) : "");
        out.add(r != null && r.tested() ? String.format(Locale.ROOT, "%.4g", r.p()) : "");
        out.add(flag.name().toLowerCase(Locale.ROOT));
    }
}
