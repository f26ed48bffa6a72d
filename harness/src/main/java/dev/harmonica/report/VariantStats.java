package dev.harmonica.report;

import dev.harmonica.turn.Verdict;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one-pass aggregate of one variant's turns and scenarios. Filled by {@link RunAggregator}; read by the writers.
 */
public final class VariantStats {
    /** Conversation-depth buckets (model-call index in the scenario), lower bounds. */
    public static final int[] DEPTH_BOUNDS = {0, 1, 2, 4, 8, 16, 32, 64};
    /** Prompt-token buckets, lower bounds. */
    public static final int[] TOKEN_BOUNDS = {0, 1024, 2048, 4096, 8192, 16384, 32768, 65536};
    /** BFCL multi-turn categories in BFCL's column order. */
    public static final List<String> BFCL_CATEGORIES = List.of("base", "miss_func", "miss_param", "long_context");

    final String name;
    /**
     * {@code turns}: every turn counted (resampled draws apart); {@code evaluable}: the judged ones, the denominator of
     * every rate; {@code endpointFailures}: not judged (the endpoint gave no output); {@code harnessErrors}: Harmonica
     * failed. turns = evaluable + endpointFailures + harnessErrors.
     */
    long turns, evaluable, endpointFailures, harnessErrors, strictFailures, nonStrictFailures, lenientFailures, rescued,
            repaired;
    /** Judged turns by verdict, indexed by {@link Verdict#ordinal()}. */
    final long[] verdicts = new long[Verdict.values().length];
    /** Not-judged turns by cause ({@code not_judged.cause}). */
    final Map<String, Long> notJudgedCauses = new TreeMap<>();
    /** Scenario × variants that ended not judged without a single turn (never sent), by cause. */
    final Map<String, Long> notAttempted = new TreeMap<>();
    /** Earlier attempts that ended not judged and were played again (not counted anywhere else), by cause. */
    final Map<String, Long> retriedCauses = new TreeMap<>();
    long retriedAttempts;
    /** Turns without per-parser failure-mode lists (older journals; legacy counting rule). */
    long legacyModeTurns;
    /** Discarded resample draws ({@code driven_by} = resampled): counted, excluded from every rate. */
    long resampled;
    long unclassifiedStrict, promptTokensSum, completionTokensSum, maxDepth, maxPromptTokens;
    long toolCalls, toolCallsInvalidName, toolCallsInvalidJson, toolCallsSchemaInvalid, toolCallsCompared,
            toolCallsAgreeing;
    final Map<String, long[]> modes = new TreeMap<>(); // mode -> {seen, strict, lenient}
    final Map<String, Long> repairCodes = new TreeMap<>();
    final long[][] depth = new long[DEPTH_BOUNDS.length][3]; // {evaluable, strict, lenient}
    final long[][] tokens = new long[TOKEN_BOUNDS.length][3];
    final Map<String, Long> scenarioStatus = new TreeMap<>();
    final Map<String, long[]> bfcl = new LinkedHashMap<>(); // category -> {correct, total}
    long scenarios, strictCleanScenarios, sweScenarios, notScoredScenarios, bfclNotScored, sweNotScored;
    double sweAgreementSum;
    /** SWE replay agreement per source format and depth. */
    final SweFigures swe = new SweFigures();
    /** Echo fidelity and log-probability margins (their own classes). */
    final EchoFigures echo = new EchoFigures();
    final MarginFigures margins = new MarginFigures();
    double[] latencies = new double[1024];
    int latencyCount;

    VariantStats(String name) {
        this.name = name;
    }

    void addTurn(TurnRow r) {
        turns++;
        echo.add(r);
        margins.add(r);
        promptTokensSum += r.promptTokens();
        maxDepth = Math.max(maxDepth, r.depth());
        maxPromptTokens = Math.max(maxPromptTokens, r.promptTokens());
        if (r.notJudged()) {
            endpointFailures++;
            notJudgedCauses.merge(r.notJudgedCause(), 1L, Long::sum);
            return;
        }
        if (r.harnessError()) {
            harnessErrors++;
            return;
        }
        evaluable++;
        verdicts[r.verdict().ordinal()]++;
        boolean sf = r.strictFailed(), lf = r.lenientFailed();
        if (sf) strictFailures++;
        if (r.nonStrictFailed()) nonStrictFailures++;
        if (lf) lenientFailures++;
        if (r.rescued()) rescued++;
        if (!lf && !r.repairCodes().isEmpty()) repaired++;
        countBuckets(r, sf, lf);
        countModes(r, sf, lf);
        for (String code : r.repairCodes()) repairCodes.merge(code, 1L, Long::sum);
        completionTokensSum += r.completionTokens();
        for (TurnRow.Call c : r.toolCalls()) {
            toolCalls++;
            if (!c.validName()) toolCallsInvalidName++;
            if (!c.validJson()) toolCallsInvalidJson++;
            if (!c.schemaValid()) toolCallsSchemaInvalid++;
            if (c.agrees() != null) {
                toolCallsCompared++;
                if (c.agrees()) toolCallsAgreeing++;
            }
        }
        if (latencyCount == latencies.length) latencies = Arrays.copyOf(latencies, latencyCount * 2);
        latencies[latencyCount++] = r.latencyMs();
    }

    private void countBuckets(TurnRow r, boolean sf, boolean lf) {
        int d = bucket(DEPTH_BOUNDS, r.depth());
        depth[d][0]++;
        if (sf) depth[d][1]++;
        if (lf) depth[d][2]++;
        int t = bucket(TOKEN_BOUNDS, r.promptTokens());
        tokens[t][0]++;
        if (sf) tokens[t][1]++;
        if (lf) tokens[t][2]++;
    }

    /** An earlier attempt that ended not judged and was played again: listed, never counted in a figure. */
    void addRetried(String cause) {
        retriedAttempts++;
        retriedCauses.merge(cause == null ? "unknown" : cause, 1L, Long::sum);
    }

    /**
     * Failure-mode counts {seen, strict, lenient}. With the journal's per-parser lists a mode counts under strict
     * (lenient) exactly when it is in {@code strict_failure_modes} ({@code lenient_failure_modes}); e.g. a tool-name
     * leak the lenient parser repairs counts as {@code unknown_tool} under strict only. Older journals lack the
     * lists: format modes count under a parser when its parse failed, tool-level modes under both (legacy rule).
     * "Seen" is the union of all three lists.
     */
    private void countModes(TurnRow r, boolean sf, boolean lf) {
        if (r.hasPerParserModes()) {
            List<String> all = r.failureModes(), strict = r.strictFailureModes(), lenient = r.lenientFailureModes();
            for (String m : all) count(m, strict.contains(m), lenient.contains(m));
            for (String m : strict) if (!all.contains(m)) count(m, true, lenient.contains(m));
            for (String m : lenient) if (!all.contains(m) && !strict.contains(m)) count(m, false, true);
            boolean formatMode = false;
            for (String m : r.strictFailureModes()) if (!TurnRow.isToolLevel(m)) formatMode = true;
            if (sf && !formatMode) unclassifiedStrict++;
            return;
        }
        legacyModeTurns++;
        boolean formatMode = false;
        for (String m : r.failureModes()) {
            long[] c = modes.computeIfAbsent(m, k -> new long[3]);
            c[0]++;
            boolean tool = TurnRow.isToolLevel(m);
            if (!tool) formatMode = true;
            if (tool || sf) c[1]++;
            if (tool || lf) c[2]++;
        }
        if (sf && !formatMode) unclassifiedStrict++;
    }

    private void count(String mode, boolean strict, boolean lenient) {
        long[] c = modes.computeIfAbsent(mode, k -> new long[3]);
        c[0]++;
        if (strict) c[1]++;
        if (lenient) c[2]++;
    }

    /** A discarded resample draw: counted, never in a rate. */
    void addResampled(TurnRow r) {
        resampled++;
    }

    void addScenario(ScenarioResult s) {
        scenarios++;
        if (s.strictClean()) strictCleanScenarios++;
        scenarioStatus.merge(s.status(), 1L, Long::sum);
        if (s.turns() == 0 && s.unjudgedCause() != null) notAttempted.merge(s.unjudgedCause(), 1L, Long::sum);
        if (!s.scored()) {
            notScoredScenarios++;
            if (s.swe()) sweNotScored++;
            else if (s.bfcl()) bfclNotScored++;
        }
        if (s.bfclValid() != null) {
            long[] c = bfcl.computeIfAbsent(bfclCategory(s.category()), k -> new long[2]);
            c[1]++;
            if (s.bfclValid()) c[0]++;
        }
        if (s.sweAgreement() != null) {
            sweScenarios++;
            sweAgreementSum += s.sweAgreement();
        }
    }

    /** {@code multi_turn_base} → {@code base}, etc.; unknown categories keep their name. */
    public static String bfclCategory(String category) {
        if (category == null) return "unknown";
        String c = category.toLowerCase(Locale.ROOT);
        for (String k : BFCL_CATEGORIES) if (c.endsWith(k)) return k;
        return c;
    }

    static int bucket(int[] bounds, int v) {
        int i = bounds.length - 1;
        while (i > 0 && v < bounds[i]) i--;
        return i;
    }

    static String bucketLabel(int[] bounds, int i, boolean tokens) {
        int lo = bounds[i];
        if (i == bounds.length - 1) return fmtBound(lo, tokens) + "+";
        int hi = bounds[i + 1] - 1;
        if (lo == hi) return fmtBound(lo, tokens);
        return fmtBound(lo, tokens) + "-" + fmtBound(hi + (tokens ? 1 : 0), tokens);
    }

    private static String fmtBound(int v, boolean tokens) {
        if (tokens && v >= 1024 && v % 1024 == 0) return (v / 1024) + "k";
        return Integer.toString(v);
    }

    // ---- read accessors

    public String name() {
        return name;
    }

    public EchoFigures echo() {
        return echo;
    }

    public MarginFigures margins() {
        return margins;
    }

    public long turns() {
        return turns;
    }

    public long evaluable() {
        return evaluable;
    }

    public long endpointFailures() {
        return endpointFailures;
    }

    public long strictFailures() {
        return strictFailures;
    }

    public long nonStrictFailures() {
        return nonStrictFailures;
    }

    public long lenientFailures() {
        return lenientFailures;
    }

    public long harnessErrors() {
        return harnessErrors;
    }

    /** Judged turns: the denominator of every rate. */
    public long judged() {
        return evaluable;
    }

    /** Judged turns with this verdict. */
    public long verdict(Verdict v) {
        return verdicts[v.ordinal()];
    }

    /** Not-judged turns by cause, in cause order. */
    public Map<String, Long> notJudgedCauses() {
        return Collections.unmodifiableMap(notJudgedCauses);
    }

    /** Something was not judged: a turn, a scenario never sent, or an earlier attempt played again. */
    boolean hasUnjudged() {
        return endpointFailures + harnessErrors + retriedAttempts > 0 || !notAttempted.isEmpty();
    }

    /** Scenario × variants never sent, by cause. */
    public Map<String, Long> notAttempted() {
        return Collections.unmodifiableMap(notAttempted);
    }

    public long bfclNotScored() {
        return bfclNotScored;
    }

    public long resampled() {
        return resampled;
    }

    public long rescued() {
        return rescued;
    }

    public long scenarios() {
        return scenarios;
    }

    /** Strict failure rate over judged turns (0 when none was judged: check {@link #judged()} before printing it). */
    public double strictRate() {
        return rate(strictFailures, evaluable);
    }

    /** Rescued-with-loss rate over judged turns. */
    public double rescuedWithLossRate() {
        return rate(verdict(Verdict.RESCUED_WITH_LOSS), evaluable);
    }

    public double lenientRate() {
        return rate(lenientFailures, evaluable);
    }

    public double nonStrictRate() {
        return rate(nonStrictFailures, evaluable);
    }

    public Stats.Interval strictInterval() {
        return Stats.wilson(strictFailures, evaluable);
    }

    public Stats.Interval lenientInterval() {
        return Stats.wilson(lenientFailures, evaluable);
    }

    /** Sorted copy of the latencies (ms). */
    double[] sortedLatencies() {
        double[] l = Arrays.copyOf(latencies, latencyCount);
        Arrays.sort(l);
        return l;
    }

    /** BFCL accuracy for a category (0..1), or null when the variant has no verdicts there. */
    public Double bfclAccuracy(String category) {
        long[] c = bfcl.get(category);
        return c == null || c[1] == 0 ? null : (double) c[0] / c[1];
    }

    /** BFCL's overall multi-turn accuracy: unweighted mean of the four categories, a missing one counted as 0. */
    public Double bfclOverall() {
        boolean any = false;
        double sum = 0;
        for (String k : BFCL_CATEGORIES) {
            Double a = bfclAccuracy(k);
            if (a != null) {
                any = true;
                sum += a;
            }
        }
        return any ? sum / BFCL_CATEGORIES.size() : null;
    }

    /** Plain BFCL accuracy over every entry with a verdict (correct / total), or null without verdicts. */
    public Double bfclAccuracy() {
        long t = bfclTotal();
        return t == 0 ? null : (double) bfclCorrect() / t;
    }

    public long bfclCorrect() {
        return bfcl.values().stream().mapToLong(c -> c[0]).sum();
    }

    public long bfclTotal() {
        return bfcl.values().stream().mapToLong(c -> c[1]).sum();
    }

    public SweFigures swe() {
        return swe;
    }

    public Double sweAgreement() {
        return sweScenarios == 0 ? null : sweAgreementSum / sweScenarios;
    }

    static double rate(long x, long n) {
        return n == 0 ? 0 : (double) x / n;
    }
}
