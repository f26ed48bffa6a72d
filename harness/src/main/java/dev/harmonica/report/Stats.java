package dev.harmonica.report;

import dev.harmonica.report.stats.Normal;
import dev.harmonica.report.stats.PairedDifference;

/**
 * The statistics the reports use. Pure functions, no dependencies. Every p-value the reports print comes from here,
 * always next to its n.
 *
 * <ul>
 *   <li>{@link #wilson}: Wilson score interval for one proportion (Wilson 1927; Newcombe 1998 method 3).</li>
 *   <li>{@link #newcombeDifference}: hybrid score interval for a difference of independent proportions
 *       (Newcombe 1998, "eleven methods", method 10).</li>
 *   <li>{@link #mcnemarExact}: McNemar's exact (conditional) test: two-sided binomial test of the discordant pairs
 *       against 1/2.</li>
 *   <li>{@link #twoProportionZ}: pooled two-proportion z-test (equal to the uncorrected Pearson chi-square test).</li>
 *   <li>{@link #fisherExact}: Fisher's exact test, two-sided by summing the tables no more probable than the one
 *       observed (R's {@code fisher.test} convention).</li>
 *   <li>Paired statistics (cluster bootstrap, sign-flip test, CMH, Kaplan–Meier, log-rank) live in
 *       {@link dev.harmonica.report.stats}.</li>
 * </ul>
 */
public final class Stats {
    /** The 0.975 quantile of the standard normal distribution. */
    public static final double Z_95 = 1.959963984540054;

    private Stats() {
    }

    /** A closed interval. */
    public record Interval(double low, double high) {
    }

    /** Wilson score interval (no continuity correction) for {@code successes} out of {@code n}; [0,1] for n = 0. */
    public static Interval wilson(long successes, long n, double z) {
        if (n <= 0) return new Interval(0, 1);
        double p = (double) successes / n;
        double z2 = z * z;
        double denom = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denom;
        double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denom;
        double lo = successes == 0 ? 0 : Math.max(0, centre - half);
        double hi = successes == n ? 1 : Math.min(1, centre + half);
        return new Interval(lo, hi);
    }

    public static Interval wilson(long successes, long n) {
        return wilson(successes, n, Z_95);
    }

    /**
     * 95% interval for p2 − p1 of two independent proportions by Newcombe's hybrid score method (method 10 of
     * Newcombe 1998): built from the two Wilson intervals.
     */
    public static Interval newcombeDifference(long x1, long n1, long x2, long n2) {
        if (n1 <= 0 || n2 <= 0) return new Interval(-1, 1);
        double p1 = (double) x1 / n1, p2 = (double) x2 / n2;
        Interval w1 = wilson(x1, n1), w2 = wilson(x2, n2);
        double d = p2 - p1;
        double lo = d - Math.sqrt(sq(p2 - w2.low()) + sq(w1.high() - p1));
        double hi = d + Math.sqrt(sq(w2.high() - p2) + sq(p1 - w1.low()));
        return new Interval(Math.max(-1, lo), Math.min(1, hi));
    }

    /**
     * McNemar's exact test: two-sided p for {@code b} pairs that changed one way and {@code c} the other way
     * (exact binomial test of min(b,c) among b+c at probability 1/2). p = 1 when there are no discordant pairs.
     */
    public static double mcnemarExact(long b, long c) {
        long n = b + c;
        if (n == 0) return 1.0;
        long k = Math.min(b, c);
        // P(X <= k) for X ~ Binomial(n, 1/2), summed from the largest term down (terms shrink as i decreases).
        double logTerm = logChoose(n, k) + n * Math.log(0.5);
        double sum = 0, rel = 1;
        for (long i = k; i >= 0; i--) {
            sum += rel;
            if (i == 0) break;
            rel *= (double) i / (n - i + 1);
            if (rel < 1e-17 * sum) break;
        }
        double p = 2 * Math.exp(logTerm + Math.log(sum));
        return Math.min(1.0, p);
    }

    /** Result of a two-sample test on proportions. */
    public record TestResult(String test, double statistic, double p) {
    }

    /**
     * Pooled two-proportion z-test of x1/n1 against x2/n2, two-sided. The statistic is z = (p2 − p1) / se.
     */
    public static TestResult twoProportionZ(long x1, long n1, long x2, long n2) {
        if (n1 <= 0 || n2 <= 0) return new TestResult("two-proportion z-test", 0, 1);
        double p1 = (double) x1 / n1, p2 = (double) x2 / n2;
        double pooled = (double) (x1 + x2) / (n1 + n2);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        if (se == 0) return new TestResult("two-proportion z-test", 0, 1);
        double z = (p2 - p1) / se;
        return new TestResult("two-proportion z-test", z, Math.min(1, 2 * normalUpperTail(Math.abs(z))));
    }

    /**
     * Fisher's exact test on the 2×2 table [[a, b], [c, d]] (rows: groups; columns: event, no event), two-sided:
     * the sum of the probabilities of all tables with the same margins that are no more probable than the observed
     * one (relative tolerance 1e-7, as R does).
     */
    public static double fisherExact(long a, long b, long c, long d) {
        long r1 = a + b, r2 = c + d, c1 = a + c, n = r1 + r2;
        if (n == 0) return 1.0;
        long lo = Math.max(0, c1 - r2), hi = Math.min(r1, c1);
        double logDenom = logChoose(n, c1);
        double pObs = Math.exp(logChoose(r1, a) + logChoose(r2, c1 - a) - logDenom);
        double p = 0;
        for (long x = lo; x <= hi; x++) {
            double px = Math.exp(logChoose(r1, x) + logChoose(r2, c1 - x) - logDenom);
            if (px <= pObs * (1 + 1e-7)) p += px;
        }
        return Math.min(1.0, p);
    }

    /**
     * Unpaired test of x1/n1 against x2/n2: Fisher's exact test when any expected cell count is below 5, else the
     * two-proportion z-test.
     */
    public static TestResult unpairedTest(long x1, long n1, long x2, long n2) {
        long n = n1 + n2, events = x1 + x2;
        if (n1 <= 0 || n2 <= 0) return new TestResult("none (an empty group)", 0, 1);
        double minExpected = Math.min(Math.min((double) n1 * events / n, (double) n1 * (n - events) / n),
                Math.min((double) n2 * events / n, (double) n2 * (n - events) / n));
        if (minExpected < 5) {
            return new TestResult("Fisher's exact test", Double.NaN, fisherExact(x1, n1 - x1, x2, n2 - x2));
        }
        return twoProportionZ(x1, n1, x2, n2);
    }

    /** log of the binomial coefficient C(n, k), exact summation of logs (fine for the sizes a report sees). */
    static double logChoose(long n, long k) {
        if (k < 0 || k > n) return Double.NEGATIVE_INFINITY;
        k = Math.min(k, n - k);
        double s = 0;
        for (long i = 1; i <= k; i++) s += Math.log((double) (n - k + i) / i);
        return s;
    }

    /** P(Z > z) for a standard normal Z (see {@link Normal#upperTail}). */
    public static double normalUpperTail(double z) {
        return Normal.upperTail(z);
    }

    /** Complementary error function (see {@link Normal#erfc}). */
    public static double erfc(double x) {
        return Normal.erfc(x);
    }

    /** Linear-interpolation quantile (type 7, as numpy's default) of sorted values. */
    public static double quantileSorted(double[] sorted, double q) {
        return PairedDifference.quantileSorted(sorted, q);
    }

    private static double sq(double x) {
        return x * x;
    }
}
