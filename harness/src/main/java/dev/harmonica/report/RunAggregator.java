package dev.harmonica.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.journal.ScenarioRecord;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One streaming pass over a run's journal. Turn records are held only while their scenario × variant attempt is
 * open (until its scenario record arrives), so memory is bounded by the runner's concurrency, not the journal size.
 *
 * <p>Completeness is keyed on the scenario record: a scenario × variant is complete iff its {@code "scenario"} line
 * exists (the runner compacts the journal on {@code --resume}, dropping turn lines of unfinished scenarios, so a
 * current journal has no orphans from a resume). Turn lines still without a scenario record at the end of the journal
 * (a run interrupted or still running) form {@code incomplete} scenarios, with a warning.
 *
 * <p>Resampled draws ({@code driven_by} = {@code resampled}) share (turn, step) with the kept draw; they stay with
 * their scenario as their own rows (turns.csv) and are counted, but excluded from rates, failure modes, the census,
 * latency and pairing. Legacy journals written before the runner compacted on resume can repeat a (turn, step) with
 * a non-resampled line: that starts a new attempt, the earlier lines are dropped and counted as superseded.
 * A second scenario record for a scenario × variant already closed is ignored (with a warning).
 *
 * <p>Variant order (the first is the baseline) is run.json's {@code config.variants} order, never journal order
 * (which depends on thread timing); variants run.json does not declare, or all variants when run.json declares none,
 * follow in name order, with a warning.
 */
final class RunAggregator {
    /** Receives each turn as its scenario closes, in journal order within the scenario. */
    interface TurnSink {
        void turn(TurnRow row, ScenarioResult scenario);
    }

    static final int CENSUS_LIMIT = 5000;
    static final String CENSUS_OVERFLOW = "(other signatures: more than " + CENSUS_LIMIT + " distinct)";

    private final Warnings warnings;
    private final TurnSink sink;
    private final Map<String, VariantStats> variants = new LinkedHashMap<>();
    private final Map<String, Map<String, ScenarioResult>> scenarios = new LinkedHashMap<>();
    private final Map<String, Attempt> open = new LinkedHashMap<>();
    /** Closed scenario × variant → the attempt that closed it. */
    private final Map<String, Integer> closed = new HashMap<>();
    private final Map<String, Parked> parked = new LinkedHashMap<>();
    private final Map<String, long[]> census = new HashMap<>();
    private final List<String> variantIndex = new ArrayList<>();
    private final Set<String> runIds = new TreeSet<>();
    private final Set<String> shards = new TreeSet<>();
    private long records, turnRecords, scenarioRecords, otherRecords, superseded, duplicateScenarios;
    /** Turn records of attempts that ended not judged and were played again (part of {@code superseded}). */
    private long retriedTurns;

    private static final class Attempt {
        final int attempt;
        final List<TurnRow> rows = new ArrayList<>();
        final Set<Long> keys = new HashSet<>();

        Attempt(int attempt) {
            this.attempt = attempt;
        }
    }

    RunAggregator(List<String> variantOrder, Warnings warnings, TurnSink sink) {
        this.warnings = warnings;
        this.sink = sink;
        for (String v : variantOrder) variant(v);
    }

    static RunData aggregate(Path runDir, RunInfo info, TurnSink sink) {
        Warnings w = new Warnings();
        RunAggregator agg = new RunAggregator(info.variantOrder(), w, sink);
        JournalScanner.readPrepared(runDir, info.runId(), w, RunAggregator::prepare, agg::accept);
        return agg.finish(info, runDir);
    }

    private VariantStats variant(String name) {
        VariantStats v = variants.get(name);
        if (v == null) {
            v = new VariantStats(name);
            variants.put(name, v);
            variantIndex.add(name);
            scenarios.put(name, new LinkedHashMap<>());
        }
        return v;
    }

    private static final Object SKIPPED = new Object();

    /** Runs on the reading thread: turn records become compact {@link TurnRow}s right away. */
    static Object prepare(ObjectNode n, String file, long line, Warnings w) {
        if (!"turn".equals(TurnRow.text(n, "type"))) return n;
        TurnRow r = TurnRow.from(n, file, line, w);
        return r == null ? SKIPPED : r;
    }

    void accept(Object prepared, String file, long line) {
        records++;
        if (prepared == SKIPPED) return;
        if (prepared instanceof TurnRow r) {
            acceptTurn(r);
            return;
        }
        ObjectNode n = (ObjectNode) prepared;
        String type = TurnRow.text(n, "type");
        if ("scenario".equals(type)) {
            acceptScenario(n, file, line);
        } else if (type == null) {
            otherRecords++;
            warnings.add(file + " line " + line + ": record without a string field \"type\"; record ignored");
        } else {
            otherRecords++;
        }
    }

    private void acceptTurn(TurnRow r) {
        turnRecords++;
        if (r.runId() != null) runIds.add(r.runId());
        if (r.shard() != null) shards.add(r.shard());
        String k = r.variant() + '\u0000' + r.scenarioId();
        Attempt a = open.get(k);
        long tk = ScenarioResult.key(r.turn(), r.step());
        if (a != null && a.attempt != r.attempt()) { // an unfinished earlier attempt: the runner played it again
            superseded += a.rows.size();
            a = null;
        }
        if (a == null) {
            a = new Attempt(r.attempt());
            open.put(k, a);
        } else if (!r.resampled() && a.keys.contains(tk)) { // legacy journal: a repeated (turn, step) restarts
            superseded += a.rows.size();
            a = new Attempt(r.attempt());
            open.put(k, a);
        }
        if (!r.resampled()) a.keys.add(tk); // a discarded draw shares (turn, step) with the kept one
        a.rows.add(r);
    }

    /**
     * A scenario record closes its attempt. The last attempt counts: an attempt that ended not fully judged is parked
     * until the journal ends (the runner may play it again, {@code attempt} + 1); every other one is counted at once.
     */
    private void acceptScenario(ObjectNode n, String file, long line) {
        String scenario = TurnRow.text(n, "scenario_id"), variant = TurnRow.text(n, "variant");
        if (scenario == null || variant == null) {
            warnings.add(file + " line " + line + ": scenario record without a string field \""
                    + (scenario == null ? "scenario_id" : "variant") + "\"; record skipped");
            return;
        }
        scenarioRecords++;
        String k = variant + '\u0000' + scenario;
        int attempt = n.path("attempt").asInt(1);
        Attempt a = open.remove(k);
        if (a != null && a.attempt != attempt) {
            superseded += a.rows.size();
            a = null;
        }
        List<TurnRow> rows = a == null ? List.of() : a.rows;
        Integer before = closed.get(k);
        if (before != null && attempt <= before) {
            duplicateScenarios++;
            superseded += rows.size();
            warnings.add(file + " line " + line + ": " + (attempt == before ? "second" : "earlier") + " scenario record"
                    + " (attempt " + attempt + ") for " + scenario + " × " + variant + " after attempt " + before
                    + " ignored");
            return;
        }
        if (before != null) {
            Parked p = parked.remove(k);
            if (p == null) {
                duplicateScenarios++;
                superseded += rows.size();
                warnings.add(file + " line " + line + ": attempt " + attempt + " of " + scenario + " × " + variant
                        + " follows a complete attempt " + before + "; ignored (the complete one is kept)");
                return;
            }
            superseded += p.rows.size();
            retriedTurns += p.rows.size();
            variant(variant).addRetried(retriedCause(p));
        }
        closed.put(k, attempt);
        ScenarioRecord.Status st = ScenarioRecord.Status.byName(TurnRow.text(n, "status"));
        if (st != null && st.judged()) close(variant, scenario, rows, n);
        else parked.put(k, new Parked(rows, n));
    }

    /** Why a replaced attempt was not judged: its not-judged turn's cause, else the scenario record's. */
    private static String retriedCause(Parked p) {
        for (TurnRow r : p.rows()) if (r.notJudged()) return r.notJudgedCause();
        for (TurnRow r : p.rows()) if (r.harnessError()) return "harness_error";
        String c = TurnRow.text(p.record().path("not_judged"), "cause");
        return c != null ? c : TurnRow.text(p.record(), "status");
    }

    /** A not-fully-judged attempt waiting to see whether a later attempt replaces it. */
    private record Parked(List<TurnRow> rows, ObjectNode record) {
    }

    private void close(String variant, String scenario, List<TurnRow> rows, JsonNode rec) {
        VariantStats vs = variant(variant);
        ScenarioResult sr = result(variant, scenario, rows, rec);
        scenarios.get(variant).put(scenario, sr);
        vs.addScenario(sr);
        vs.swe.add(sr, rows);
        int vi = variantIndex.indexOf(variant);
        for (TurnRow r : rows) {
            if (r.resampled()) {
                vs.addResampled(r);
                if (sink != null) sink.turn(r, sr);
                continue;
            }
            vs.addTurn(r);
            String sig = r.judged() ? r.signature() : null; // the census is of model output; causes are counted apart
            if (sig != null) countSignature(sig, vi);
            if (sink != null) sink.turn(r, sr);
        }
    }

    private void countSignature(String sig, int vi) {
        long[] c = census.get(sig);
        if (c == null) {
            if (census.size() >= CENSUS_LIMIT) sig = CENSUS_OVERFLOW;
            c = census.computeIfAbsent(sig, x -> new long[0]);
        }
        if (c.length <= vi) {
            c = Arrays.copyOf(c, variantIndex.size());
            census.put(sig, c);
        }
        c[vi]++;
    }

    /** Turn counters of one scenario × variant. */
    private static final class Tally {
        int kept, judged, strict, lenient, notJudged, harness, nonStrict;
        String first;
        double latency;
    }

    private static ScenarioResult result(String variant, String scenario, List<TurnRow> rows, JsonNode rec) {
        Tally t = new Tally();
        for (TurnRow r : rows) if (!r.resampled()) t.kept++;
        long[] keys = new long[t.kept];
        int[] timeline = new int[t.kept];
        int i = 0;
        String source = null, category = null;
        for (TurnRow r : rows) {
            if (source == null) source = r.source();
            if (category == null) category = r.category();
            if (r.resampled()) continue;
            boolean sf = r.strictFailed(), lf = r.lenientFailed(), ev = r.judged(), nf = r.nonStrictFailed();
            if (ev) t.judged++;
            else if (r.notJudged()) t.notJudged++;
            else t.harness++;
            if (sf) t.strict++;
            if (lf) t.lenient++;
            if (nf) t.nonStrict++;
            if (t.first == null && (sf || !ev)) {
                t.first = "depth " + r.depth() + " (turn " + r.turn() + ", step " + r.step() + "): " + r.signature()
                        + (!ev ? "" : lf ? " — lenient failed too" : " — lenient rescued it");
            }
            t.latency += r.latencyMs();
            int bits = ScenarioResult.bits(sf, lf, ev, nf);
            timeline[i] = Math.max(0, r.depth()) << 4 | bits;
            keys[i++] = ScenarioResult.key(r.turn(), r.step()) | bits;
        }
        Arrays.sort(keys);
        Arrays.sort(timeline);
        String status = ScenarioResult.INCOMPLETE, error = null, bfclType = null, bfclMsg = null;
        Boolean bfclValid = null;
        Double swe = null;
        boolean scored = false;
        String unjudgedCause = null;
        if (rec != null) {
            status = TurnRow.text(rec, "status");
            if (status == null) status = "unknown";
            ScenarioRecord.Status st = ScenarioRecord.Status.byName(status);
            // BFCL's protocol scores an entry an endpoint failure ended as failed (inference_error), as BFCL does
            scored = st != null && (st == ScenarioRecord.Status.INFERENCE_ERROR
                    || st.judged() && t.notJudged == 0 && t.harness == 0) && rec.path("scored").asBoolean(true);
            if (st == ScenarioRecord.Status.HARNESS_ERROR) unjudgedCause = "harness_error";
            else if (st == ScenarioRecord.Status.NOT_JUDGED) {
                unjudgedCause = TurnRow.text(rec.path("not_judged"), "cause");
                if (unjudgedCause == null) unjudgedCause = "unknown";
            }
            error = TurnRow.clip(TurnRow.text(rec, "error"), TurnRow.MAX_TEXT);
            if (TurnRow.text(rec, "source") != null) source = TurnRow.text(rec, "source");
            if (TurnRow.text(rec, "category") != null) category = TurnRow.text(rec, "category");
            JsonNode b = rec.get("bfcl");
            if (scored && b != null && b.isObject() && b.has("valid")) {
                bfclValid = b.path("valid").asBoolean();
                bfclType = TurnRow.textOf(b.get("error_type"));
                bfclMsg = TurnRow.clip(TurnRow.textOf(b.get("error_message")), 500);
            }
            JsonNode s = rec.get("swe_agreement");
            if (scored && s != null && s.isNumber()) swe = s.asDouble();
        }
        return new ScenarioResult(scenario, source, category, variant, status, error, t.kept, t.judged, t.strict,
                t.nonStrict, t.lenient, t.notJudged, t.harness, scored, bfclValid, bfclType, bfclMsg, swe,
                TurnRow.clip(t.first, 600), t.latency, keys, unjudgedCause, timeline);
    }

    RunData finish(RunInfo info, Path runDir) {
        long incompleteTurns = 0;
        for (Map.Entry<String, Parked> e : parked.entrySet()) {
            String k = e.getKey();
            int cut = k.indexOf('\u0000');
            close(k.substring(0, cut), k.substring(cut + 1), e.getValue().rows(), e.getValue().record());
        }
        parked.clear();
        for (Map.Entry<String, Attempt> e : new ArrayList<>(open.entrySet())) {
            String k = e.getKey();
            int cut = k.indexOf('\u0000');
            if (closed.containsKey(k)) {
                superseded += e.getValue().rows.size();
                continue;
            }
            closed.put(k, e.getValue().attempt);
            incompleteTurns += e.getValue().rows.size();
            close(k.substring(0, cut), k.substring(cut + 1), e.getValue().rows, null);
        }
        open.clear();
        if (superseded > retriedTurns) {
            warnings.add((superseded - retriedTurns) + " turn record(s) of abandoned attempts were superseded by a later attempt of"
                    + " the same scenario (resumed run) and are not counted");
        }
        if (incompleteTurns > 0) {
            warnings.add(incompleteTurns + " turn record(s) belong to scenarios without a scenario record "
                    + "(interrupted or still running); they count as turns of incomplete scenarios");
        }
        String runId = info.runId();
        if (runId == null && !runIds.isEmpty()) runId = runIds.iterator().next();
        if (runId == null) runId = runDir.toAbsolutePath().normalize().getFileName().toString();
        Map<String, Map<String, ScenarioResult>> sc = new LinkedHashMap<>();
        List<VariantStats> vlist = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        // run.json's declared variants first, in its order; the rest in name order (journal order is thread timing)
        int declared = info.variantOrder().size();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < variantIndex.size(); i++) order.add(i);
        order.subList(declared, order.size()).sort((x, y) -> variantIndex.get(x).compareTo(variantIndex.get(y)));
        List<String> undeclared = new ArrayList<>();
        for (int i : order) {
            String v = variantIndex.get(i);
            VariantStats vs = variants.get(v);
            if (vs.turns == 0 && vs.scenarios == 0) continue; // declared in run.json but absent from the journal
            vlist.add(vs);
            kept.add(i);
            if (i >= declared) undeclared.add(v);
            sc.put(v, scenarios.get(v));
        }
        if (!undeclared.isEmpty()) {
            warnings.add(declared == 0
                    ? "run.json declares no variants (config.variants); variants are ordered by name, so the baseline is "
                    + vlist.get(0).name() + "; declare them in run.json to choose the baseline"
                    : "variant(s) " + String.join(", ", undeclared) + " are in the journal but not in run.json's "
                    + "config.variants; they follow the declared ones in name order");
        }
        long legacy = 0;
        for (VariantStats vs : vlist) legacy += vs.legacyModeTurns;
        if (legacy > 0) {
            warnings.add(legacy + " turn record(s) have no strict_failure_modes/lenient_failure_modes (journal written"
                    + " before they existed); for them the failure-mode strict/lenient counts use the older rule:"
                    + " format modes count under a parser when its parse failed, tool-level modes under both");
        }
        List<RunData.CensusEntry> entries = new ArrayList<>();
        for (Map.Entry<String, long[]> e : census.entrySet()) {
            long[] raw = e.getValue();
            long[] c = new long[kept.size()];
            for (int j = 0; j < c.length; j++) c[j] = kept.get(j) < raw.length ? raw[kept.get(j)] : 0;
            entries.add(new RunData.CensusEntry(e.getKey(), c, Arrays.stream(c).sum()));
        }
        entries.sort((a, b) -> a.total() != b.total() ? Long.compare(b.total(), a.total())
                : a.signature().compareTo(b.signature()));
        return new RunData(runDir, runId, info, List.copyOf(vlist), sc, List.copyOf(entries),
                List.copyOf(shards), records, turnRecords, scenarioRecords, otherRecords, superseded,
                duplicateScenarios, warnings);
    }
}
