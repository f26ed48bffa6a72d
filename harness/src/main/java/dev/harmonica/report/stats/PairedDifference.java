package dev.harmonica.report.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The mean paired difference of a per-cluster rate between two variants, B − A, over n clusters (scenarios) observed
 * under both: {@code Δ = (1/n) Σ (rB_i − rA_i)}, each scenario weighing the same. Everything here is about that one
 * quantity:
 * <ul>
 *   <li>{@link #ci()}: percentile bootstrap 95% interval, resampling scenarios with replacement (a cluster bootstrap:
 *       the turns of a scenario are never split), {@link Settings#bootstrapReplicates()} replicates from a seeded
 *       generator; quantiles interpolated as numpy's default (type 7);</li>
 *   <li>{@link #test()}: the sign-flip permutation test of the same differences ({@link SignFlipTest});</li>
 *   <li>{@link #mdd()}: the minimal detectable difference at 80% power, two-sided α = 0.05, from the observed standard
 *       deviation s of the differences: {@code (z_0.975 + z_0.80) · s / √n} (normal approximation of the mean of n
 *       independent differences whose SD under the alternative is the observed one).</li>
 * </ul>
 *
 * @param meanA mean of the A rates; {@code meanB − meanA == difference} up to rounding
 * @param sd    sample standard deviation (n − 1) of the differences; NaN for n &lt; 2
 * @param ci    null for n &lt; 2
 * @param mdd   null when it cannot be estimated (n &lt; 2 or every difference equal)
 */
public record PairedDifference(int n, double meanA, double meanB, double difference, double sd,
                               ConfidenceInterval ci, int bootstrapReplicates, SignFlipTest test, Double mdd) {

    /** @param bootstrapReplicates fixed replicate count; {@code seed} seeds the bootstrap generator */
    public record Settings(int bootstrapReplicates, long seed, SignFlipTest.Settings signFlip) {
        public static final Settings DEFAULT = new Settings(2000, 0x48_41_52_4DL, SignFlipTest.Settings.DEFAULT);
    }

    /** Paired rates {@code rateA[i]}, {@code rateB[i]} of scenario i (same length, in a fixed scenario order). */
    public static PairedDifference of(double[] rateA, double[] rateB, Settings s) {
        if (rateA.length != rateB.length) throw new IllegalArgumentException("unpaired rates");
        int n = rateA.length;
        double[] d = new double[n];
        double sa = 0, sb = 0;
        for (int i = 0; i < n; i++) {
            d[i] = rateB[i] - rateA[i];
            sa += rateA[i];
            sb += rateB[i];
        }
        double meanA = n == 0 ? Double.NaN : sa / n, meanB = n == 0 ? Double.NaN : sb / n;
        double mean = mean(d);
        double sd = standardDeviation(d, mean);
        ConfidenceInterval ci = bootstrapMean(d, s.bootstrapReplicates(), s.seed());
        // rates are in [0, 1]: a spread below 1e-12 is rounding of equal differences, not a spread
        Double mdd = n >= 2 && sd > 1e-12 ? minimalDetectable(sd, n) : null;
        return new PairedDifference(n, meanA, meanB, mean, sd, ci, s.bootstrapReplicates(),
                SignFlipTest.of(d, s.signFlip()), mdd);
    }

    /** {@code (z_0.975 + z_0.80) · sd / √n}: the smallest true mean difference found with 80% power at α = 0.05. */
    public static double minimalDetectable(double sd, int n) {
        return (Normal.Z_975 + Normal.Z_80) * sd / Math.sqrt(n);
    }

    static double mean(double[] d) {
        if (d.length == 0) return Double.NaN;
        double t = 0;
        for (double x : d) t += x;
        return t / d.length;
    }

    static double standardDeviation(double[] d, double mean) {
        if (d.length < 2) return Double.NaN;
        double ss = 0;
        for (double x : d) ss += (x - mean) * (x - mean);
        return Math.sqrt(ss / (d.length - 1));
    }

    /**
     * Percentile bootstrap 95% interval of the mean of {@code d}; null with fewer than 2 values. Each replicate draws
     * n indices uniformly with replacement, two from each 64-bit random value (see {@link #uniformIndex}).
     */
    public static ConfidenceInterval bootstrapMean(double[] d, int replicates, long seed) {
        int n = d.length;
        if (n < 2 || replicates < 2) return null;
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] means = new double[replicates];
        for (int r = 0; r < replicates; r++) {
            double t = 0;
            for (int i = 0; i < n; i += 2) {
                long x = rnd.nextLong();
                t += d[uniformIndex((int) (x >>> 32), rnd, n)];
                if (i + 1 < n) t += d[uniformIndex((int) x, rnd, n)];
            }
            means[r] = t / n;
        }
        Arrays.sort(means);
        return new ConfidenceInterval(quantileSorted(means, 0.025), quantileSorted(means, 0.975));
    }

    /**
     * A uniform index in [0, n) from 32 random bits by Lemire's multiply-and-reject method ("Fast random integer
     * generation in an interval", ACM TOMACS 2019): unbiased, with a division and fresh bits from {@code rnd} only on
     * the rare rejection path.
     */
    static int uniformIndex(int bits, SplittableRandom rnd, int n) {
        long m = (bits & 0xFFFFFFFFL) * n;
        long low = m & 0xFFFFFFFFL;
        if (low < n) {
            long threshold = (0x1_0000_0000L - n) % n;
            while (low < threshold) {
                m = (rnd.nextInt() & 0xFFFFFFFFL) * n;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** Linear-interpolation quantile of sorted values (type 7, numpy's default). */
    public static double quantileSorted(double[] sorted, double q) {
        if (sorted.length == 0) return Double.NaN;
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
