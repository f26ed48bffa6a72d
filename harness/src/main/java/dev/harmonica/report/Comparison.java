package dev.harmonica.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Variant B against variant A (B is the candidate, A the baseline), inside one run or across two runs.
 *
 * <p>Scenarios are paired by scenario id, turns by (scenario id, turn, step). With paired scenarios the test is
 * McNemar's exact test on scenario-level outcomes (a scenario "fails" when any of its turns failed; for BFCL when the
 * checker says invalid), and the interval for the rate difference is a seeded percentile bootstrap that resamples
 * paired scenarios (turns within a scenario are not independent). Without any paired scenario the test is the
 * two-proportion z-test, or Fisher's exact test for small expected counts, with Newcombe's hybrid score interval.
 *
 * @param pairedScenarios scenarios present on both sides
 * @param onlyA           scenarios only A has (left out of paired statistics)
 * @param newSignatures   error signatures B hit that A never did, most frequent first, with B's count
 */
public record Comparison(String runA, String variantA, String runB, String variantB, boolean sameRun,
                         int pairedScenarios, int onlyA, int onlyB, Metric strict, Metric nonStrict, Metric lenient,
                         Metric bfcl, Swe swe, List<Map.Entry<String, Long>> newSignatures) {

    public static final int BOOTSTRAP_REPLICATES = 2000;
    /** BFCL's all-or-nothing accuracy over the entries run (correct / total), not BFCL's four-category overall. */
    public static final String BFCL_NAME = "BFCL accuracy (entries run)";
    /** Work bound for the bootstrap: replicates × paired scenarios stays below this (at least 200 replicates). */
    static final long BOOTSTRAP_WORK = 20_000_000L;

    static int replicates(int n) {
        return (int) Math.max(200, Math.min(BOOTSTRAP_REPLICATES, BOOTSTRAP_WORK / Math.max(1, n)));
    }
    public static final long BOOTSTRAP_SEED = 0x48_41_52_4DL; // "HARM"

    /**
     * One compared rate.
     *
     * @param unit       what x/n count: "turns" or "scenarios"
     * @param difference rateB − rateA (proportions, not points)
     * @param discordant McNemar's discordant scenario pairs {A failed only, B failed only}; null when unpaired
     * @param turnPairs  paired turns {both failed, A only, B only, neither}; null when not applicable
     * @param caveat     an honest warning about power or coverage, or null
     */
    public record Metric(String code, String name, boolean higherIsBetter, String unit, long xA, long nA, long xB,
                         long nB, double difference, Stats.Interval ci, String ciMethod, String test, double p,
                         long testN, String testUnit, long[] discordant, long[] turnPairs, String caveat) {

        public double rateA() {
            return VariantStats.rate(xA, nA);
        }

        public double rateB() {
            return VariantStats.rate(xB, nB);
        }

        /** True when B is worse than A in the point estimate. */
        public boolean worse() {
            return higherIsBetter ? difference < 0 : difference > 0;
        }

        /** How many percentage points B is worse than A (negative when better). */
        public double pointsWorse() {
            return (higherIsBetter ? -difference : difference) * 100;
        }

        public boolean hasData() {
            return nA > 0 && nB > 0;
        }

        /** McNemar's exact p on the discordant paired turns (A only vs B only), or NaN without paired turns. */
        public double turnP() {
            if (turnPairs == null || turnPairs[1] + turnPairs[2] + turnPairs[0] + turnPairs[3] == 0) return Double.NaN;
            return Stats.mcnemarExact(turnPairs[1], turnPairs[2]);
        }

        /**
         * The turn-level paired view: discordant turns keyed by (scenario, turn, step) and McNemar's exact test on
         * them. Indicative only: turns within a scenario are correlated, so this p is optimistic. Null when the metric
         * has no paired turns.
         */
        public String turnLevel() {
            if (Double.isNaN(turnP())) return null;
            long n = turnPairs[0] + turnPairs[1] + turnPairs[2] + turnPairs[3];
            return "turn-level paired view: discordant " + turnPairs[1] + " A-only / " + turnPairs[2]
                    + " B-only of " + n + " paired turns, McNemar exact " + formatP(turnP())
                    + " (turns within a scenario are correlated, so this p is optimistic)";
        }

        /**
         * True when the scenario-level test had no discordant pair (so it cannot tell the variants apart) but some
         * paired turns are discordant: then the turn-level view is worth showing next to it.
         */
        public boolean showTurnLevel() {
            return discordant != null && discordant[0] + discordant[1] == 0 && turnPairs != null
                    && turnPairs[1] + turnPairs[2] > 0;
        }

        /** E.g. {@code strict failure rate 12.3% → 4.1% (−8.2 pts, 95% CI −10.1 to −6.0; McNemar exact p=0.003, n=200 paired scenarios)}. */
        public String describe() {
            if (!hasData()) return name + ": no data on " + (nA == 0 ? "side A" : "side B");
            StringBuilder sb = new StringBuilder();
            sb.append(name).append(' ').append(pct(rateA())).append(" → ").append(pct(rateB()))
                    .append(" (").append(signedPts(difference));
            if (ci != null) {
                sb.append(", 95% CI ").append(signedPts(ci.low()).replace(" pts", "")).append(" to ")
                        .append(signedPts(ci.high()));
            }
            sb.append("; ").append(test).append(' ').append(formatP(p)).append(", n=").append(testN).append(' ')
                    .append(testUnit);
            if (discordant != null) {
                sb.append(", discordant ").append(discordant[0]).append(" A-only / ").append(discordant[1])
                        .append(" B-only");
            }
            sb.append(')');
            return sb.toString();
        }
    }

    /** SWE action agreement on paired SWE scenarios. */
    public record Swe(long n, double meanA, double meanB) {
        public double difference() {
            return meanB - meanA;
        }
    }

    /** B against A inside one run. */
    public static Comparison inRun(RunData run, String variantA, String variantB) {
        return between(run, variantA, run, variantB);
    }

    /** B (of run b) against A (of run a). */
    public static Comparison between(RunData a, String variantA, RunData b, String variantB) {
        Map<String, ScenarioResult> sa = a.scenarios().getOrDefault(variantA, Map.of());
        Map<String, ScenarioResult> sb = b.scenarios().getOrDefault(variantB, Map.of());
        List<ScenarioResult[]> pairs = new ArrayList<>();
        for (Map.Entry<String, ScenarioResult> e : sa.entrySet()) {
            ScenarioResult other = sb.get(e.getKey());
            if (other != null) pairs.add(new ScenarioResult[]{e.getValue(), other});
        }
        // scenario-id order, not journal order (which is thread timing): the seeded bootstrap then gives the same
        // interval for the same data
        pairs.sort((x, y) -> x[0].scenarioId().compareTo(y[0].scenarioId()));
        int onlyA = sa.size() - pairs.size(), onlyB = sb.size() - pairs.size();
        VariantStats va = a.variant(variantA), vb = b.variant(variantB);
        String coverage = pairs.isEmpty() || (onlyA == 0 && onlyB == 0) ? null
                : (onlyA + " scenario(s) only in A and " + onlyB + " only in B are left out of the paired test");
        Metric strict = failureMetric("strict", "strict failure rate", pairs, va, vb, 1, coverage);
        Metric lenient = failureMetric("lenient", "lenient failure rate", pairs, va, vb, 2, coverage);
        Metric nonStrict = failureMetric("harmony_non_strict", "harmony non-strict failure rate", pairs, va, vb, 8,
                coverage);
        Metric bfcl = bfclMetric(pairs, sa, sb);
        Swe swe = null;
        long n = 0;
        double ma = 0, mb = 0;
        for (ScenarioResult[] p : pairs) {
            if (p[0].sweAgreement() != null && p[1].sweAgreement() != null) {
                n++;
                ma += p[0].sweAgreement();
                mb += p[1].sweAgreement();
            }
        }
        if (n > 0) swe = new Swe(n, ma / n, mb / n);
        List<Map.Entry<String, Long>> fresh = new ArrayList<>();
        Map<String, Long> inA = new HashMap<>();
        int ia = a.variantNames().indexOf(variantA), ib = b.variantNames().indexOf(variantB);
        if (ia >= 0) for (RunData.CensusEntry c : a.census()) if (c.counts()[ia] > 0) inA.put(c.signature(), c.counts()[ia]);
        if (ib >= 0) {
            for (RunData.CensusEntry c : b.census()) {
                if (c.counts()[ib] > 0 && !inA.containsKey(c.signature())
                        && !c.signature().equals(RunAggregator.CENSUS_OVERFLOW)) {
                    fresh.add(Map.entry(c.signature(), c.counts()[ib]));
                }
            }
        }
        fresh.sort((x, y) -> !x.getValue().equals(y.getValue()) ? Long.compare(y.getValue(), x.getValue())
                : x.getKey().compareTo(y.getKey()));
        return new Comparison(a.runId(), variantA, b.runId(), variantB, a == b, pairs.size(), onlyA, onlyB,
                strict, nonStrict, lenient, bfcl, swe, List.copyOf(fresh));
    }

    private static Metric failureMetric(String code, String name, List<ScenarioResult[]> pairs, VariantStats va,
                                        VariantStats vb, int bit, String coverage) {
        List<ScenarioResult[]> usable = new ArrayList<>();
        for (ScenarioResult[] p : pairs) if (p[0].evaluable() > 0 && p[1].evaluable() > 0) usable.add(p);
        if (usable.isEmpty()) {
            long xA = va == null ? 0 : bit == 1 ? va.strictFailures : bit == 2 ? va.lenientFailures : va.nonStrictFailures;
            long xB = vb == null ? 0 : bit == 1 ? vb.strictFailures : bit == 2 ? vb.lenientFailures : vb.nonStrictFailures;
            return unpairedTurnMetric(code, name, xA, va == null ? 0 : va.evaluable, xB,
                    vb == null ? 0 : vb.evaluable, pairs.isEmpty() ? null
                            : "no paired scenario has evaluable turns on both sides; unpaired test used");
        }
        int n = usable.size();
        long[] numA = new long[n], denA = new long[n], numB = new long[n], denB = new long[n];
        long b = 0, c = 0;
        long[] turnPairs = new long[4];
        for (int i = 0; i < n; i++) {
            ScenarioResult x = usable.get(i)[0], y = usable.get(i)[1];
            numA[i] = x.failures(bit);
            numB[i] = y.failures(bit);
            denA[i] = x.evaluable();
            denB[i] = y.evaluable();
            boolean fa = numA[i] > 0, fb = numB[i] > 0;
            if (fa && !fb) b++;
            if (fb && !fa) c++;
            pairTurns(x.turnKeys(), y.turnKeys(), bit, turnPairs);
        }
        long xA = sum(numA), nA = sum(denA), xB = sum(numB), nB = sum(denB);
        double diff = VariantStats.rate(xB, nB) - VariantStats.rate(xA, nA);
        int reps = replicates(n);
        Stats.Interval ci = Stats.bootstrapRatioDifference(numA, denA, numB, denB, reps, BOOTSTRAP_SEED);
        double p = Stats.mcnemarExact(b, c);
        String caveat = pairedCaveat(n, b + c, coverage);
        return new Metric(code, name, false, "turns", xA, nA, xB, nB, diff, ci,
                "percentile bootstrap over paired scenarios (" + reps + " replicates, fixed seed)",
                "McNemar exact", p, n, "paired scenarios", new long[]{b, c}, turnPairs, caveat);
    }

    private static Metric bfclMetric(List<ScenarioResult[]> pairs, Map<String, ScenarioResult> sa,
                                     Map<String, ScenarioResult> sb) {
        List<ScenarioResult[]> usable = new ArrayList<>();
        for (ScenarioResult[] p : pairs) if (p[0].bfclValid() != null && p[1].bfclValid() != null) usable.add(p);
        if (usable.isEmpty()) {
            long xA = 0, nA = 0, xB = 0, nB = 0;
            for (ScenarioResult s : sa.values()) if (s.bfclValid() != null) { nA++; if (s.bfclValid()) xA++; }
            for (ScenarioResult s : sb.values()) if (s.bfclValid() != null) { nB++; if (s.bfclValid()) xB++; }
            if (nA == 0 && nB == 0) return null;
            Stats.TestResult t = Stats.unpairedTest(xA, nA, xB, nB);
            double diff = VariantStats.rate(xB, nB) - VariantStats.rate(xA, nA);
            return new Metric("bfcl", BFCL_NAME, true, "scenarios", xA, nA, xB, nB, diff,
                    Stats.newcombeDifference(xA, nA, xB, nB), "Newcombe hybrid score (unpaired)", t.test(), t.p(),
                    nA + nB, "scenarios (unpaired)", null, null, unpairedCaveat(nA, nB));
        }
        int n = usable.size();
        long[] numA = new long[n], numB = new long[n], one = new long[n];
        long b = 0, c = 0;
        for (int i = 0; i < n; i++) {
            boolean pa = usable.get(i)[0].bfclValid(), pb = usable.get(i)[1].bfclValid();
            numA[i] = pa ? 1 : 0;
            numB[i] = pb ? 1 : 0;
            one[i] = 1;
            if (!pa && pb) b++;   // A failed only
            if (pa && !pb) c++;   // B failed only
        }
        long xA = sum(numA), xB = sum(numB);
        double diff = (double) (xB - xA) / n;
        int reps = replicates(n);
        Stats.Interval ci = Stats.bootstrapRatioDifference(numA, one, numB, one, reps, BOOTSTRAP_SEED);
        String coverage = sa.size() == n && sb.size() == n ? null
                : "only scenarios with a BFCL verdict on both sides are compared";
        return new Metric("bfcl", BFCL_NAME, true, "scenarios", xA, n, xB, n, diff, ci,
                "percentile bootstrap over paired scenarios (" + reps + " replicates, fixed seed)",
                "McNemar exact", Stats.mcnemarExact(b, c), n, "paired scenarios", new long[]{b, c}, null,
                pairedCaveat(n, b + c, coverage));
    }

    private static Metric unpairedTurnMetric(String code, String name, long xA, long nA, long xB, long nB,
                                             String note) {
        Stats.TestResult t = Stats.unpairedTest(xA, nA, xB, nB);
        double diff = VariantStats.rate(xB, nB) - VariantStats.rate(xA, nA);
        String caveat = unpairedCaveat(nA, nB);
        caveat = caveat == null ? "turns within a scenario are correlated, so this unpaired p is optimistic"
                : caveat + "; turns within a scenario are correlated, so this unpaired p is optimistic";
        if (note != null) caveat = note + "; " + caveat;
        return new Metric(code, name, false, "turns", xA, nA, xB, nB, diff,
                nA > 0 && nB > 0 ? Stats.newcombeDifference(xA, nA, xB, nB) : null,
                "Newcombe hybrid score (unpaired)", t.test(), t.p(), nA + nB, "turns (unpaired)", null, null,
                caveat);
    }

    static String pairedCaveat(long n, long discordant, String coverage) {
        List<String> parts = new ArrayList<>();
        double minP = Stats.mcnemarMinimumP(discordant);
        if (minP > 0.05) {
            parts.add("underpowered: only " + discordant + " discordant scenario pair(s), so even a perfect split"
                    + " could not reach p<0.05 (smallest possible p=" + trimP(minP) + ")");
        } else if (n < 30) {
            parts.add("small sample: " + n + " paired scenarios");
        }
        if (coverage != null) parts.add(coverage);
        return parts.isEmpty() ? null : String.join("; ", parts);
    }

    static String unpairedCaveat(long nA, long nB) {
        if (nA == 0 || nB == 0) return "no data on one side";
        if (Math.min(nA, nB) < 30) return "small sample: n=" + nA + " vs " + nB;
        return null;
    }

    /** Paired turns {both failed, A only, B only, neither}; only turns evaluable on both sides. */
    static void pairTurns(long[] a, long[] b, int bit, long[] out) {
        int i = 0, j = 0;
        while (i < a.length && j < b.length) {
            long ka = a[i] & ~0xFL, kb = b[j] & ~0xFL;
            if (ka < kb) i++;
            else if (kb < ka) j++;
            else {
                long ba = a[i] & 0xF, bb = b[j] & 0xF;
                if ((ba & 4) != 0 && (bb & 4) != 0) {
                    boolean fa = (ba & bit) != 0, fb = (bb & bit) != 0;
                    out[fa && fb ? 0 : fa ? 1 : fb ? 2 : 3]++;
                }
                i++;
                j++;
            }
        }
    }

    private static long sum(long[] v) {
        long s = 0;
        for (long x : v) s += x;
        return s;
    }

    // ---- formatting shared by the writers

    static String pct(double rate) {
        return String.format(Locale.ROOT, "%.1f%%", rate * 100);
    }

    static String signedPts(double diff) {
        double pts = diff * 100;
        String s = String.format(Locale.ROOT, "%.1f", Math.abs(pts));
        if (s.equals("0.0")) return "0.0 pts";
        return (pts < 0 ? "−" : "+") + s + " pts";
    }

    /** p formatted with its size: {@code p=0.0703}, {@code p=3.2e-05}, {@code p<1e-300}. */
    public static String formatP(double p) {
        return "p" + trimPWithOp(p);
    }

    private static String trimPWithOp(double p) {
        if (p <= 0) return "<1e-300";
        return "=" + trimP(p);
    }

    static String trimP(double p) {
        if (p >= 0.001) {
            String s = String.format(Locale.ROOT, "%.3g", p);
            if (s.contains(".")) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
            return s;
        }
        return String.format(Locale.ROOT, "%.2g", p).replace("e-0", "e-");
    }

    /** One line: {@code B vs A: strict failure rate … ; lenient …}. */
    public String headline() {
        String label = sameRun ? variantB + " vs " + variantA
                : variantB + " (" + runB + ") vs " + variantA + " (" + runA + ")";
        StringBuilder sb = new StringBuilder(label).append(": ").append(strict.describe());
        if (strict.showTurnLevel()) {
            sb.append("; ").append(strict.turnLevel());
        }
        if (bfcl != null && bfcl.hasData()) {
            sb.append("; ").append(BFCL_NAME).append(' ').append(pct(bfcl.rateA())).append(" → ")
                    .append(pct(bfcl.rateB())).append(" (").append(formatP(bfcl.p())).append(", n=")
                    .append(bfcl.testN()).append(' ').append(bfcl.testUnit()).append(')');
        }
        if (strict.caveat() != null && strict.caveat().startsWith("underpowered")) sb.append(" [underpowered]");
        return sb.toString();
    }
}
