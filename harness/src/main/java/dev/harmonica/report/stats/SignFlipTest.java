package dev.harmonica.report.stats;

import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Scenario-level sign-flip permutation test of paired differences {@code d_i = x_i − y_i}: under the null hypothesis
 * that the two variants are exchangeable within each scenario, every {@code d_i} is as likely to have either sign.
 * The statistic is the mean of the differences; the two-sided p is the share of sign patterns whose mean is at least
 * as far from 0 as the observed one. Differences equal to 0 do not change the statistic under any sign, so only the k
 * non-zero ones are flipped: with k &lt;= {@link Settings#exactMaxNonZero()} all 2^k patterns are enumerated (exact);
 * above, {@link Settings#monteCarloReplicates()} random patterns are drawn from a seeded generator and
 * p = (1 + hits) / (1 + replicates) (Phipson and Smyth 2010: never 0). The observed pattern is not one of the
 * replicates; the "1 +" counts it.
 *
 * <p>A pattern "hits" when |its sum| &gt;= |observed sum| − tol, tol = 1e-12 × Σ|d_i|, so that patterns whose sum
 * equals the observed one in exact arithmetic are not lost to rounding. Equal to SciPy's
 * {@code scipy.stats.permutation_test(..., permutation_type='samples')} with the mean difference as statistic (its
 * two-sided p, twice the smaller tail, equals this one because the null distribution is symmetric).
 *
 * @param statistic the observed mean difference
 * @param p         two-sided p
 * @param exact     true when every sign pattern was enumerated
 * @param patterns  2^k when exact, else the Monte Carlo replicate count
 * @param nonZero   k, the differences that are not 0
 */
public record SignFlipTest(double statistic, double p, boolean exact, long patterns, int nonZero) {

    /**
     * @param exactMaxNonZero      enumerate exactly up to this many non-zero differences (at most 30)
     * @param monteCarloReplicates random sign patterns above that
     * @param seed                 seed of the Monte Carlo generator
     */
    public record Settings(int exactMaxNonZero, int monteCarloReplicates, long seed) {
        public static final Settings DEFAULT = new Settings(20, 10_000, 0x5349_474EL);

        public Settings {
            if (exactMaxNonZero < 0 || exactMaxNonZero > 30) throw new IllegalArgumentException("exactMaxNonZero");
            if (monteCarloReplicates < 1) throw new IllegalArgumentException("monteCarloReplicates");
        }
    }

    /** Tests the differences {@code d} (any length; an empty or all-zero vector gives p = 1). */
    public static SignFlipTest of(double[] d, Settings s) {
        int k = 0;
        double absSum = 0, sum = 0;
        for (double x : d) {
            if (x != 0) k++;
            absSum += Math.abs(x);
            sum += x;
        }
        double mean = d.length == 0 ? 0 : sum / d.length;
        if (k == 0) return new SignFlipTest(mean, 1.0, true, 1, 0);
        double[] v = new double[k];
        int j = 0;
        for (double x : d) if (x != 0) v[j++] = x;
        double observed = Math.abs(sumOf(v)) - 1e-12 * absSum;
        if (k <= s.exactMaxNonZero()) {
            long patterns = 1L << k, hits = 0;
            for (long mask = 0; mask < patterns; mask++) {
                if (Math.abs(signedSum(v, mask)) >= observed) hits++;
            }
            return new SignFlipTest(mean, (double) hits / patterns, true, patterns, k);
        }
        return monteCarlo(v, mean, 1e-12 * absSum, s);
    }

    /**
     * Monte Carlo sign flips, one group of equal differences at a time: flipping each of the c equal values v with
     * probability 1/2 changes the sum by −2v per flipped value, and the number flipped is Binomial(c, 1/2), drawn as the
     * bit count of c random bits (the same distribution as flipping them one by one, at a 64th of the cost).
     */
    private static SignFlipTest monteCarlo(double[] v, double mean, double tol, Settings s) {
        TreeMap<Double, Integer> groups = new TreeMap<>();
        for (double x : v) groups.merge(x, 1, Integer::sum);
        double[] value = new double[groups.size()];
        int[] count = new int[groups.size()];
        int g = 0;
        for (var e : groups.entrySet()) {
            value[g] = e.getKey();
            count[g++] = e.getValue();
        }
        // the observed sum the same way as the replicates' (few groups: rounding far below tol)
        double sum = 0;
        for (int k = 0; k < value.length; k++) sum += value[k] * count[k];
        double observed = Math.abs(sum) - tol;
        SplittableRandom rnd = new SplittableRandom(s.seed());
        long hits = 0;
        for (int r = 0; r < s.monteCarloReplicates(); r++) {
            double t = 0;
            for (int k = 0; k < value.length; k++) {
                int flipped = 0, c = count[k];
                for (; c >= 64; c -= 64) flipped += Long.bitCount(rnd.nextLong());
                if (c > 0) flipped += Long.bitCount(rnd.nextLong() & (-1L >>> (64 - c)));
                t += value[k] * (count[k] - 2 * flipped);
            }
            if (Math.abs(t) >= observed) hits++;
        }
        return new SignFlipTest(mean, (1.0 + hits) / (1.0 + s.monteCarloReplicates()), false,
                s.monteCarloReplicates(), v.length);
    }

    private static double sumOf(double[] v) {
        double t = 0;
        for (double x : v) t += x;
        return t;
    }

    private static double signedSum(double[] v, long mask) {
        double t = 0;
        for (int i = 0; i < v.length; i++) t += ((mask >>> i) & 1) == 0 ? v[i] : -v[i];
        return t;
    }

    /** E.g. {@code sign-flip permutation test, exact (2^7 sign patterns)} or {@code … Monte Carlo (10000 …)}. */
    public String method() {
        return exact ? "sign-flip permutation test, exact (all 2^" + nonZero + " sign patterns of the " + nonZero
                + " non-zero differences)"
                : "sign-flip permutation test, Monte Carlo (" + patterns + " random sign patterns, fixed seed)";
    }
}
