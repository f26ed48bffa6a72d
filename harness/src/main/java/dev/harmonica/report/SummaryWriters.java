package dev.harmonica.report;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.harmony.FailureMode;
import dev.harmonica.turn.Verdict;
import org.apache.commons.csv.CSVPrinter;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** Writes the small report files from a {@link ReportModel}: every output but turns.csv and index.html. */
final class SummaryWriters {
    private SummaryWriters() {
    }

    static final String[] SUMMARY_HEADER = {"run_id", "variant", "baseline", "simulated", "turns", "judged_turns",
            "not_judged_turns", "harness_error_turns", "not_judged_causes", "verdict_ok", "verdict_rescued",
            "verdict_rescued_with_loss", "verdict_failed", "rescued_with_loss_rate", "scenarios",
            "scenarios_incomplete", "scenarios_not_scored", "scenarios_not_attempted", "strict_clean_scenarios",
            "strict_failures",
            "strict_rate", "strict_ci95_low", "strict_ci95_high", "harmony_non_strict_failures",
            "harmony_non_strict_rate", "lenient_failures", "lenient_rate", "lenient_ci95_low", "lenient_ci95_high",
            "rescued_by_lenient", "repaired_turns", "bfcl_base", "bfcl_miss_func", "bfcl_miss_param",
            "bfcl_long_context", "bfcl_overall_absent_as_zero", "bfcl_accuracy_entries_run", "bfcl_correct",
            "bfcl_total", "bfcl_not_scored",
            "swe_scenarios", "swe_not_scored", "swe_agreement",
            "tool_calls", "tool_calls_invalid", "tool_calls_schema_invalid", "tool_call_agreement",
            "latency_p50_ms", "latency_p90_ms", "latency_p95_ms", "latency_p99_ms", "latency_mean_ms",
            "prompt_tokens_mean", "max_depth", "resampled_draws"};
    static final String[] MODES_HEADER = {"run_id", "variant", "failure_mode", "level", "description",
            "judged_turns", "unjudged_turns", "seen", "seen_rate_of_judged", "strict_count", "strict_rate_of_judged",
            "lenient_count", "lenient_rate_of_judged"};
    static final String[] DEPTH_HEADER = {"run_id", "variant", "dimension", "bucket", "bucket_low",
            "judged_turns", "strict_failures", "strict_rate", "strict_ci95_low", "strict_ci95_high",
            "lenient_failures", "lenient_rate"};
    static final String[] BFCL_HEADER = {"Rank", "Model", "Multi Turn Overall Acc", "Base", "Miss Func",
            "Miss Param", "Long Context"};

    /** A CSV printer; its header cells are formula-guarded, and so must be every record ({@link Text#csvCells}). */
    static CSVPrinter csv(Path file, String... header) throws IOException {
        String[] h = new String[header.length];
        for (int i = 0; i < h.length; i++) h[i] = Text.csvText(header[i]);
        return new CSVPrinter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), TurnsCsv.format(h));
    }

    static void summaryCsv(ReportModel m, Path file) throws IOException {
        RunData run = m.run();
        try (CSVPrinter p = csv(file, SUMMARY_HEADER)) {
            for (VariantStats v : run.variants()) {
                Latency l = m.latency().get(v.name());
                Stats.Interval sc = v.strictInterval(), lc = v.lenientInterval();
                long n = v.evaluable;
                p.printRecord(Text.csvCells(run.runId(), v.name(), v.name().equals(m.baseline()), run.simulated(), v.turns,
                        n, v.endpointFailures, v.harnessErrors, causes(v.notJudgedCauses),
                        v.verdict(Verdict.OK), v.verdict(Verdict.RESCUED), v.verdict(Verdict.RESCUED_WITH_LOSS),
                        v.verdict(Verdict.FAILED), Text.rate(v.verdict(Verdict.RESCUED_WITH_LOSS), n), v.scenarios,
                        v.scenarioStatus.getOrDefault(ScenarioResult.INCOMPLETE, 0L), v.notScoredScenarios,
                        JudgedLine.of(v).notAttemptedTotal(), v.strictCleanScenarios, v.strictFailures, Text.rate(v.strictFailures, n),
                        n == 0 ? "" : Text.rate(sc.low()), n == 0 ? "" : Text.rate(sc.high()),
                        v.nonStrictFailures, Text.rate(v.nonStrictFailures, n), v.lenientFailures,
                        Text.rate(v.lenientFailures, n), n == 0 ? "" : Text.rate(lc.low()),
                        n == 0 ? "" : Text.rate(lc.high()), v.rescued, v.repaired,
                        Text.rate(v.bfclAccuracy("base")), Text.rate(v.bfclAccuracy("miss_func")),
                        Text.rate(v.bfclAccuracy("miss_param")), Text.rate(v.bfclAccuracy("long_context")),
                        Text.rate(v.bfclOverall()), Text.rate(v.bfclAccuracy()), v.bfclCorrect(), v.bfclTotal(),
                        v.bfclNotScored, v.sweScenarios, v.sweNotScored,
                        Text.rate(v.sweAgreement()), v.toolCalls,
                        Math.max(v.toolCallsInvalidName, v.toolCallsInvalidJson), v.toolCallsSchemaInvalid,
                        v.toolCallsCompared == 0 ? "" : Text.rate((double) v.toolCallsAgreeing / v.toolCallsCompared),
                        Text.num(l.p50()), Text.num(l.p90()), Text.num(l.p95()), Text.num(l.p99()),
                        Text.num(l.mean()), v.turns == 0 ? "" : Text.num((double) v.promptTokensSum / v.turns),
                        v.maxDepth, v.resampled));
            }
        }
    }

    /** {@code connection_refused=31;read_timeout=7}: not-judged causes for a CSV cell. */
    static String causes(Map<String, Long> causes) {
        List<String> parts = new ArrayList<>();
        causes.forEach((k, n) -> parts.add(k + "=" + n));
        return String.join(";", parts);
    }

    /** Failure-mode rows in a stable order: FailureMode's declaration order, then unknown codes alphabetically. */
    static List<String> modeOrder(RunData run) {
        TreeSet<String> all = new TreeSet<>();
        for (VariantStats v : run.variants()) all.addAll(v.modes.keySet());
        List<String> out = new ArrayList<>();
        for (FailureMode f : FailureMode.values()) if (all.remove(f.code())) out.add(f.code());
        out.addAll(all);
        boolean unclassified = run.variants().stream().anyMatch(v -> v.unclassifiedStrict > 0);
        if (unclassified) out.add(UNCLASSIFIED);
        return out;
    }

    static final String UNCLASSIFIED = "(unclassified)";

    /** {seen, strict, lenient} for a variant and mode (the unclassified pseudo-mode: strict failures without one). */
    static long[] modeCounts(VariantStats v, String mode) {
        if (mode.equals(UNCLASSIFIED)) return new long[]{v.unclassifiedStrict, v.unclassifiedStrict, 0};
        return v.modes.getOrDefault(mode, new long[3]);
    }

    static String modeLevel(String mode) {
        if (mode.equals(UNCLASSIFIED)) return "format";
        FailureMode f = FailureMode.byCode(mode);
        if (f == null) return "unknown";
        return TurnRow.isToolLevel(mode) ? "tool" : "format";
    }

    static String modeDescription(String mode) {
        if (mode.equals(UNCLASSIFIED)) return "strict failed but the journal names no format failure mode";
        FailureMode f = FailureMode.byCode(mode);
        return f == null ? "" : f.description();
    }

    static void failureModesCsv(ReportModel m, Path file) throws IOException {
        RunData run = m.run();
        List<String> modes = modeOrder(run);
        try (CSVPrinter p = csv(file, MODES_HEADER)) {
            for (VariantStats v : run.variants()) {
                for (String mode : modes) {
                    long[] c = modeCounts(v, mode);
                    p.printRecord(Text.csvCells(run.runId(), v.name(), mode, modeLevel(mode), modeDescription(mode),
                            v.evaluable, v.endpointFailures + v.harnessErrors, c[0], Text.rate(c[0], v.evaluable),
                            c[1], Text.rate(c[1], v.evaluable), c[2], Text.rate(c[2], v.evaluable)));
                }
            }
        }
    }

    static void depthCsv(ReportModel m, Path file) throws IOException {
        RunData run = m.run();
        try (CSVPrinter p = csv(file, DEPTH_HEADER)) {
            for (VariantStats v : run.variants()) {
                for (int dim = 0; dim < 2; dim++) {
                    int[] bounds = dim == 0 ? VariantStats.DEPTH_BOUNDS : VariantStats.TOKEN_BOUNDS;
                    long[][] b = dim == 0 ? v.depth : v.tokens;
                    for (int i = 0; i < bounds.length; i++) {
                        if (b[i][0] == 0) continue;
                        Stats.Interval ci = Stats.wilson(b[i][1], b[i][0]);
                        p.printRecord(Text.csvCells(run.runId(), v.name(), dim == 0 ? "depth" : "prompt_tokens",
                                VariantStats.bucketLabel(bounds, i, dim == 1), bounds[i], b[i][0], b[i][1],
                                Text.rate(VariantStats.rate(b[i][1], b[i][0])), Text.rate(ci.low()),
                                Text.rate(ci.high()), b[i][2], Text.rate(VariantStats.rate(b[i][2], b[i][0]))));
                    }
                }
            }
        }
    }

    static void censusCsv(ReportModel m, Path file) throws IOException {
        RunData run = m.run();
        List<String> header = new ArrayList<>(List.of("rank", "signature", "total"));
        for (VariantStats v : run.variants()) header.add(v.name());
        try (CSVPrinter p = csv(file, header.toArray(String[]::new))) {
            int rank = 0;
            for (RunData.CensusEntry e : run.census()) {
                List<Object> row = new ArrayList<>();
                row.add(++rank);
                row.add(e.signature());
                row.add(e.total());
                for (long c : e.counts()) row.add(c);
                p.printRecord(Text.csvCells(row.toArray()));
            }
        }
    }

    /**
     * BFCL's {@code data_multi_turn.csv} layout: comma-joined without quoting, percentages {@code "%.2f%%"}, sorted by
     * overall accuracy descending with N/A rows last, rank from 1; overall = unweighted mean of the four categories
     * with a missing one counted as 0 (ShishirPatil/gorilla bfcl_eval eval_checker/eval_runner_helper.py). Commas in variant names become semicolons because
     * BFCL does not quote.
     */
    static void bfclScoresCsv(ReportModel m, Path file) throws IOException {
        List<VariantStats> rows = new ArrayList<>(m.run().variants().stream().filter(v -> v.bfclTotal() > 0).toList());
        rows.sort(Comparator.comparing((VariantStats v) -> v.bfclOverall() == null ? 1 : 0)
                .thenComparing(v -> v.bfclOverall() == null ? 0 : -v.bfclOverall()));
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(String.join(",", BFCL_HEADER));
            w.write('\n');
            int rank = 0;
            for (VariantStats v : rows) {
                List<String> cells = new ArrayList<>();
                cells.add(Integer.toString(++rank));
                cells.add(Text.csvText(v.name().replace(',', ';').replace('\n', ' ').replace('\r', ' ')));
                cells.add(Text.pct2(v.bfclOverall()));
                for (String c : VariantStats.BFCL_CATEGORIES) cells.add(Text.pct2(v.bfclAccuracy(c)));
                w.write(String.join(",", cells));
                w.write('\n');
            }
        }
    }

    static void summaryJson(ReportModel m, Path file) throws IOException {
        RunData run = m.run();
        ObjectNode root = JournalScanner.MAPPER.createObjectNode();
        root.put("run_id", run.runId());
        root.put("simulated", run.simulated());
        if (run.simulated()) root.put("simulated_note", RunInfo.SIMULATOR_NOTE);
        root.put("protocol", run.protocol());
        root.put("baseline", m.baseline());
        root.put("headline", m.headline());
        judgedNode(root.putObject("outcomes"), JudgedLine.of(run.variants()));
        ObjectNode j = root.putObject("journal");
        j.put("records", run.records());
        j.put("turn_records", run.turnRecords());
        j.put("scenario_records", run.scenarioRecords());
        j.put("other_records", run.otherRecords());
        j.put("superseded_turns", run.supersededTurns());
        j.put("duplicate_scenario_records", run.duplicateScenarioRecords());
        j.put("warnings_total", run.warnings().total());
        ArrayNode wa = j.putArray("warnings");
        run.warnings().first().forEach(wa::add);
        ArrayNode shards = j.putArray("shards");
        run.shards().forEach(shards::add);
        ArrayNode vs = root.putArray("variants");
        for (VariantStats v : run.variants()) {
            ObjectNode o = vs.addObject();
            o.put("name", v.name());
            o.put("baseline", v.name().equals(m.baseline()));
            o.put("turns", v.turns);
            judgedNode(o.putObject("outcomes"), JudgedLine.of(v));
            if (v.retriedAttempts > 0) {
                ObjectNode ra = o.putObject("retried_attempts");
                ra.put("count", v.retriedAttempts);
                ObjectNode rc0 = ra.putObject("causes");
                v.retriedCauses.forEach(rc0::put);
            }
            ObjectNode vd = o.putObject("verdicts");
            for (Verdict x : Verdict.values()) vd.put(x.jsonName(), v.verdict(x));
            o.put("evaluable_turns", v.evaluable);
            o.put("resampled_draws", v.resampled);
            o.put("failure_modes_counting", v.legacyModeTurns == 0 ? "per-parser"
                    : v.legacyModeTurns == v.evaluable ? "legacy" : "mixed");
            o.put("endpoint_failures", v.endpointFailures);
            ObjectNode sc = o.putObject("scenarios");
            sc.put("total", v.scenarios);
            sc.put("strict_clean", v.strictCleanScenarios);
            sc.put("not_scored", v.notScoredScenarios);
            ObjectNode st = sc.putObject("status");
            v.scenarioStatus.forEach(st::put);
            rateNode(o.putObject("strict"), v.strictFailures, v.evaluable, true);
            rateNode(o.putObject("harmony_non_strict"), v.nonStrictFailures, v.evaluable, true);
            rateNode(o.putObject("lenient"), v.lenientFailures, v.evaluable, true);
            rateNode(o.putObject("rescued_with_loss"), v.verdict(Verdict.RESCUED_WITH_LOSS), v.evaluable, false);
            o.put("rescued_by_lenient", v.rescued);
            o.put("repaired_turns", v.repaired);
            ObjectNode rc = o.putObject("repair_codes");
            v.repairCodes.forEach(rc::put);
            ObjectNode fm = o.putObject("failure_modes");
            for (String mode : modeOrder(run)) {
                long[] c = modeCounts(v, mode);
                if (c[0] == 0 && c[1] == 0) continue;
                ObjectNode x = fm.putObject(mode);
                x.put("seen", c[0]);
                x.put("strict", c[1]);
                x.put("lenient", c[2]);
            }
            ObjectNode b = o.putObject("bfcl");
            ObjectNode cats = JournalScanner.MAPPER.createObjectNode();
            for (Map.Entry<String, long[]> e : v.bfcl.entrySet()) {
                ObjectNode x = cats.putObject(e.getKey());
                x.put("correct", e.getValue()[0]);
                x.put("total", e.getValue()[1]);
                x.put("accuracy", Text.dec(VariantStats.rate(e.getValue()[0], e.getValue()[1])));
            }
            if (v.bfclAccuracy() != null) {
                b.put("accuracy_entries_run", Text.dec(v.bfclAccuracy()));
                b.put("correct", v.bfclCorrect());
                b.put("total", v.bfclTotal());
            }
            if (v.bfclTotal() > 0 || v.bfclNotScored > 0) {
                b.put("scored", v.bfclTotal());
                b.put("not_scored", v.bfclNotScored);
            }
            if (v.bfclOverall() != null) {
                b.put("overall_bfcl_rule", Text.dec(v.bfclOverall()));
                b.put("overall_all_categories_present",
                        VariantStats.BFCL_CATEGORIES.stream().allMatch(k -> v.bfclAccuracy(k) != null));
                b.put("overall_note", BFCL_OVERALL_LABEL);
            }
            b.set("categories", cats);
            List<String> order = new ArrayList<>(VariantStats.BFCL_CATEGORIES);
            cats.fieldNames().forEachRemaining(k -> { if (!order.contains(k)) order.add(k); });
            ObjectNode sorted = JournalScanner.MAPPER.createObjectNode();
            for (String k : order) if (cats.has(k)) sorted.set(k, cats.get(k));
            b.set("categories", sorted);
            ObjectNode swe = o.putObject("swe");
            swe.put("scenarios", v.sweScenarios);
            swe.put("not_scored", v.sweNotScored);
            if (v.sweAgreement() != null) swe.put("mean_agreement", Text.dec(v.sweAgreement()));
            swe.put("tool_calls_compared", v.toolCallsCompared);
            swe.put("tool_calls_agreeing", v.toolCallsAgreeing);
            SweReport.putJson(o, v);
            ObjectNode tc = o.putObject("tool_calls");
            tc.put("total", v.toolCalls);
            tc.put("invalid_name", v.toolCallsInvalidName);
            tc.put("invalid_json", v.toolCallsInvalidJson);
            tc.put("schema_invalid", v.toolCallsSchemaInvalid);
            Latency l = m.latency().get(v.name());
            ObjectNode lat = o.putObject("latency_ms");
            lat.put("n", l.n());
            if (l.n() > 0) {
                lat.put("p50", Text.dec(l.p50()));
                lat.put("p90", Text.dec(l.p90()));
                lat.put("p95", Text.dec(l.p95()));
                lat.put("p99", Text.dec(l.p99()));
                lat.put("mean", Text.dec(l.mean()));
                lat.put("max", Text.dec(l.max()));
            }
            ObjectNode tok = o.putObject("tokens");
            tok.put("prompt_sum", v.promptTokensSum);
            tok.put("completion_sum", v.completionTokensSum);
            tok.put("max_prompt", v.maxPromptTokens);
            tok.put("max_depth", v.maxDepth);
            v.echo.json(o.putObject("echo"));
            v.margins.json(o.putObject("logprob_margins"));
        }
        ArrayNode cs = root.putArray("comparisons");
        for (Comparison c : m.comparisons()) ComparisonWriters.json(cs.addObject(), c);
        ArrayNode census = root.putArray("census_top");
        int n = 0;
        for (RunData.CensusEntry e : run.census()) {
            if (n++ >= 50) break;
            ObjectNode x = census.addObject();
            x.put("signature", e.signature());
            x.put("total", e.total());
            ObjectNode per = x.putObject("per_variant");
            for (int i = 0; i < run.variants().size(); i++) per.put(run.variants().get(i).name(), e.counts()[i]);
        }
        root.put("census_distinct", run.census().size());
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            JournalScanner.MAPPER.writer(SerializationFeature.INDENT_OUTPUT).writeValue(w, root);
        }
    }

    /** A count over judged turns ({@code n}) and its rate; no rate (nor interval) when nothing was judged. */
    private static void rateNode(ObjectNode o, long x, long n, boolean ci) {
        o.put(ci ? "failures" : "count", x);
        o.put("n", n);
        o.put("n_is", "judged turns");
        if (n == 0) return;
        o.put("rate", Text.dec(VariantStats.rate(x, n)));
        if (ci) {
            Stats.Interval w = Stats.wilson(x, n);
            ArrayNode a = o.putArray("ci95_wilson");
            a.add(Text.dec(w.low()));
            a.add(Text.dec(w.high()));
        }
    }

    /** The three outcomes: counts, causes, retried attempts and the phrase the other reports show. */
    private static void judgedNode(ObjectNode o, JudgedLine l) {
        o.put("judged_turns", l.judged());
        o.put("not_judged_turns", l.notJudged());
        o.put("harness_error_turns", l.harness());
        ObjectNode c = o.putObject("not_judged_causes");
        l.causes().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> c.put(e.getKey(), e.getValue()));
        if (!l.notAttempted().isEmpty()) {
            ObjectNode na = o.putObject("scenarios_not_attempted");
            l.notAttempted().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> na.put(e.getKey(), e.getValue()));
        }
        if (l.nothingJudged()) o.put("nothing_judged", l.nothingJudgedReason());
        o.put("text", l.text());
    }

    // ---- summary.md

    /**
     * BFCL's own overall (data_multi_turn.csv): the unweighted mean of the four multi-turn categories with an absent
     * category counted as 0. Always shown under this label, never as plain "accuracy".
     */
    static final String BFCL_OVERALL_LABEL = "BFCL overall (absent categories count as 0, as BFCL does)";

    /** {@code 75.0% (3/4)} for a category, or {@code –} when the variant has no entry there. */
    static String bfclCell(VariantStats v, String category) {
        long[] c = v.bfcl.get(category);
        return c == null || c[1] == 0 ? "–" : Text.pct((double) c[0] / c[1]) + " (" + c[0] + "/" + c[1] + ")";
    }

    /** One variant's row of the summary.md table: no rate when nothing was judged. */
    private static String mdRow(ReportModel m, VariantStats v) {
        Latency l = m.latency().get(v.name());
        long n = v.evaluable;
        StringBuilder sb = new StringBuilder("| ").append(Text.mdCode(v.name()))
                .append(v.name().equals(m.baseline()) && m.run().variants().size() > 1 ? " (baseline)" : "")
                .append(" | ").append(n).append(" | ").append(v.endpointFailures).append(" | ").append(v.harnessErrors)
                .append(" | ").append(v.scenarios);
        for (Verdict x : Verdict.values()) sb.append(" | ").append(v.verdict(x));
        if (n == 0) {
            sb.append(" | no turn judged | – | no turn judged | –");
        } else {
            Stats.Interval sc = v.strictInterval(), lc = v.lenientInterval();
            sb.append(" | ").append(Text.pct(v.strictRate())).append(" (").append(Text.pct(sc.low())).append("–")
                    .append(Text.pct(sc.high())).append(")").append(" | ").append(Text.pct(v.nonStrictRate()))
                    .append(" | ").append(Text.pct(v.lenientRate())).append(" (").append(Text.pct(lc.low()))
                    .append("–").append(Text.pct(lc.high())).append(")")
                    .append(" | ").append(Text.pct(v.rescuedWithLossRate()));
        }
        sb.append(" | ").append(bfclAccuracyText(v))
                .append(" | ").append(l.n() == 0 ? "–" : HtmlReport.ms(l.p50()) + " / " + HtmlReport.ms(l.p95()) + " ms")
                .append(" |\n");
        return sb.toString();
    }

    /**
     * {@code 60.0% (30/50 scored; 2 not scored)}: correct over scored entries, the not-scored count beside it; without
     * a scored entry no accuracy ({@code not scored (10 entries)}); {@code –} when the variant has no BFCL entry.
     */
    static String bfclAccuracyText(VariantStats v) {
        String ns = v.bfclNotScored == 0 ? "" : "; " + v.bfclNotScored + " not scored";
        if (v.bfclTotal() == 0) return v.bfclNotScored == 0 ? "–" : "not scored (" + v.bfclNotScored + " entries)";
        return Text.pct(v.bfclAccuracy()) + " (" + v.bfclCorrect() + "/" + v.bfclTotal() + " scored" + ns + ")";
    }

    /** The "not judged" section: per variant, the causes of its not-judged turns and the attempts played again. */
    private static void notJudgedMd(RunData run, StringBuilder sb) {
        if (run.variants().stream().noneMatch(VariantStats::hasUnjudged)) return;
        sb.append("### Not judged\n\n");
        for (VariantStats v : run.variants()) {
            if (!v.hasUnjudged()) continue;
            JudgedLine l = JudgedLine.of(v);
            sb.append("- ").append(Text.mdCode(v.name())).append(": ").append(mdText(l.text()));
            if (v.notScoredScenarios > 0) sb.append("; ").append(v.notScoredScenarios).append(" scenario(s) not scored");
            if (v.retriedAttempts > 0) {
                sb.append("; ").append(v.retriedAttempts).append(" earlier attempt(s) not judged and played again (")
                        .append(mdText(JudgedLine.causeList(v.retriedCauses)))
                        .append(")");
            }
            sb.append('\n');
        }
        sb.append('\n');
    }

    static void summaryMd(ReportModel m, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(summaryMarkdown(m));
        }
    }

    static String summaryMarkdown(ReportModel m) {
        RunData run = m.run();
        StringBuilder sb = new StringBuilder();
        sb.append("## Harmonica run ").append(Text.mdCode(run.runId())).append("\n\n");
        if (run.simulated()) {
            sb.append("> [!WARNING]\n> **").append(RunInfo.SIMULATOR_NOTE).append(".**\n\n");
        }
        sb.append("Numbers: ").append(mdText(run.protocol())).append(".\n\n");
        sb.append("**").append(mdText(m.headline())).append("**\n\n");
        sb.append("Turns: ").append(mdText(JudgedLine.of(run.variants()).text())).append(". Rates are over judged")
                .append(" turns only; not-judged and harness-error turns are counted beside them, never as a failure")
                .append(" or a success.\n\n");
        sb.append("| variant | turns judged | not judged | harness errors | scenarios | ok | rescued | rescued with loss"
                + " | failed | strict failure rate of judged (95% CI) | harmony non-strict | lenient failure rate of judged"
                + " (95% CI) | rescued-with-loss rate | BFCL accuracy (scored entries) | latency p50 / p95 |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (VariantStats v : run.variants()) sb.append(mdRow(m, v));
        sb.append('\n');
        notJudgedMd(run, sb);
        long resampled = run.variants().stream().mapToLong(VariantStats::resampled).sum();
        if (resampled > 0) {
            sb.append("Resampled draws (discarded by the runner and re-drawn; rows in turns.csv, not in any rate): ");
            List<String> parts = new ArrayList<>();
            for (VariantStats v : run.variants()) parts.add(Text.mdCode(v.name()) + " " + v.resampled());
            sb.append(String.join(", ", parts)).append(".\n\n");
        }
        if (run.variants().stream().anyMatch(v -> v.bfclTotal() > 0 || v.bfclNotScored > 0)) {
            sb.append("### BFCL multi-turn\n\n");
            sb.append("| variant | BFCL accuracy (scored entries) | base | miss_func | miss_param | long_context | ")
                    .append(BFCL_OVERALL_LABEL).append(" |\n|---|---:|---:|---:|---:|---:|---:|\n");
            for (VariantStats v : run.variants()) {
                if (v.bfclTotal() == 0 && v.bfclNotScored == 0) continue;
                sb.append("| ").append(Text.mdCode(v.name())).append(" | ").append(bfclAccuracyText(v));
                for (String k : VariantStats.BFCL_CATEGORIES) sb.append(" | ").append(bfclCell(v, k));
                sb.append(" | ").append(Text.pct(v.bfclOverall())).append(" |\n");
            }
            sb.append('\n');
        }
        SweReport.markdown(run, sb);
        if (!m.comparisons().isEmpty()) ComparisonWriters.markdown(sb, m);
        sb.append("### Error census (top 10 of ").append(run.census().size()).append(")\n\n");
        if (run.census().isEmpty()) {
            sb.append("No strict failures.\n");
        } else {
            sb.append("| count | signature |");
            for (VariantStats v : run.variants()) sb.append(' ').append(Text.mdCode(v.name())).append(" |");
            sb.append("\n|---:|---|");
            sb.append("---:|".repeat(run.variants().size())).append('\n');
            List<RunData.CensusEntry> top = run.census().subList(0, Math.min(10, run.census().size()));
            for (RunData.CensusEntry e : top) {
                sb.append("| ").append(e.total()).append(" | ").append(Text.mdCode(e.signature())).append(" |");
                for (long c : e.counts()) sb.append(' ').append(c).append(" |");
                sb.append('\n');
            }
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < run.variants().size(); i++) {
                text.append("# ").append(run.variants().get(i).name().replace('\n', ' ')).append('\n');
                int shown = 0;
                for (RunData.CensusEntry e : run.census()) {
                    if (e.counts()[i] == 0) continue;
                    if (shown++ >= 10) break;
                    text.append(String.format(Locale.ROOT, "%4dx  %s%n", e.counts()[i],
                            e.signature().replace("\r", "\\r").replace("\n", "\\n")));
                }
            }
            String fence = Text.mdFence(text.toString());
            sb.append("\n<details><summary>census as text, per variant</summary>\n\n").append(fence).append("text\n")
                    .append(text).append(fence).append("\n\n</details>\n");
        }
        if (run.warnings().total() > 0) {
            sb.append("\n").append(run.warnings().total()).append(" journal warning(s); see index.html.\n");
        }
        return sb.toString();
    }

    /** Markdown text that renders literally: HTML and emphasis characters escaped, one line. */
    static String mdText(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '\n', '\r' -> sb.append(' ');
                case '*', '_', '`', '[', ']', '\\', '|', '~' -> sb.append('\\').append(c);
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    // ---- junit.xml

    /**
     * One test case per scenario × variant. A case fails when any turn failed under strict or the BFCL checker said
     * invalid; it is an error when the scenario ended in an endpoint error or is incomplete. The message carries the
     * first failure.
     */
    static void junitXml(ReportModel m, Path file) throws IOException {
        RunData run = m.run();
        long tests = 0, failures = 0, errors = 0;
        double time = 0;
        for (VariantStats v : run.variants()) {
            for (ScenarioResult s : run.scenarios().get(v.name()).values()) {
                tests++;
                time += s.latencyMs() / 1000;
                String kind = junitKind(s);
                if ("error".equals(kind)) errors++;
                else if ("failure".equals(kind)) failures++;
            }
        }
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
            w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            w.write("<testsuites name=\"harmonica " + Text.xml(run.runId()) + "\" tests=\"" + tests + "\" failures=\""
                    + failures + "\" errors=\"" + errors + "\" time=\"" + secs(time) + "\">\n");
            for (VariantStats v : run.variants()) {
                long t = 0, f = 0, e = 0;
                double vt = 0;
                for (ScenarioResult s : run.scenarios().get(v.name()).values()) {
                    t++;
                    vt += s.latencyMs() / 1000;
                    String kind = junitKind(s);
                    if ("error".equals(kind)) e++;
                    else if ("failure".equals(kind)) f++;
                }
                w.write("  <testsuite name=\"" + Text.xml(v.name()) + "\" tests=\"" + t + "\" failures=\"" + f
                        + "\" errors=\"" + e + "\" skipped=\"0\" time=\"" + secs(vt) + "\">\n");
                w.write("    <properties>\n");
                prop(w, "run_id", run.runId());
                prop(w, "variant", v.name());
                prop(w, "simulated", Boolean.toString(run.simulated()));
                if (run.simulated()) prop(w, "note", RunInfo.SIMULATOR_NOTE);
                prop(w, "judged_turns", Long.toString(v.evaluable));
                prop(w, "not_judged_turns", Long.toString(v.endpointFailures));
                prop(w, "harness_error_turns", Long.toString(v.harnessErrors));
                if (v.evaluable > 0) {
                    prop(w, "strict_failure_rate", Text.rate(v.strictRate()));
                    prop(w, "lenient_failure_rate", Text.rate(v.lenientRate()));
                }
                w.write("    </properties>\n");
                for (ScenarioResult s : run.scenarios().get(v.name()).values()) {
                    // dots would split the variant into CI "package" levels (harmony-v0.0.8 → harmony-v0 / 0 / 8)
                    String cls = "harmonica." + v.name().replace('.', '_') + (s.source() == null ? "" : "." + s.source());
                    w.write("    <testcase classname=\"" + Text.xml(cls) + "\" name=\"" + Text.xml(s.scenarioId())
                            + "\" time=\"" + secs(s.latencyMs() / 1000) + "\"");
                    String kind = junitKind(s);
                    if (kind == null) {
                        w.write("/>\n");
                        continue;
                    }
                    w.write(">\n");
                    String type, message;
                    if ("error".equals(kind)) {
                        type = ScenarioResult.INCOMPLETE.equals(s.status()) ? "incomplete"
                                : s.harnessErrors() > 0 || "harness_error".equals(s.status()) ? "harness_error"
                                : "not_judged";
                        message = ScenarioResult.INCOMPLETE.equals(s.status())
                                ? "incomplete: the journal has no scenario record (interrupted run)"
                                : "not judged, not scored: scenario ended with status " + s.status()
                                + (s.error() == null ? "" : ": " + s.error())
                                + (s.firstFailure() == null ? "" : "; first at " + s.firstFailure());
                    } else if (s.strictFailures() > 0) {
                        type = "strict_format";
                        message = "first strict failure at " + s.firstFailure();
                    } else {
                        type = "bfcl:" + (s.bfclErrorType() == null ? "invalid" : s.bfclErrorType());
                        message = "BFCL checker: " + (s.bfclMessage() == null ? "invalid" : s.bfclMessage());
                    }
                    StringBuilder body = new StringBuilder();
                    body.append("status: ").append(s.status()).append('\n');
                    body.append("model turns: ").append(s.turns()).append(" (judged ").append(s.evaluable())
                            .append(", not judged ").append(s.endpointFailures()).append(", harness errors ")
                            .append(s.harnessErrors()).append(")\n");
                    body.append("strict failures: ").append(s.strictFailures()).append(", lenient failures: ")
                            .append(s.lenientFailures()).append(" (of judged turns)").append('\n');
                    if (s.firstFailure() != null) body.append("first failure: ").append(s.firstFailure()).append('\n');
                    if (s.bfclValid() != null) {
                        body.append("BFCL: ").append(s.bfclValid() ? "valid" : "invalid");
                        if (s.bfclErrorType() != null) body.append(" (").append(s.bfclErrorType()).append(')');
                        if (s.bfclMessage() != null) body.append(": ").append(s.bfclMessage());
                        body.append('\n');
                    }
                    if (s.sweAgreement() != null) {
                        body.append("SWE action agreement: ").append(Text.pct(s.sweAgreement())).append('\n');
                    }
                    w.write("      <" + kind + " type=\"" + Text.xml(type) + "\" message=\""
                            + Text.xml(TurnRow.clip(message, 500)) + "\">" + Text.xml(body.toString()) + "</" + kind
                            + ">\n");
                    w.write("    </testcase>\n");
                }
                w.write("  </testsuite>\n");
            }
            w.write("</testsuites>\n");
        }
    }

    /**
     * {@code failure} when a judged turn failed under strict or the BFCL checker said invalid; {@code error} when the
     * scenario × variant was not fully judged (not-judged or harness-error turns, status not judged, harness error or
     * incomplete) and no strict failure was seen; null when it passed.
     */
    static String junitKind(ScenarioResult s) {
        if (s.strictFailures() > 0) return "failure";
        if (!s.scored()) return "error";
        return Boolean.FALSE.equals(s.bfclValid()) ? "failure" : null;
    }

    private static void prop(Writer w, String name, String value) throws IOException {
        w.write("      <property name=\"" + Text.xml(name) + "\" value=\"" + Text.xml(value) + "\"/>\n");
    }

    private static String secs(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }
}
