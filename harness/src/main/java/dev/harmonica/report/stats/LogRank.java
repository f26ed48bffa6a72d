package dev.harmonica.report.stats;

import java.util.List;
import java.util.TreeMap;

/**
 * The log-rank (Mantel–Cox) test that two right-censored samples share one survival function. At each distinct event
 * time t of the pooled sample, with n_t at risk (n1_t in group 1), d_t events:
 * <pre>
 *   E1 = Σ d_t · n1_t / n_t      V = Σ d_t (n1_t/n_t)(1 − n1_t/n_t)(n_t − d_t)/(n_t − 1)   (terms with n_t = 1 are 0)
 *   z = (O1 − E1) / √V           χ² = z², p = P(χ²₁ &gt; χ²)
 * </pre>
 * The same definitions as SciPy's {@code scipy.stats.logrank} (whose statistic is z) and R's {@code survdiff}.
 * Assumes the two samples are independent; paired samples (the same scenarios under two variants) violate that, so
 * for them this p is indicative (the paired test of the headline is the sign-flip test).
 *
 * @param z NaN when V = 0 (no event, or no information)
 */
public record LogRank(int observed1, double expected1, int observed2, double expected2, double variance, double z,
                      double chiSquare, double p) {

    public static LogRank of(List<KaplanMeier.Observation> group1, List<KaplanMeier.Observation> group2) {
        TreeMap<Integer, long[]> t = new TreeMap<>(); // time → {events 1, at-risk leavers 1, events 2, leavers 2}
        long n1 = add(group1, t, 0), n2 = add(group2, t, 2);
        double e1 = 0, var = 0;
        int o1 = 0, o2 = 0;
        for (long[] c : t.values()) {
            long d = c[0] + c[2], n = n1 + n2;
            if (d > 0) {
                double share = (double) n1 / n;
                e1 += d * share;
                if (n > 1) var += d * share * (1 - share) * (n - d) / (n - 1);
            }
            o1 += (int) c[0];
            o2 += (int) c[2];
            n1 -= c[1];
            n2 -= c[3];
        }
        double e2 = o1 + o2 - e1;
        double z = var > 0 ? (o1 - e1) / Math.sqrt(var) : Double.NaN;
        double chi = z * z;
        return new LogRank(o1, e1, o2, e2, var, z, chi, Normal.chiSquare1UpperTail(chi));
    }

    private static long add(List<KaplanMeier.Observation> g, TreeMap<Integer, long[]> t, int at) {
        long n = 0;
        for (KaplanMeier.Observation o : g) {
            if (o.time() <= 0) continue;
            long[] c = t.computeIfAbsent(o.time(), x -> new long[4]);
            if (o.event()) c[at]++;
            c[at + 1]++;
            n++;
        }
        return n;
    }
}
