package dev.harmonica.report;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The echo and log-probability margin sections of {@code index.html} ({@code figures.html.mustache}, escaped by
 * jmustache; the only raw insertions are the SVG charts of {@link FigureCharts}). Token texts are shown as JSON strings
 * so that spaces, newlines and control characters are visible, inside {@code <bdi>}.
 */
final class FiguresHtml {
    private FiguresHtml() {
    }

    /** The HTML of both sections for a run's variants. */
    static String sections(RunData run) {
        Map<String, Object> c = new LinkedHashMap<>();
        List<Map<String, Object>> echo = new ArrayList<>(), margins = new ArrayList<>();
        for (int i = 0; i < run.variants().size(); i++) {
            VariantStats v = run.variants().get(i);
            echo.add(echoView(v, Charts.color(i)));
            margins.add(marginView(v, Charts.color(i)));
        }
        c.put("echo", echo);
        c.put("margins", margins);
        c.put("byAHair", Text.num(MarginFigures.BY_A_HAIR_NATS));
        c.put("byAHairRatio", Text.num(Math.round(Math.exp(MarginFigures.BY_A_HAIR_NATS) * 100) / 100.0));
        StringWriter w = new StringWriter();
        HtmlReport.template("figures.html.mustache").execute(c, w);
        return w.toString();
    }

    private static Map<String, Object> echoView(VariantStats v, String color) {
        EchoFigures e = v.echo();
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("name", v.name());
        x.put("color", color);
        x.put("available", e.available());
        if (!e.available()) return x;
        x.put("turnsWithEcho", e.echoTurns());
        x.put("differing", e.differing());
        x.put("meanDistance", Text.num(e.meanDistance()));
        List<Map<String, Object>> diffs = new ArrayList<>();
        e.differences().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(d -> diffs.add(Map.of("part", d.getKey(), "n", d.getValue())));
        x.put("differences", diffs);
        x.put("hasDifferences", !diffs.isEmpty());
        List<Map<String, Object>> rows = new ArrayList<>();
        List<FigureCharts.Point> points = new ArrayList<>();
        for (EchoFigures.Bucket b : e.buckets()) {
            boolean any = b.judged() > 0;
            rows.add(Map.of("label", b.label(), "judged", b.judged(), "unjudged", b.unjudged(),
                    "strict", b.strictFailures(), "lenient", b.lenientFailures(),
                    "rate", any ? Text.pct(b.rate()) : "–",
                    "ci", any ? Text.pct(b.interval().low()) + "–" + Text.pct(b.interval().high()) : ""));
            points.add(new FigureCharts.Point(b.label(), "n=" + b.judged(), any ? b.rate() : Double.NaN, any ? b.interval() : null,
                    v.name() + ", cumulative echo distance " + b.label() + ": " + (any ? Text.pct(b.rate()) : "–")
                            + " (" + b.strictFailures() + "/" + b.judged() + " judged turns, " + b.unjudged()
                            + " not judged)", false));
        }
        x.put("buckets", rows);
        x.put("chart", FigureCharts.rates(List.of(new FigureCharts.Series(v.name(), color, points)),
                v.name() + ": strict failure rate by cumulative echo distance, 95% Wilson intervals",
                "strict failure rate (95% Wilson) by cumulative echo distance (tokens)"));
        return x;
    }

    private static Map<String, Object> marginView(VariantStats v, String color) {
        MarginFigures m = v.margins();
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("name", v.name());
        x.put("color", color);
        x.put("available", m.available());
        if (!m.available()) return x;
        Map<String, MarginFigures.Summary> all = m.summaries();
        double max = MarginFigures.BY_A_HAIR_NATS * 2;
        for (MarginFigures.Summary s : all.values()) if (s.withMargin() > 0) max = Math.max(max, s.max());
        max = Math.ceil(max);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (MarginFigures.Summary s : all.values()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("mode", s.mode());
            r.put("turns", s.turns());
            r.put("noValid", s.noValidAlternative());
            boolean any = s.withMargin() > 0;
            r.put("quartiles", any ? Text.num(s.min()) + " / " + Text.num(s.q1()) + " / " + Text.num(s.median())
                    + " / " + Text.num(s.q3()) + " / " + Text.num(s.max()) : "–");
            r.put("hair", any ? s.byAHair() + " of " + s.withMargin() + " (" + Text.pct(s.byAHairShare()) + ")" : "–");
            r.put("line", any ? FigureCharts.distribution(s, max) : "");
            List<Map<String, Object>> ex = new ArrayList<>();
            for (MarginFigures.Example e : s.examples()) ex.add(example(e));
            r.put("examples", ex);
            r.put("hasExamples", !ex.isEmpty());
            rows.add(r);
        }
        x.put("modes", rows);
        return x;
    }

    private static Map<String, Object> example(MarginFigures.Example e) {
        TurnFigures.Lp lp = e.lp();
        Map<String, Object> y = new LinkedHashMap<>();
        y.put("scenario", e.scenarioId());
        y.put("turn", e.turn());
        y.put("step", e.step());
        y.put("position", lp.position());
        y.put("chosen", TurnsCsv.jsonString(TurnFigures.Lp.text(lp.chosen())));
        y.put("chosenLp", Text.num(lp.chosenLogprob()));
        y.put("valid", lp.bestValid() == null ? "(no top-k alternative keeps it parseable)"
                : TurnsCsv.jsonString(TurnFigures.Lp.text(lp.bestValid())));
        y.put("validLp", lp.bestValidLogprob() == null ? "–" : Text.num(lp.bestValidLogprob()));
        y.put("margin", lp.margin() == null ? "" : Text.num(lp.margin()));
        return y;
    }
}
