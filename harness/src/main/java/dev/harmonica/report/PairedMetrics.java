package dev.harmonica.report;

import dev.harmonica.report.stats.MantelHaenszel;
import dev.harmonica.report.stats.PairedDifference;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds the {@link Comparison.Metric}s: paired when scenarios pair, pooled and unpaired otherwise. */
final class PairedMetrics {
    private PairedMetrics() {
    }

    /** A failure rate of the turn bits: 1 strict, 2 lenient, 8 harmony non-strict. */
    record Rate(String code, String name, int bit) {
    }

    static final String CI_METHOD = "cluster bootstrap over paired scenarios (percentile, "
            + Comparison.BOOTSTRAP_REPLICATES + " replicates, fixed seed)";
    static final String MEAN_PER_SCENARIO = "mean per scenario";

    static Comparison.Metric failure(Rate rate, List<ScenarioResult[]> pairs, VariantStats va, VariantStats vb,
                                     String coverage) {
        List<ScenarioResult[]> usable = new ArrayList<>();
        for (ScenarioResult[] p : pairs) if (p[0].evaluable() > 0 && p[1].evaluable() > 0) usable.add(p);
        if (usable.isEmpty()) return unpairedFailure(rate, va, vb, !pairs.isEmpty());
        int n = usable.size();
        double[] ra = new double[n], rb = new double[n];
        long xA = 0, nA = 0, xB = 0, nB = 0, onlyA = 0, onlyB = 0;
        long[] turnPairs = new long[4];
        for (int i = 0; i < n; i++) {
            ScenarioResult x = usable.get(i)[0], y = usable.get(i)[1];
            int fa = x.failures(rate.bit()), fb = y.failures(rate.bit());
            ra[i] = (double) fa / x.evaluable();
            rb[i] = (double) fb / y.evaluable();
            xA += fa;
            nA += x.evaluable();
            xB += fb;
            nB += y.evaluable();
            if (fa > 0 && fb == 0) onlyA++;
            if (fb > 0 && fa == 0) onlyB++;
            pairTurns(x.turnKeys(), y.turnKeys(), rate.bit(), turnPairs);
        }
        PairedDifference d = PairedDifference.of(ra, rb, Comparison.SETTINGS);
        Comparison.Estimate est = new Comparison.Estimate(MEAN_PER_SCENARIO, d.meanA(), d.meanB(), d.difference(),
                Comparison.interval(d.ci()), CI_METHOD);
        Comparison.Significance test = new Comparison.Significance(d.test().method(), d.test().p(), n,
                "paired scenarios");
        Comparison.Paired paired = new Comparison.Paired(d, byDepth(usable, rate.bit()), new long[]{onlyA, onlyB},
                Stats.mcnemarExact(onlyA, onlyB), turnPairs);
        return new Comparison.Metric(rate.code(), rate.name(), false, new Comparison.Counts(xA, nA, xB, nB), est,
                test, paired, signFlipCaveat(n, d.test().nonZero(), coverage));
    }

    /** Cochran–Mantel–Haenszel over the depth buckets of the judged turns: rows B, A; columns failed, not. */
    static MantelHaenszel byDepth(List<ScenarioResult[]> usable, int bit) {
        int buckets = VariantStats.DEPTH_BOUNDS.length;
        long[][] c = new long[buckets][4]; // {B failed, B ok, A failed, A ok}
        for (ScenarioResult[] p : usable) {
            for (int side = 0; side < 2; side++) {
                for (int e : p[side].timeline()) {
                    if ((e & 4) == 0) continue;
                    int b = VariantStats.bucket(VariantStats.DEPTH_BOUNDS, e >>> 4);
                    c[b][(side == 1 ? 0 : 2) + ((e & bit) != 0 ? 0 : 1)]++;
                }
            }
        }
        List<MantelHaenszel.Table> tables = new ArrayList<>();
        for (long[] t : c) tables.add(new MantelHaenszel.Table(t[0], t[1], t[2], t[3]));
        return MantelHaenszel.of(tables);
    }

    static Comparison.Metric bfcl(List<ScenarioResult[]> pairs, Map<String, ScenarioResult> sa,
                                  Map<String, ScenarioResult> sb) {
        List<ScenarioResult[]> usable = new ArrayList<>();
        for (ScenarioResult[] p : pairs) if (p[0].bfclValid() != null && p[1].bfclValid() != null) usable.add(p);
        if (usable.isEmpty()) return unpairedBfcl(sa, sb);
        int n = usable.size();
        double[] ra = new double[n], rb = new double[n];
        long xA = 0, xB = 0, onlyAFailed = 0, onlyBFailed = 0;
        for (int i = 0; i < n; i++) {
            boolean pa = usable.get(i)[0].bfclValid(), pb = usable.get(i)[1].bfclValid();
            ra[i] = pa ? 1 : 0;
            rb[i] = pb ? 1 : 0;
            if (pa) xA++;
            if (pb) xB++;
            if (!pa && pb) onlyAFailed++;
            if (pa && !pb) onlyBFailed++;
        }
        PairedDifference d = PairedDifference.of(ra, rb, Comparison.SETTINGS);
        double p = Stats.mcnemarExact(onlyAFailed, onlyBFailed);
        String coverage = sa.size() == n && sb.size() == n ? null
                : "only scenarios with a BFCL verdict on both sides are compared";
        Comparison.Estimate est = new Comparison.Estimate(null, d.meanA(), d.meanB(), d.difference(),
                Comparison.interval(d.ci()), CI_METHOD);
        Comparison.Significance test = new Comparison.Significance(
                "McNemar exact (the exact sign-flip test of the paired 0/1 differences)", p, n, "paired scenarios");
        Comparison.Paired paired = new Comparison.Paired(d, null, new long[]{onlyAFailed, onlyBFailed}, p, null);
        return new Comparison.Metric("bfcl", Comparison.BFCL_NAME, true, new Comparison.Counts(xA, n, xB, n), est,
                test, paired, signFlipCaveat(n, onlyAFailed + onlyBFailed, coverage));
    }

    private static Comparison.Metric unpairedFailure(Rate rate, VariantStats va, VariantStats vb, boolean hadPairs) {
        long xA = failures(va, rate.bit()), nA = va == null ? 0 : va.evaluable;
        long xB = failures(vb, rate.bit()), nB = vb == null ? 0 : vb.evaluable;
        String caveat = unpairedCaveat(nA, nB);
        caveat = (caveat == null ? "" : caveat + "; ")
                + "turns within a scenario are correlated, so this unpaired p is optimistic";
        if (hadPairs) caveat = "no paired scenario has judged turns on both sides; unpaired test used; " + caveat;
        return unpaired(rate, false, new Comparison.Counts(xA, nA, xB, nB),
                "turns (unpaired)", caveat);
    }

    private static Comparison.Metric unpairedBfcl(Map<String, ScenarioResult> sa, Map<String, ScenarioResult> sb) {
        long xA = 0, nA = 0, xB = 0, nB = 0;
        for (ScenarioResult s : sa.values()) if (s.bfclValid() != null) { nA++; if (s.bfclValid()) xA++; }
        for (ScenarioResult s : sb.values()) if (s.bfclValid() != null) { nB++; if (s.bfclValid()) xB++; }
        if (nA == 0 && nB == 0) return null;
        return unpaired(new Rate("bfcl", Comparison.BFCL_NAME, 0), true, new Comparison.Counts(xA, nA, xB, nB),
                "scenarios (unpaired)", unpairedCaveat(nA, nB));
    }

    private static Comparison.Metric unpaired(Rate rate, boolean higherIsBetter, Comparison.Counts c, String unit,
                                              String caveat) {
        Stats.TestResult t = Stats.unpairedTest(c.xA(), c.nA(), c.xB(), c.nB());
        boolean data = c.nA() > 0 && c.nB() > 0;
        Comparison.Estimate est = new Comparison.Estimate("pooled", c.rateA(), c.rateB(), c.rateB() - c.rateA(),
                data ? Stats.newcombeDifference(c.xA(), c.nA(), c.xB(), c.nB()) : null,
                "Newcombe hybrid score (unpaired)");
        return new Comparison.Metric(rate.code(), rate.name(), higherIsBetter, c, est,
                new Comparison.Significance(t.test(), t.p(), c.nA() + c.nB(), unit), null, caveat);
    }

    private static long failures(VariantStats v, int bit) {
        if (v == null) return 0;
        return bit == 1 ? v.strictFailures : bit == 2 ? v.lenientFailures : v.nonStrictFailures;
    }

    /**
     * Power warning for a paired test whose p can only come from the k scenarios that differ: with k of them the
     * smallest two-sided p is 2 / 2^k (every difference on one side), so k &lt;= 5 can never reach p &lt; 0.05.
     */
    static String signFlipCaveat(long n, long differing, String coverage) {
        List<String> parts = new ArrayList<>();
        double minP = differing >= 62 ? 0 : Math.min(1.0, 2.0 / (1L << differing));
        if (minP > 0.05) {
            parts.add("underpowered: only " + differing + " paired scenario(s) differ, so even if all went one way"
                    + " the test could not reach p<0.05 (smallest possible p=" + Comparison.trimP(minP) + ")");
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

    /** Paired turns {both failed, A only, B only, neither}; only turns judged on both sides. */
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
}
