package dev.harmonica.report;

import dev.harmonica.report.stats.ConfidenceInterval;
import dev.harmonica.report.stats.MantelHaenszel;
import dev.harmonica.report.stats.PairedDifference;
import dev.harmonica.report.stats.SignFlipTest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Variant B against variant A (B is the candidate, A the baseline), inside one run or across two runs.
 *
 * <p>Scenarios are paired by scenario id; only scenarios judged on both sides (no turn left unjudged by the
 * endpoint) are paired, the others are counted in {@link Pairing}. For a failure rate the headline quantity is the
 * <b>mean paired difference of the per-scenario failure rate</b>: for each paired scenario i, r_i = failed judged
 * turns / judged turns under each variant, d_i = rB_i − rA_i, and Δ = mean d_i (each scenario weighs the same). Its
 * interval is a seeded cluster bootstrap over scenarios and its test the sign-flip permutation test of the same d_i
 * ({@link PairedDifference}), so the p printed next to the difference tests that difference. Beside it: the minimal
 * detectable difference, a depth-stratified Cochran–Mantel–Haenszel test of the judged turns, and, as a labelled
 * secondary figure, McNemar's exact test on "the scenario had any failure".
 *
 * <p>BFCL accuracy is a per-scenario 0/1 outcome: its difference is the mean of the paired 0/1 differences, and its
 * test McNemar's exact test, which is the exact sign-flip test of those differences. Without any paired scenario
 * (two runs over different scenarios) the pooled rates are compared with a two-proportion z-test (Fisher's exact
 * test for small counts) and Newcombe's hybrid score interval, marked optimistic for turns.
 *
 * @param newSignatures error signatures B hit that A never did, most frequent first, with B's count
 * @param survival      turns until the first strict failure, A and B over the paired scenarios (null unpaired)
 */
public record Comparison(String runA, String variantA, String runB, String variantB, boolean sameRun,
                         Pairing pairing, Metric strict, Metric nonStrict, Metric lenient, Metric bfcl, Swe swe,
                         FirstFailure.Pair survival, List<Map.Entry<String, Long>> newSignatures) {

    /** Bootstrap replicates of every paired interval (fixed, whatever the number of scenarios). */
    public static final int BOOTSTRAP_REPLICATES = PairedDifference.Settings.DEFAULT.bootstrapReplicates();
    public static final PairedDifference.Settings SETTINGS = PairedDifference.Settings.DEFAULT;
    /** BFCL's all-or-nothing accuracy over the entries run (correct / total), not BFCL's four-category overall. */
    public static final String BFCL_NAME = "BFCL accuracy (entries run)";

    /**
     * How the scenarios of the two sides were matched.
     *
     * @param paired   scenarios on both sides, judged on both sides: the ones every paired statistic uses
     * @param onlyA    scenarios only A has
     * @param unjudged scenarios on both sides left out because a side has a turn the endpoint did not answer
     */
    public record Pairing(int paired, int onlyA, int onlyB, int unjudged) {
        /** E.g. {@code 3 scenario(s) only in A and 0 only in B, 2 not judged on a side, are left out}; null if none. */
        public String leftOut() {
            if (onlyA == 0 && onlyB == 0 && unjudged == 0) return null;
            List<String> parts = new ArrayList<>();
            if (onlyA > 0 || onlyB > 0) parts.add(onlyA + " scenario(s) only in A and " + onlyB + " only in B");
            if (unjudged > 0) parts.add(unjudged + " scenario(s) not fully judged on a side (endpoint)");
            return String.join(", ", parts) + " left out of the paired statistics";
        }
    }

    /** Pooled counts over the compared scenarios: x failures (or correct entries) of n turns (or scenarios). */
    public record Counts(long xA, long nA, long xB, long nB) {
        public double rateA() {
            return VariantStats.rate(xA, nA);
        }

        public double rateB() {
            return VariantStats.rate(xB, nB);
        }
    }

    /**
     * What the difference is a difference of, and its interval.
     *
     * @param quantity   e.g. {@code mean per-scenario rate} or {@code pooled rate}
     * @param difference rateB − rateA (proportions, not points)
     */
    public record Estimate(String quantity, double rateA, double rateB, double difference, Stats.Interval ci,
                           String ciMethod) {
    }

    /** The test of {@link Estimate#difference()}: method, two-sided p, and n with its unit. */
    public record Significance(String method, double p, long n, String unit) {
    }

    /**
     * What only paired data gives.
     *
     * @param difference the per-scenario differences: bootstrap, sign-flip test, minimal detectable difference
     * @param byDepth    Cochran–Mantel–Haenszel over turn-depth buckets (turn metrics; null for BFCL or no data)
     * @param discordant secondary: scenarios with any failure only under A / only under B (McNemar exact)
     * @param turnPairs  paired turns {both failed, A only, B only, neither} (turn metrics), or null
     */
    public record Paired(PairedDifference difference, MantelHaenszel byDepth, long[] discordant, double mcnemarP,
                         long[] turnPairs) {
    }

    /** One compared rate: the headline estimate and its test, pooled counts for context, paired extras. */
    public record Metric(String code, String name, boolean higherIsBetter, Counts pooled, Estimate estimate,
                         Significance test, Paired paired, String caveat) {

        public double difference() {
            return estimate.difference();
        }

        public Stats.Interval ci() {
            return estimate.ci();
        }

        public double p() {
            return test.p();
        }

        public double rateA() {
            return estimate.rateA();
        }

        public double rateB() {
            return estimate.rateB();
        }

        /** True when B is worse than A in the point estimate. */
        public boolean worse() {
            return higherIsBetter ? difference() < 0 : difference() > 0;
        }

        /** How many percentage points B is worse than A (negative when better). */
        public double pointsWorse() {
            return (higherIsBetter ? -difference() : difference()) * 100;
        }

        public boolean hasData() {
            return pooled.nA() > 0 && pooled.nB() > 0 && !Double.isNaN(difference());
        }

        /** The minimal detectable difference in percentage points at 80% power, α = 0.05, or null. */
        public Double mddPoints() {
            return paired == null || paired.difference() == null || paired.difference().mdd() == null ? null
                    : paired.difference().mdd() * 100;
        }

        /**
         * E.g. {@code strict failure rate (mean per scenario) 12.3% → 4.1% (−8.2 pts, 95% CI −10.1 to −6.0;
         * sign-flip permutation p=0.0002, n=200 paired scenarios)}.
         */
        public String describe() {
            if (!hasData()) return name + ": no data on " + (pooled.nA() == 0 ? "side A" : "side B");
            StringBuilder sb = new StringBuilder(name);
            if (paired != null && estimate.quantity() != null) sb.append(" (").append(estimate.quantity()).append(')');
            sb.append(' ').append(pct(rateA())).append(" → ").append(pct(rateB())).append(" (")
                    .append(signedPts(difference()));
            if (ci() != null) {
                sb.append(", 95% CI ").append(signedPts(ci().low()).replace(" pts", "")).append(" to ")
                        .append(signedPts(ci().high()));
            }
            sb.append("; ").append(shortTest()).append(' ').append(formatP(p()));
            if (paired != null && paired.difference() != null && test.method().startsWith("sign-flip")) {
                SignFlipTest t = paired.difference().test();
                sb.append(t.exact() ? " exact" : " Monte Carlo (" + t.patterns() + " sign patterns)");
            }
            sb.append(", n=").append(test.n()).append(' ').append(test.unit()).append(')');
            return sb.toString();
        }

        /** The test's name without its details: {@code sign-flip permutation} or {@code McNemar exact}. */
        String shortTest() {
            String m = test.method();
            int cut = m.indexOf(" (");
            if (m.startsWith("sign-flip")) cut = m.indexOf(", ");
            return (cut < 0 ? m : m.substring(0, cut)).replace(" test", "");
        }

        /** {@code with 200 paired scenarios this comparison detects ≥ 3.1 pts at 80% power (α=0.05, two-sided)}. */
        public String mddLine() {
            if (paired == null || paired.difference() == null) return null;
            PairedDifference d = paired.difference();
            if (d.mdd() == null) {
                return "minimal detectable difference not estimable with " + d.n() + " paired scenario(s): "
                        + (d.n() < 2 ? "fewer than 2" : "every paired scenario has the same difference");
            }
            return String.format(Locale.ROOT, "with %d paired scenarios this comparison detects ≥ %.1f pts at 80%%"
                    + " power (α=0.05, two-sided)", d.n(), d.mdd() * 100);
        }

        /** The secondary figure, labelled: McNemar exact on "the scenario had any failure" (turn metrics). */
        public String secondaryLine() {
            if (paired == null || paired.discordant() == null || paired.turnPairs() == null) return null;
            return "secondary (a different quantity): scenarios with any " + name.replace(" rate", "") + ": "
                    + paired.discordant()[0] + " only under A, " + paired.discordant()[1]
                    + " only under B; McNemar exact " + formatP(paired.mcnemarP());
        }

        /** The depth-stratified line: CMH on the judged turns, common odds ratio B vs A. */
        public String depthLine() {
            MantelHaenszel m = paired == null ? null : paired.byDepth();
            if (m == null || Double.isNaN(m.statistic())) return null;
            String or = Double.isNaN(m.oddsRatio()) ? "–" : Double.isInfinite(m.oddsRatio()) ? "∞"
                    : String.format(Locale.ROOT, "%.2f", m.oddsRatio());
            String ci = m.oddsRatioCi() == null ? "" : String.format(Locale.ROOT, " (95%% CI %.2f–%.2f)",
                    m.oddsRatioCi().low(), m.oddsRatioCi().high());
            return String.format(Locale.ROOT, "by depth: Cochran–Mantel–Haenszel χ²=%.3f %s (with continuity "
                            + "correction χ²=%.3f %s) over %d depth strata of judged turns; common odds ratio B vs A %s%s",
                    m.statistic(), formatP(m.p()), m.statisticCorrected(), formatP(m.pCorrected()), m.strata(), or, ci);
        }
    }

    /** SWE action agreement on paired SWE scenarios. */
    public record Swe(long n, double meanA, double meanB) {
        public double difference() {
            return meanB - meanA;
        }
    }

    public int pairedScenarios() {
        return pairing.paired();
    }

    public int onlyA() {
        return pairing.onlyA();
    }

    public int onlyB() {
        return pairing.onlyB();
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
        int shared = 0;
        for (Map.Entry<String, ScenarioResult> e : sa.entrySet()) {
            ScenarioResult other = sb.get(e.getKey());
            if (other == null) continue;
            shared++;
            if (e.getValue().fullyJudged() && other.fullyJudged()) pairs.add(new ScenarioResult[]{e.getValue(), other});
        }
        // scenario-id order, not journal order (which is thread timing): the seeded bootstrap then gives the same
        // interval for the same data
        pairs.sort((x, y) -> x[0].scenarioId().compareTo(y[0].scenarioId()));
        Pairing pairing = new Pairing(pairs.size(), sa.size() - shared, sb.size() - shared, shared - pairs.size());
        VariantStats va = a.variant(variantA), vb = b.variant(variantB);
        String coverage = pairs.isEmpty() ? null : pairing.leftOut();
        Metric strict = PairedMetrics.failure(new PairedMetrics.Rate("strict", "strict failure rate", 1), pairs, va, vb,
                coverage);
        Metric lenient = PairedMetrics.failure(new PairedMetrics.Rate("lenient", "lenient failure rate", 2), pairs, va,
                vb, coverage);
        Metric nonStrict = PairedMetrics.failure(new PairedMetrics.Rate("harmony_non_strict",
                "harmony non-strict failure rate", 8), pairs, va, vb, coverage);
        Metric bfcl = PairedMetrics.bfcl(pairs, sa, sb);
        return new Comparison(a.runId(), variantA, b.runId(), variantB, a == b, pairing, strict, nonStrict, lenient,
                bfcl, swe(pairs), FirstFailure.compare(pairs), newSignatures(a, variantA, b, variantB));
    }

    private static Swe swe(List<ScenarioResult[]> pairs) {
        long n = 0;
        double ma = 0, mb = 0;
        for (ScenarioResult[] p : pairs) {
            if (p[0].sweAgreement() != null && p[1].sweAgreement() != null) {
                n++;
                ma += p[0].sweAgreement();
                mb += p[1].sweAgreement();
            }
        }
        return n == 0 ? null : new Swe(n, ma / n, mb / n);
    }

    private static List<Map.Entry<String, Long>> newSignatures(RunData a, String variantA, RunData b, String variantB) {
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
        return List.copyOf(fresh);
    }

    static Stats.Interval interval(ConfidenceInterval ci) {
        return ci == null ? null : new Stats.Interval(ci.low(), ci.high());
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

    /** p formatted with its size: {@code p=0.0703}, {@code p=3.2e-05}, {@code p<1e-300}; {@code p=–} for NaN. */
    public static String formatP(double p) {
        if (Double.isNaN(p)) return "p=–";
        return "p" + (p <= 0 ? "<1e-300" : "=" + trimP(p));
    }

    static String trimP(double p) {
        if (p >= 0.001) {
            String s = String.format(Locale.ROOT, "%.3g", p);
            if (s.contains(".")) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
            return s;
        }
        return String.format(Locale.ROOT, "%.2g", p).replace("e-0", "e-");
    }

    /** One line: {@code B vs A: strict failure rate … ; BFCL accuracy …}. */
    public String headline() {
        String label = sameRun ? variantB + " vs " + variantA
                : variantB + " (" + runB + ") vs " + variantA + " (" + runA + ")";
        StringBuilder sb = new StringBuilder(label).append(": ").append(strict.describe());
        if (bfcl != null && bfcl.hasData()) {
            sb.append("; ").append(BFCL_NAME).append(' ').append(pct(bfcl.rateA())).append(" → ")
                    .append(pct(bfcl.rateB())).append(" (").append(formatP(bfcl.p())).append(", n=")
                    .append(bfcl.test().n()).append(' ').append(bfcl.test().unit()).append(')');
        }
        if (pairing.unjudged() > 0) sb.append(" [").append(pairing.unjudged()).append(" scenario(s) not judged left out]");
        if (strict.caveat() != null && strict.caveat().startsWith("underpowered")) sb.append(" [underpowered]");
        return sb.toString();
    }
}
