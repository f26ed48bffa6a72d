package dev.harmonica.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The self-contained {@code trend.html}: jmustache template {@code trend.html.mustache} (HTML-escaping by default,
 * untrusted names inside {@code <bdi>}), the report CSS and CSP, and inline SVG charts ({@link FigureCharts}) of each
 * group's runs in start-time order.
 */
final class TrendHtml {
    static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private TrendHtml() {
    }

    static void write(Trend.Model m, Path file) throws IOException {
        Map<String, Object> c = new HashMap<>();
        c.put("css", HtmlReport.css());
        c.put("runs", m.groups().stream().mapToInt(g -> g.runs().size()).sum());
        c.put("groupCount", m.groups().size());
        c.put("latest", m.latest().runId());
        c.put("latestStarted", m.latest().started().toString());
        c.put("simulated", m.anySimulated());
        c.put("regressed", m.latestRegressed());
        c.put("regressions", m.latestRegressions());
        c.put("test", ClusteredChange.TEST);
        c.put("alpha", Text.num(ClusteredChange.ALPHA));
        c.put("minScenarios", ClusteredChange.MIN_SCENARIOS);
        c.put("sweReplicates", TrendPoint.SWE_REPLICATES);
        List<Map<String, Object>> groups = new ArrayList<>();
        for (Trend.Group g : m.groups()) groups.add(group(g));
        c.put("groups", groups);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            HtmlReport.template("trend.html.mustache").execute(c, w);
        }
    }

    private static Map<String, Object> group(Trend.Group g) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("number", g.number());
        x.put("title", g.title());
        x.put("differences", g.differences());
        x.put("hasDifferences", !g.differences().isEmpty());
        x.put("failureChart", chart(g, "strict failure rate", c -> c.point().judged() == 0 ? null
                : new Value(c.point().failureRate(), c.point().failureInterval(), c.point().strictFailures() + "/"
                + c.point().judged() + " judged turns, " + c.point().notJudged() + " not judged"), Trend.Cell::failureFlag));
        x.put("lossChart", chart(g, "rescued with loss", c -> c.point().judged() == 0 ? null
                : new Value(c.point().rescuedWithLossRate(), c.point().rescuedWithLossInterval(),
                c.point().rescuedWithLoss() + "/" + c.point().judged() + " judged turns"), null));
        boolean bfcl = g.runs().stream().anyMatch(r -> r.points().stream().anyMatch(p -> p.bfclScored() > 0));
        x.put("bfclChart", !bfcl ? "" : chart(g, "BFCL accuracy", c -> c.point().bfclAccuracy() == null ? null
                : new Value(c.point().bfclAccuracy(), c.point().bfclInterval(), c.point().bfclCorrect() + "/"
                + c.point().bfclScored() + " scored entries, " + c.point().bfclNotScored() + " not scored"), Trend.Cell::bfclFlag));
        boolean swe = g.runs().stream().anyMatch(r -> r.points().stream().anyMatch(p -> p.sweAgreement() != null));
        x.put("sweChart", !swe ? "" : chart(g, "SWE agreement", c -> c.point().sweAgreement() == null ? null
                : new Value(c.point().sweAgreement(), c.point().sweInterval(), c.point().sweAgreements().length
                + " fully judged replays"), null));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < g.runs().size(); i++) {
            for (Trend.Series s : g.series()) {
                Trend.Cell c = s.cells().get(i);
                if (c != null) rows.add(row(c));
            }
        }
        x.put("rows", rows);
        return x;
    }

    /** A value of a chart point: the rate, its interval (or null) and what it counts. */
    private record Value(double rate, Stats.Interval ci, String counts) {
    }

    /** A chart of one figure per variant over the group's runs; {@code flagOf} (or null) says which points to ring. */
    private static String chart(Trend.Group g, String what, Function<Trend.Cell, Value> value,
                                Function<Trend.Cell, Trend.Flag> flagOf) {
        List<FigureCharts.Series> series = new ArrayList<>();
        for (int si = 0; si < g.series().size(); si++) {
            Trend.Series s = g.series().get(si);
            List<FigureCharts.Point> points = new ArrayList<>();
            for (int i = 0; i < g.runs().size(); i++) {
                TrendRun r = g.runs().get(i);
                Trend.Cell c = s.cells().get(i);
                Value v = c == null ? null : value.apply(c);
                String title = s.variant() + " · " + r.runId() + " (" + r.started() + ")" + (r.simulated()
                        ? " · simulated" : "") + ": " + what + " " + (v == null ? "–" : Text.pct(v.rate()) + (v.ci() == null
                        ? "" : " (95% CI " + Text.pct(v.ci().low()) + "–" + Text.pct(v.ci().high()) + ")") + ", "
                        + v.counts());
                Trend.Flag f = c == null || flagOf == null ? null : flagOf.apply(c);
                boolean marked = f == Trend.Flag.REGRESSION || f == Trend.Flag.IMPROVEMENT;
                points.add(new FigureCharts.Point(SHORT.format(r.started()), TurnRow.clip(r.runId(), 14),
                        v == null ? Double.NaN : v.rate(), v == null ? null : v.ci(), title, marked));
            }
            series.add(new FigureCharts.Series(s.variant(), Charts.color(si), points));
        }
        return FigureCharts.rates(series, g.title() + ": " + what + " per run", what + " (95% interval) per run, "
                + "in start-time order (UTC)");
    }

    private static Map<String, Object> row(Trend.Cell c) {
        TrendRun r = c.run();
        TrendPoint p = c.point();
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("runId", r.runId());
        x.put("simulated", r.simulated());
        x.put("started", r.started().truncatedTo(ChronoUnit.SECONDS).toString());
        x.put("variant", p.variant());
        x.put("judged", p.judged());
        x.put("notJudged", p.notJudged());
        x.put("harnessErrors", p.harnessErrors());
        boolean any = p.judged() > 0;
        x.put("failure", any ? rate(p.failureRate(), p.failureInterval(), p.strictFailures()) : "no turn judged");
        x.put("rescue", any ? rate(p.rescueRate(), p.rescueInterval(), p.rescued()) : "–");
        x.put("loss", any ? rate(p.rescuedWithLossRate(), p.rescuedWithLossInterval(), p.rescuedWithLoss()) : "–");
        x.put("bfcl", p.bfclAccuracy() == null ? (p.bfclNotScored() > 0 ? "none scored (" + p.bfclNotScored()
                + " not scored)" : "–") : Text.pct(p.bfclAccuracy()) + " (" + p.bfclCorrect() + "/" + p.bfclScored()
                + ") " + ci(p.bfclInterval()) + (p.bfclNotScored() > 0 ? "; " + p.bfclNotScored() + " not scored" : ""));
        Stats.Interval swe = p.sweInterval();
        x.put("swe", p.sweAgreement() == null ? "–" : Text.pct(p.sweAgreement()) + " (n=" + p.sweAgreements().length
                + ")" + (swe == null ? "" : " " + ci(swe)));
        x.put("failureChange", change(c.failure(), c.failureFlag(), c.previousRuns()));
        x.put("bfclChange", c.bfcl() == null && c.bfclFlag() == Trend.Flag.UNTESTED ? "–"
                : change(c.bfcl(), c.bfclFlag(), c.previousRuns()));
        x.put("regression", c.failureFlag() == Trend.Flag.REGRESSION || c.bfclFlag() == Trend.Flag.REGRESSION);
        return x;
    }

    private static String rate(double rate, Stats.Interval ci, long count) {
        return Text.pct(rate) + " (" + count + ") " + ci(ci);
    }

    private static String ci(Stats.Interval ci) {
        return Text.pct(ci.low()) + "–" + Text.pct(ci.high());
    }

    private static String change(ClusteredChange.Result r, Trend.Flag flag, int previous) {
        if (r == null) return flag.label();
        String s = Text.pct(r.before()) + " → " + Text.pct(r.after()) + " (" + (Double.isNaN(r.difference()) ? "–"
                : Trend.signedPts(r.difference())) + "; " + previous + " earlier run(s))";
        if (r.tested()) s += ", " + Trend.p(r.p()) + ", " + r.scenarios() + " scenarios";
        if (r.note() != null) s += ", " + r.note();
        return s + ": " + flag.label();
    }
}
