package dev.harmonica.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.report.stats.LogRank;
import dev.harmonica.report.stats.MantelHaenszel;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Every rendering of a {@link Comparison}: summary.json, comparison.csv, summary.md, index.html and comparison.html. */
final class ComparisonWriters {
    private ComparisonWriters() {
    }

    static List<Comparison.Metric> metrics(Comparison c) {
        List<Comparison.Metric> l = new ArrayList<>(List.of(c.strict(), c.nonStrict(), c.lenient()));
        if (c.bfcl() != null) l.add(c.bfcl());
        return l;
    }

    static final String LEGEND = "Scenarios are paired by scenario id; a scenario with a turn the endpoint did not"
            + " answer, on either side, is left out. For a failure rate the difference is the mean over paired"
            + " scenarios of (B's failed judged turns / judged turns − A's), each scenario weighing the same; its"
            + " interval is a cluster bootstrap over scenarios (percentile, " + Comparison.BOOTSTRAP_REPLICATES
            + " replicates, fixed seed) and its p the sign-flip permutation test of the same per-scenario"
            + " differences (exact when at most 20 scenarios differ, Monte Carlo with a stated replicate count"
            + " above). BFCL accuracy: McNemar's exact test, the exact sign-flip test of the paired 0/1 outcomes."
            + " Pooled turn counts are shown for context. Secondary figures test other quantities and say so."
            + " Unpaired data: two-proportion z-test (Fisher's exact test for small counts) with Newcombe's interval."
            + " Differences are B − A in percentage points. See docs/statistics.md.";

    // ---- summary.json

    static void json(ObjectNode o, Comparison c) {
        o.put("run_a", c.runA());
        o.put("variant_a", c.variantA());
        o.put("run_b", c.runB());
        o.put("variant_b", c.variantB());
        o.put("paired_scenarios", c.pairedScenarios());
        o.put("only_a", c.onlyA());
        o.put("only_b", c.onlyB());
        o.put("unjudged_left_out", c.pairing().unjudged());
        o.put("headline", c.headline());
        ArrayNode ms = o.putArray("metrics");
        for (Comparison.Metric m : metrics(c)) metricJson(ms.addObject(), m);
        if (c.survival() != null) {
            ObjectNode s = o.putObject("turns_to_first_strict_failure");
            s.put("scenarios", c.survival().scenarios());
            s.put("median_a", c.survival().a().median());
            s.put("median_b", c.survival().b().median());
            LogRank lr = c.survival().logRank();
            s.put("test", "log-rank (indicative: treats the paired sides as independent samples)");
            s.put("chi_square", lr.chiSquare());
            s.put("p", lr.p());
            s.put("observed_a", lr.observed1());
            s.put("expected_a", lr.expected1());
            s.put("observed_b", lr.observed2());
            s.put("expected_b", lr.expected2());
        }
        if (c.swe() != null) {
            ObjectNode s = o.putObject("swe_agreement");
            s.put("n", c.swe().n());
            s.put("mean_a", Text.dec(c.swe().meanA()));
            s.put("mean_b", Text.dec(c.swe().meanB()));
        }
        ArrayNode ns = o.putArray("new_signatures");
        int i = 0;
        for (Map.Entry<String, Long> e : c.newSignatures()) {
            if (i++ >= 50) break;
            ObjectNode x = ns.addObject();
            x.put("signature", e.getKey());
            x.put("count_b", e.getValue());
        }
        o.put("new_signatures_total", c.newSignatures().size());
    }

    private static void metricJson(ObjectNode x, Comparison.Metric m) {
        x.put("metric", m.code());
        x.put("name", m.name());
        x.put("quantity", m.estimate().quantity());
        x.put("rate_a", Text.dec(m.rateA()));
        x.put("rate_b", Text.dec(m.rateB()));
        x.put("difference", Text.dec(m.difference()));
        if (m.ci() != null) {
            ArrayNode a = x.putArray("ci95");
            a.add(Text.dec(m.ci().low()));
            a.add(Text.dec(m.ci().high()));
            x.put("ci_method", m.estimate().ciMethod());
        }
        x.put("test", m.test().method());
        x.put("p", m.p());
        x.put("n", m.test().n());
        x.put("n_unit", m.test().unit());
        ObjectNode pooled = x.putObject("pooled");
        pooled.put("x_a", m.pooled().xA());
        pooled.put("n_a", m.pooled().nA());
        pooled.put("x_b", m.pooled().xB());
        pooled.put("n_b", m.pooled().nB());
        if (m.mddPoints() != null) x.put("mdd_pts", Text.dec(m.mddPoints()));
        Comparison.Paired p = m.paired();
        if (p != null && p.byDepth() != null) depthJson(x.putObject("by_depth"), p.byDepth());
        if (p != null && p.turnPairs() != null) {
            ObjectNode s = x.putObject("secondary_any_failure");
            s.put("test", "McNemar exact on scenarios with any failure (a different quantity)");
            s.put("a_only", p.discordant()[0]);
            s.put("b_only", p.discordant()[1]);
            s.put("p", p.mcnemarP());
            ObjectNode tp = x.putObject("paired_turns");
            tp.put("both_failed", p.turnPairs()[0]);
            tp.put("a_only", p.turnPairs()[1]);
            tp.put("b_only", p.turnPairs()[2]);
            tp.put("neither", p.turnPairs()[3]);
        } else if (p != null && p.discordant() != null) {
            x.put("discordant_a_only", p.discordant()[0]);
            x.put("discordant_b_only", p.discordant()[1]);
        }
        if (m.caveat() != null) x.put("caveat", m.caveat());
        x.put("summary", m.describe());
    }

    private static void depthJson(ObjectNode d, MantelHaenszel m) {
        d.put("test", "Cochran-Mantel-Haenszel over turn-depth buckets (judged turns)");
        d.put("strata", m.strata());
        d.put("chi_square", finite(m.statistic()));
        d.put("p", finite(m.p()));
        d.put("chi_square_corrected", finite(m.statisticCorrected()));
        d.put("p_corrected", finite(m.pCorrected()));
        d.put("odds_ratio_b_vs_a", finite(m.oddsRatio()));
        if (m.oddsRatioCi() != null) {
            ArrayNode a = d.putArray("odds_ratio_ci95");
            a.add(m.oddsRatioCi().low());
            a.add(m.oddsRatioCi().high());
        }
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    // ---- comparison.csv

    static final String[] HEADER = {"run_a", "variant_a", "run_b", "variant_b", "metric", "quantity", "rate_a",
            "rate_b", "difference_pts", "ci95_low_pts", "ci95_high_pts", "ci_method", "test", "p", "n", "n_unit",
            "mdd_pts", "pooled_x_a", "pooled_n_a", "pooled_x_b", "pooled_n_b", "cmh_chi2", "cmh_p",
            "cmh_chi2_corrected", "cmh_p_corrected", "cmh_strata", "mh_odds_ratio", "mh_or_ci95_low",
            "mh_or_ci95_high", "secondary_a_only", "secondary_b_only", "secondary_mcnemar_p", "paired_turns_both",
            "paired_turns_a_only", "paired_turns_b_only", "paired_turns_neither", "scenarios_only_a",
            "scenarios_only_b", "scenarios_unjudged_left_out", "caveat"};

    static void csv(List<Comparison> cs, Path file) throws IOException {
        try (CSVPrinter p = SummaryWriters.csv(file, HEADER)) {
            for (Comparison c : cs) {
                for (Comparison.Metric m : metrics(c)) p.printRecord(Text.csvCells(csvRow(c, m).toArray()));
                if (c.survival() != null) p.printRecord(Text.csvCells(survivalRow(c).toArray()));
                if (c.swe() != null) p.printRecord(Text.csvCells(sweRow(c).toArray()));
            }
        }
    }

    private static List<Object> prefix(Comparison c, String metric, String quantity) {
        return new ArrayList<>(List.of(Text.csvText(c.runA()), Text.csvText(c.variantA()), Text.csvText(c.runB()),
                Text.csvText(c.variantB()), metric, quantity == null ? "" : quantity));
    }

    private static List<Object> csvRow(Comparison c, Comparison.Metric m) {
        List<Object> r = prefix(c, m.code(), m.estimate().quantity());
        Stats.Interval ci = m.ci();
        r.addAll(List.of(Text.rate(m.rateA()), Text.rate(m.rateB()), Text.num(m.difference() * 100),
                ci == null ? "" : Text.num(ci.low() * 100), ci == null ? "" : Text.num(ci.high() * 100),
                ci == null ? "" : m.estimate().ciMethod(), m.test().method(), pString(m.p()), m.test().n(),
                m.test().unit(), m.mddPoints() == null ? "" : Text.num(m.mddPoints()), m.pooled().xA(),
                m.pooled().nA(), m.pooled().xB(), m.pooled().nB()));
        MantelHaenszel d = m.paired() == null ? null : m.paired().byDepth();
        r.addAll(d == null ? blanks(8) : List.of(num(d.statistic()), pString(d.p()), num(d.statisticCorrected()),
                pString(d.pCorrected()), d.strata(), num(d.oddsRatio()),
                d.oddsRatioCi() == null ? "" : num(d.oddsRatioCi().low()),
                d.oddsRatioCi() == null ? "" : num(d.oddsRatioCi().high())));
        Comparison.Paired p = m.paired();
        boolean secondary = p != null && p.turnPairs() != null;
        r.addAll(secondary ? List.of(p.discordant()[0], p.discordant()[1], pString(p.mcnemarP())) : blanks(3));
        r.addAll(secondary ? List.of(p.turnPairs()[0], p.turnPairs()[1], p.turnPairs()[2], p.turnPairs()[3]) : blanks(4));
        r.addAll(List.of(c.onlyA(), c.onlyB(), c.pairing().unjudged(), m.caveat() == null ? "" : m.caveat()));
        return r;
    }

    private static List<Object> survivalRow(Comparison c) {
        FirstFailure.Pair s = c.survival();
        List<Object> r = prefix(c, "turns_to_first_strict_failure", "Kaplan-Meier median (judged turns)");
        r.addAll(List.of(median(s.a().median()), median(s.b().median()), "", "", "", "",
                "log-rank (indicative: treats the paired sides as independent samples)", pString(s.logRank().p()),
                s.scenarios(), "paired scenarios"));
        r.addAll(blanks(HEADER.length - r.size() - 4));
        r.addAll(List.of(c.onlyA(), c.onlyB(), c.pairing().unjudged(), ""));
        return r;
    }

    private static List<Object> sweRow(Comparison c) {
        List<Object> r = prefix(c, "swe_agreement", "mean per scenario");
        r.addAll(List.of(Text.rate(c.swe().meanA()), Text.rate(c.swe().meanB()),
                Text.num(c.swe().difference() * 100), "", "", "", "none (mean only)", "", c.swe().n(),
                "paired scenarios"));
        r.addAll(blanks(HEADER.length - r.size() - 4));
        r.addAll(List.of(c.onlyA(), c.onlyB(), c.pairing().unjudged(), ""));
        return r;
    }

    private static String median(Integer m) {
        return m == null ? "not reached" : m.toString();
    }

    private static List<Object> blanks(int n) {
        List<Object> l = new ArrayList<>();
        for (int i = 0; i < n; i++) l.add("");
        return l;
    }

    private static String num(double v) {
        return Double.isFinite(v) ? Text.num(v) : Double.isNaN(v) ? "" : v > 0 ? "inf" : "-inf";
    }

    static String pString(double p) {
        return Double.isNaN(p) ? "" : String.format(Locale.ROOT, "%.6g", p);
    }

    // ---- summary.md

    static void markdown(StringBuilder sb, ReportModel m) {
        sb.append("### A/B against ").append(Text.mdCode(m.baseline())).append("\n\n");
        for (Comparison c : m.comparisons()) {
            sb.append("- **").append(Text.mdCode(c.variantB())).append("**");
            if (c.pairing().leftOut() != null) sb.append(" (").append(c.pairing().leftOut()).append(')');
            sb.append('\n');
            if (!c.strict().hasData()) {
                sb.append("  - no comparison: no judged turn on one side\n");
                continue;
            }
            for (Comparison.Metric x : metrics(c)) {
                if (!x.hasData()) continue;
                sb.append("  - ").append(x.describe().replace("*", "\\*"));
                if (x.caveat() != null) sb.append(" — _").append(x.caveat().replace("_", "\\_")).append("_");
                sb.append('\n');
                for (String line : new String[]{x.mddLine(), x.depthLine(), x.secondaryLine()}) {
                    if (line != null) sb.append("    - ").append(line).append('\n');
                }
            }
            if (c.survival() != null) sb.append("  - ").append(survivalLine(c.survival())).append('\n');
            if (!c.newSignatures().isEmpty()) {
                sb.append("  - ").append(c.newSignatures().size()).append(" new error signature(s), e.g. ")
                        .append(Text.mdCode(c.newSignatures().get(0).getKey())).append('\n');
            }
        }
        sb.append('\n');
    }

    static String survivalLine(FirstFailure.Pair s) {
        LogRank lr = s.logRank();
        String test = Double.isNaN(lr.z()) ? "log-rank not computable (no first failure)"
                : String.format(Locale.ROOT, "log-rank χ²=%.3f %s (indicative: it treats the paired sides as"
                + " independent samples)", lr.chiSquare(), Comparison.formatP(lr.p()));
        return "turns until the first strict failure (Kaplan–Meier, " + s.scenarios() + " paired scenarios): median "
                + median(s.a().median()) + " under A, " + median(s.b().median()) + " under B; first failures "
                + lr.observed1() + " vs " + lr.observed2() + "; " + test;
    }

    // ---- HTML

    static Map<String, Object> view(Comparison cmp) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("a", cmp.variantA());
        x.put("b", cmp.variantB());
        x.put("runA", cmp.runA());
        x.put("runB", cmp.runB());
        x.put("crossRun", !cmp.sameRun());
        x.put("headline", cmp.headline());
        x.put("paired", cmp.pairedScenarios());
        x.put("leftOut", cmp.pairing().leftOut() == null ? "" : cmp.pairing().leftOut());
        List<Map<String, Object>> ms = new ArrayList<>();
        for (Comparison.Metric m : metrics(cmp)) ms.add(metricView(m));
        x.put("metrics", ms);
        if (cmp.survival() != null) {
            FirstFailure.Pair s = cmp.survival();
            x.put("survivalChart", SurvivalChart.svg(List.of(new SurvivalChart.Curve("A: " + cmp.variantA(),
                    Charts.color(0), s.a()), new SurvivalChart.Curve("B: " + cmp.variantB(), Charts.color(1), s.b())),
                    "Turns until the first strict failure, A and B over the paired scenarios (Kaplan–Meier)"));
            x.put("survivalLine", survivalLine(s));
            x.put("howToRead", SurvivalChart.HOW_TO_READ);
        }
        if (cmp.swe() != null) {
            x.put("swe", Text.pct(cmp.swe().meanA()) + " → " + Text.pct(cmp.swe().meanB()) + " ("
                    + Comparison.signedPts(cmp.swe().difference()) + ", n=" + cmp.swe().n() + " paired scenarios)");
        }
        List<Map<String, Object>> sigs = new ArrayList<>();
        for (Map.Entry<String, Long> e : cmp.newSignatures()) {
            if (sigs.size() >= 20) break;
            sigs.add(Map.of("signature", e.getKey(), "count", e.getValue()));
        }
        x.put("newSignatures", sigs);
        x.put("newSignaturesTotal", cmp.newSignatures().size());
        x.put("hasNewSignatures", !sigs.isEmpty());
        return x;
    }

    private static Map<String, Object> metricView(Comparison.Metric m) {
        Map<String, Object> r = new LinkedHashMap<>();
        Comparison.Counts c = m.pooled();
        r.put("name", m.name());
        r.put("quantity", m.estimate().quantity() == null ? "" : m.estimate().quantity());
        r.put("hasData", m.hasData());
        r.put("a", Text.pct(m.rateA()));
        r.put("b", Text.pct(m.rateB()));
        String unit = m.code().equals("bfcl") ? "scenarios" : "judged turns";
        r.put("pooled", "pooled: " + c.xA() + "/" + c.nA() + " vs " + c.xB() + "/" + c.nB() + " " + unit);
        r.put("diff", Comparison.signedPts(m.difference()));
        r.put("better", m.hasData() && !m.worse() && m.difference() != 0);
        r.put("worse", m.hasData() && m.worse());
        r.put("ci", m.ci() == null ? "–" : Comparison.signedPts(m.ci().low()).replace(" pts", "") + " to "
                + Comparison.signedPts(m.ci().high()));
        r.put("ciMethodAttr", Text.html(m.estimate().ciMethod()));
        r.put("test", m.test().method());
        r.put("p", Comparison.formatP(m.p()));
        r.put("n", m.test().n() + " " + m.test().unit());
        List<String> notes = new ArrayList<>();
        for (String s : new String[]{m.mddLine(), m.depthLine(), m.secondaryLine()}) if (s != null) notes.add(s);
        r.put("notes", notes);
        r.put("caveat", m.caveat() == null ? "" : m.caveat());
        return r;
    }

    static void writeHtml(List<Comparison> cs, List<String> gateLines, boolean simulated, Path file)
            throws IOException {
        Map<String, Object> c = new HashMap<>();
        c.put("css", HtmlReport.css());
        c.put("simulated", simulated);
        c.put("simulatorNote", RunInfo.SIMULATOR_NOTE);
        List<Map<String, Object>> v = new ArrayList<>();
        for (Comparison cmp : cs) v.add(view(cmp));
        c.put("comparisons", v);
        c.put("legend", LEGEND);
        c.put("title", cs.isEmpty() ? "comparison" : cs.get(0).runB() + " vs " + cs.get(0).runA());
        c.put("titleAttr", Text.html((String) c.get("title")));
        c.put("gate", gateLines);
        c.put("hasGate", !gateLines.isEmpty());
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            HtmlReport.template("comparison.html.mustache").execute(c, w);
        }
    }

    /** Per variant: scenarios, first strict failures and the median, e.g. {@code pr114: 200 scenarios, 31 …}. */
    static List<String> runSurvivalSummary(RunData run) {
        List<String> out = new ArrayList<>();
        for (String name : run.variantNames()) {
            var km = FirstFailure.curve(run.scenarios().getOrDefault(name, Map.of()).values());
            if (km.subjects() == 0) continue;
            out.add(name + ": " + km.subjects() + " scenarios with a judged turn, " + km.events()
                    + " with a strict failure; median turns to the first strict failure " + median(km.median()));
        }
        return out;
    }

    /** The run report's section: every variant's curve over all its scenarios. */
    static String runSurvivalChart(RunData run) {
        List<SurvivalChart.Curve> curves = new ArrayList<>();
        for (int i = 0; i < run.variants().size(); i++) {
            String name = run.variants().get(i).name();
            var km = FirstFailure.curve(run.scenarios().getOrDefault(name, Map.of()).values());
            if (km.subjects() > 0) curves.add(new SurvivalChart.Curve(name, Charts.color(i), km));
        }
        return curves.isEmpty() ? "" : SurvivalChart.svg(curves,
                "Turns until the first strict failure per variant (Kaplan–Meier), all scenarios");
    }
}
