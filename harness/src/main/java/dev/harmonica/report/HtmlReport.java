package dev.harmonica.report;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import dev.harmonica.turn.Verdict;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The self-contained {@code index.html} and {@code comparison.html}: jmustache templates (HTML-escaping by default)
 * over a view model built here. The only raw insertions ({@code {{{…}}}}) are the SVG charts and the highlighted raw
 * output, both built from {@link Text#html}-escaped pieces. Every {@code {{x}}} goes through {@link Text#htmlText}:
 * escaped, isolated in a {@code <bdi>} and with invisible and control characters made visible (issue 12.6).
 */
final class HtmlReport {
    private static final String BASE = "/dev/harmonica/report/";

    private HtmlReport() {
    }

    static Template template(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(BASE + name)) {
            if (in == null) throw new IllegalStateException("missing resource " + BASE + name);
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            // every {{x}} is untrusted text in a text position: escaped, bidi-isolated, controls made visible;
            // attributes and <title> take values the Java side escaped ({{{x}}}, Text.html)
            return Mustache.compiler().defaultValue("").emptyStringIsFalse(true).withEscaper(Text::htmlText)
                    .withLoader(HtmlReport::partial)
                    .compile(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code {{> name}}} in a template reads {@code name.mustache} from the same resources. */
    private static Reader partial(String name) {
        InputStream in = HtmlReport.class.getResourceAsStream(BASE + name + ".mustache");
        if (in == null) throw new IllegalStateException("missing resource " + BASE + name + ".mustache");
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    static String css() {
        try (InputStream in = HtmlReport.class.getResourceAsStream(BASE + "report.css")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeIndex(ReportModel m, List<DrillDown.Scenario> drill, DrillDown.Selection sel, Path file)
            throws IOException {
        Map<String, Object> ctx = indexContext(m, drill, sel);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            template("report.html.mustache").execute(ctx, w);
        }
    }

    static Map<String, Object> indexContext(ReportModel m, List<DrillDown.Scenario> drill, DrillDown.Selection sel) {
        RunData run = m.run();
        Map<String, Object> c = new HashMap<>();
        c.put("css", css());
        c.put("runId", run.runId());
        c.put("runIdAttr", Text.html(run.runId()));
        c.put("simulated", run.simulated());
        c.put("simulatorNote", RunInfo.SIMULATOR_NOTE);
        c.put("protocol", run.protocol());
        c.put("headline", m.headline());
        c.put("noRunJson", !run.info().present());
        c.put("records", run.records());
        c.put("turnRecords", run.turnRecords());
        c.put("scenarioRecords", run.scenarioRecords());
        c.put("shards", String.join(", ", run.shards()));
        c.put("hasWarnings", run.warnings().total() > 0);
        c.put("warningsTotal", run.warnings().total());
        c.put("warnings", run.warnings().first());
        c.put("warningsShown", run.warnings().first().size());
        c.put("warningsClipped", run.warnings().total() > run.warnings().first().size());
        List<Map<String, Object>> vs = new ArrayList<>();
        for (int i = 0; i < run.variants().size(); i++) {
            VariantStats v = run.variants().get(i);
            Latency l = m.latency().get(v.name());
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("name", v.name());
            x.put("color", Charts.color(i));
            x.put("baseline", i == 0 && run.variants().size() > 1);
            x.put("turns", v.turns());
            x.put("judged", v.judged());
            x.put("notJudged", v.endpointFailures());
            x.put("harnessErrors", v.harnessErrors());
            x.put("scenarios", v.scenarios());
            x.put("strictClean", v.strictCleanScenarios);
            x.put("ok", v.verdict(Verdict.OK));
            x.put("rescuedLossless", v.verdict(Verdict.RESCUED));
            x.put("rescuedWithLoss", v.verdict(Verdict.RESCUED_WITH_LOSS));
            x.put("failed", v.verdict(Verdict.FAILED));
            rates(x, v);
            x.put("repaired", v.repaired);
            x.put("bfcl", SummaryWriters.bfclAccuracyText(v));
            x.put("swe", v.sweAgreement() == null ? "–" : Text.pct(v.sweAgreement()));
            x.put("p50", l.n() == 0 ? "–" : ms(l.p50()));
            x.put("p95", l.n() == 0 ? "–" : ms(l.p95()));
            x.put("p99", l.n() == 0 ? "–" : ms(l.p99()));
            x.put("maxDepth", v.maxDepth);
            List<Map<String, Object>> status = new ArrayList<>();
            v.scenarioStatus.forEach((k, n) -> status.add(Map.of("status", k, "n", n)));
            x.put("status", status);
            List<Map<String, Object>> repairs = new ArrayList<>();
            v.repairCodes.forEach((k, n) -> repairs.add(Map.of("code", k, "n", n)));
            x.put("repairCodes", repairs);
            x.put("hasRepairCodes", !repairs.isEmpty());
            x.put("resampled", v.resampled());
            x.put("hasResampled", v.resampled() > 0);
            vs.add(x);
        }
        c.put("variants", vs);
        c.put("sweReplay", SweReport.html(run));
        c.put("hasSwe", SweReport.any(run));
        c.put("multi", run.variants().size() > 1);
        JudgedLine all = JudgedLine.of(run.variants());
        c.put("outcomes", all.text());
        c.put("nothingJudged", all.nothingJudged());
        List<Map<String, Object>> nj = notJudgedRows(run);
        c.put("notJudged", nj);
        c.put("hasNotJudged", !nj.isEmpty());
        List<VariantStats> judgedVariants = run.variants().stream().filter(v -> v.judged() > 0).toList();
        c.put("chartHeadline", judgedVariants.isEmpty() ? "" : Charts.headlineBars(judgedVariants));
        // A/B
        List<Map<String, Object>> ab = new ArrayList<>();
        for (Comparison cmp : m.comparisons()) ab.add(ComparisonWriters.view(cmp));
        c.put("abLegend", ComparisonWriters.LEGEND);
        c.put("chartSurvival", ComparisonWriters.runSurvivalChart(run));
        c.put("survivalHowToRead", SurvivalChart.HOW_TO_READ);
        c.put("survivalSummary", ComparisonWriters.runSurvivalSummary(run));
        c.put("comparisons", ab);
        c.put("baseline", m.baseline());
        // failure modes
        List<String> modes = SummaryWriters.modeOrder(run);
        List<Map<String, Object>> mrows = new ArrayList<>();
        for (String mode : modes) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("mode", mode);
            r.put("level", SummaryWriters.modeLevel(mode));
            r.put("description", Text.html(SummaryWriters.modeDescription(mode)));
            List<Map<String, Object>> cells = new ArrayList<>();
            for (VariantStats v : run.variants()) {
                long[] k = SummaryWriters.modeCounts(v, mode);
                cells.add(Map.of("seen", k[0], "strict", k[1], "strictRate", Text.pct(k[1], v.judged()),
                        "lenient", k[2], "lenientRate", Text.pct(k[2], v.judged()),
                        "fixed", k[1] > 0 && k[2] < k[1]));
            }
            r.put("cells", cells);
            mrows.add(r);
        }
        c.put("modes", mrows);
        long legacy = run.variants().stream().mapToLong(v -> v.legacyModeTurns).sum();
        c.put("legacyModes", legacy == 0 ? "" : legacy + " turn(s) come from a journal without per-parser failure"
                + " modes; for them format modes count under a parser when its parse failed and tool-level modes"
                + " under both (older rule).");
        c.put("hasModes", !mrows.isEmpty());
        c.put("chartModes", Charts.failureModes(run.variants(), modes));
        // depth
        c.put("chartDepth", Charts.byBucket(run.variants(), false));
        c.put("chartTokens", Charts.byBucket(run.variants(), true));
        c.put("depthRows", bucketRows(run, false));
        c.put("tokenRows", bucketRows(run, true));
        c.put("figures", FiguresHtml.sections(run)); // echo and log-probability margins
        // census
        List<Map<String, Object>> census = new ArrayList<>();
        int rank = 0;
        for (RunData.CensusEntry e : run.census()) {
            if (rank >= 100) break;
            List<Object> counts = new ArrayList<>();
            for (long n : e.counts()) counts.add(n);
            census.add(Map.of("rank", ++rank, "signature", e.signature(), "total", e.total(), "counts", counts));
        }
        c.put("census", census);
        c.put("censusDistinct", run.census().size());
        c.put("censusClipped", run.census().size() > census.size());
        c.put("hasCensus", !census.isEmpty());
        // BFCL
        List<Map<String, Object>> bfcl = new ArrayList<>();
        for (VariantStats v : run.variants()) {
            if (v.bfclTotal() == 0 && v.bfclNotScored() == 0) continue;
            List<Object> cells = new ArrayList<>();
            for (String k : VariantStats.BFCL_CATEGORIES) {
                long[] n = v.bfcl.get(k);
                cells.add(n == null ? "N/A" : Text.pct(VariantStats.rate(n[0], n[1])) + " (" + n[0] + "/" + n[1] + ")");
            }
            bfcl.add(Map.of("name", v.name(), "overall", Text.pct(v.bfclOverall()), "accuracy",
                    SummaryWriters.bfclAccuracyText(v), "cells", cells));
        }
        c.put("bfcl", bfcl);
        c.put("hasBfcl", !bfcl.isEmpty());
        // drill-down
        c.put("drillPopulation", sel.population());
        c.put("drillShown", drill.size());
        c.put("drillSampled", sel.population() > drill.size());
        c.put("drillMaxTurns", DrillDown.MAX_TURNS_PER_SCENARIO);
        c.put("drillMaxRaw", DrillDown.MAX_RAW);
        List<Map<String, Object>> ds = new ArrayList<>();
        for (DrillDown.Scenario s : drill) {
            Map<String, Object> v = scenarioView(s, run);
            v.put("first", ds.isEmpty());
            ds.add(v);
        }
        c.put("drill", ds);
        // config
        List<Map<String, Object>> cfg = new ArrayList<>();
        for (Map.Entry<String, String> e : run.info().config()) cfg.add(Map.of("key", e.getKey(), "value", e.getValue()));
        c.put("config", cfg);
        c.put("hasConfig", !cfg.isEmpty());
        return c;
    }

    /** A variant's rates over its judged turns; none when nothing was judged ("no turn judged" instead). */
    private static void rates(Map<String, Object> x, VariantStats v) {
        long n = v.judged();
        x.put("noneJudged", n == 0);
        x.put("strictRate", n == 0 ? "no turn judged" : Text.pct(v.strictRate()));
        x.put("strictCi", n == 0 ? "" : Text.pct(v.strictInterval().low()) + "–" + Text.pct(v.strictInterval().high()));
        x.put("strictFailures", v.strictFailures());
        x.put("nonStrictRate", Text.pct(v.nonStrictFailures(), n));
        x.put("lenientRate", n == 0 ? "no turn judged" : Text.pct(v.lenientRate()));
        x.put("lenientCi", n == 0 ? "" : Text.pct(v.lenientInterval().low()) + "–" + Text.pct(v.lenientInterval().high()));
        x.put("lenientFailures", v.lenientFailures());
        x.put("rescuedWithLossRate", Text.pct(v.verdict(Verdict.RESCUED_WITH_LOSS), n));
    }

    /** The "not judged" section: per variant, its outcomes, not-scored scenarios and attempts played again. */
    private static List<Map<String, Object>> notJudgedRows(RunData run) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (VariantStats v : run.variants()) {
            if (!v.hasUnjudged()) continue;
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", v.name());
            r.put("text", JudgedLine.of(v).text());
            r.put("notScored", v.notScoredScenarios);
            r.put("retried", v.retriedAttempts == 0 ? ""
                    : v.retriedAttempts + " earlier attempt(s) not judged and played again ("
                    + JudgedLine.causeList(v.retriedCauses) + ")");
            rows.add(r);
        }
        return rows;
    }

    private static List<Map<String, Object>> bucketRows(RunData run, boolean tokens) {
        int[] bounds = tokens ? VariantStats.TOKEN_BOUNDS : VariantStats.DEPTH_BOUNDS;
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < bounds.length; i++) {
            boolean any = false;
            List<Map<String, Object>> cells = new ArrayList<>();
            for (VariantStats v : run.variants()) {
                long[] b = (tokens ? v.tokens : v.depth)[i];
                any |= b[0] > 0;
                Stats.Interval ci = Stats.wilson(b[1], b[0]);
                cells.add(Map.of("n", b[0], "strict", b[0] == 0 ? "–" : Text.pct(VariantStats.rate(b[1], b[0])),
                        "ci", b[0] == 0 ? "" : Text.pct(ci.low()) + "–" + Text.pct(ci.high()),
                        "lenient", b[0] == 0 ? "–" : Text.pct(VariantStats.rate(b[2], b[0]))));
            }
            if (any) rows.add(Map.of("bucket", VariantStats.bucketLabel(bounds, i, tokens), "cells", cells));
        }
        return rows;
    }

    private static Map<String, Object> scenarioView(DrillDown.Scenario s, RunData run) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("id", s.scenarioId());
        x.put("why", s.why());
        x.put("anchor", "s" + Long.toHexString(DrillDown.fnv(s.scenarioId())));
        List<Map<String, Object>> es = new ArrayList<>();
        List<String> badges = new ArrayList<>();
        for (DrillDown.Entry e : s.entries()) {
            ScenarioResult r = e.result();
            Map<String, Object> ev = new LinkedHashMap<>();
            ev.put("variant", e.variant());
            ev.put("color", Charts.color(run.variantNames().indexOf(e.variant())));
            ev.put("status", r.status());
            ev.put("source", r.source() == null ? "" : r.source());
            ev.put("category", r.category() == null ? "" : r.category());
            ev.put("strictFailures", r.strictFailures());
            ev.put("lenientFailures", r.lenientFailures());
            ev.put("turnsTotal", e.totalTurns());
            ev.put("clipped", e.totalTurns() > e.turns().size());
            ev.put("shownTurns", e.turns().size());
            ev.put("bfcl", r.bfclValid() == null ? "" : (r.bfclValid() ? "valid" : "invalid"
                    + (r.bfclErrorType() == null ? "" : " (" + r.bfclErrorType() + ")")));
            ev.put("bfclMessage", r.bfclMessage() == null ? "" : r.bfclMessage());
            ev.put("swe", r.sweAgreement() == null ? "" : Text.pct(r.sweAgreement()));
            ev.put("error", r.error() == null ? "" : r.error());
            List<Map<String, Object>> ts = new ArrayList<>();
            for (DrillDown.TurnView t : e.turns()) ts.add(turnView(t));
            ev.put("turns", ts);
            es.add(ev);
            badges.add(e.variant() + ": " + r.strictFailures() + " strict / " + r.lenientFailures() + " lenient");
        }
        x.put("entries", es);
        x.put("summary", String.join(" · ", badges));
        return x;
    }

    private static Map<String, Object> turnView(DrillDown.TurnView t) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("label", "turn " + t.turn() + " · step " + t.step() + " · depth " + t.depth()
                + (t.resampled() ? " · resampled draw (discarded by the runner and re-drawn; not in any rate)"
                : t.drivenBy() == null ? "" : " · driven by " + t.drivenBy()));
        x.put("promptTokens", t.promptTokens());
        x.put("latency", ms(t.latencyMs()));
        x.put("finish", t.finishReason() == null ? "" : t.finishReason());
        x.put("endpointError", t.endpointError() == null ? "" : t.endpointError());
        x.put("hasRaw", t.raw() != null);
        x.put("rawHtml", rawHtml(t));
        x.put("rawClipped", t.rawClipped());
        x.put("rawLength", t.rawLength());
        x.put("chat", t.chatMessage() == null ? "" : t.chatMessage());
        x.put("strict", outcome(t.strictOk()));
        x.put("strictClass", cls(t.strictOk()));
        x.put("strictError", t.strictError() == null ? "" : t.strictError());
        x.put("strictMessages", t.strictMessages() == null ? "" : t.strictMessages());
        x.put("nonStrict", outcome(t.nonStrictOk()));
        x.put("nonStrictClass", cls(t.nonStrictOk()));
        x.put("nonStrictError", t.nonStrictError() == null ? "" : t.nonStrictError());
        x.put("lenient", outcome(t.lenientOk()) + (t.repairs().isEmpty() ? "" : " with " + t.repairs().size()
                + " repair(s)"));
        x.put("lenientClass", t.lenientOk() != null && t.lenientOk() && !t.repairs().isEmpty() ? "rep" : cls(t.lenientOk()));
        x.put("lenientError", t.lenientError() == null ? "" : t.lenientError());
        x.put("lenientMessages", t.lenientMessages() == null ? "" : t.lenientMessages());
        x.put("sameParse", t.strictError() == null && t.lenientError() == null && t.strictMessages() != null
                && t.strictMessages().equals(t.lenientMessages()));
        List<Map<String, Object>> reps = new ArrayList<>();
        Set<Integer> located = new HashSet<>();
        for (Object[] seg : DrillDown.segments(t.raw(), t.repairs())) if (seg[1] instanceof DrillDown.Span sp) located.add(sp.index());
        for (DrillDown.Span sp : t.repairs()) {
            reps.add(Map.of("i", sp.index(), "code", sp.code(), "offset", sp.offset(), "before", sp.before(),
                    "after", sp.after(), "located", located.contains(sp.index())));
        }
        x.put("repairs", reps);
        x.put("hasRepairs", !reps.isEmpty());
        boolean noModes = t.failureModes().isEmpty() && (t.strictFailureModes() == null || t.strictFailureModes().isEmpty())
                && (t.lenientFailureModes() == null || t.lenientFailureModes().isEmpty());
        x.put("modes", noModes ? "" : String.join(", ", t.failureModes()) + (t.strictFailureModes() == null || t.lenientFailureModes() == null ? ""
                : " (breaks strict: " + (t.strictFailureModes().isEmpty() ? "none" : String.join(", ", t.strictFailureModes()))
                + "; still breaks after lenient: " + (t.lenientFailureModes().isEmpty() ? "none"
                : String.join(", ", t.lenientFailureModes())) + ")"));
        x.put("faults", String.join(", ", t.injectedFaults()));
        List<Map<String, Object>> calls = new ArrayList<>();
        for (DrillDown.CallView cv : t.calls()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", cv.name() == null ? "" : cv.name());
            c.put("arguments", cv.arguments() == null ? "" : cv.arguments());
            c.put("flags", (cv.validName() ? "known tool" : "UNKNOWN TOOL") + " · " + (cv.validJson() ? "JSON ok"
                    : "INVALID JSON") + " · " + (cv.schemaValid() ? "schema ok" : "SCHEMA MISMATCH")
                    + (cv.agrees() == null ? "" : cv.agrees() ? " · agrees with recording" : " · DIFFERS from recording"));
            c.put("ok", cv.validName() && cv.validJson() && cv.schemaValid());
            c.put("schemaErrors", cv.schemaErrors() == null ? "" : cv.schemaErrors());
            c.put("result", cv.result() == null ? "" : cv.result());
            calls.add(c);
        }
        x.put("calls", calls);
        x.put("bad", Boolean.FALSE.equals(t.strictOk()) || t.endpointError() != null);
        return x;
    }

    static String ms(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.1f", v);
    }

    private static String outcome(Boolean ok) {
        return ok == null ? "n/a" : ok ? "ok" : "failed";
    }

    private static String cls(Boolean ok) {
        return ok == null ? "na" : ok ? "ok" : "bad";
    }

    /** The raw output with each located repair wrapped in a highlighted, numbered span; everything escaped. */
    static String rawHtml(DrillDown.TurnView t) {
        if (t.raw() == null) return "";
        StringBuilder sb = new StringBuilder("<bdi>");
        for (Object[] seg : DrillDown.segments(t.raw(), t.repairs())) {
            String text = (String) seg[0];
            if (seg[1] instanceof DrillDown.Span sp) {
                String title = sp.code() + ": " + visible(sp.before()) + " → " + visible(sp.after());
                sb.append("<span class=\"rep\" title=\"").append(Text.html(title)).append("\"><sup>")
                        .append(sp.index()).append("</sup>");
                if (text.isEmpty()) sb.append("<span class=\"ins\">").append(Text.htmlVisible(sp.after())).append("</span>");
                else sb.append(Text.htmlVisible(text));
                sb.append("</span>");
            } else {
                sb.append(Text.htmlVisible(text));
            }
        }
        return sb.append("</bdi>").toString();
    }

    private static String visible(String s) {
        return s.isEmpty() ? "(nothing)" : "\u201C" + s + "\u201D";
    }
}
