package dev.harmonica.report.stats;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Properties of the bootstrap and the sign-flip test that no reference value can pin (their generators are ours). */
class PairedDifferenceTest {

    static double[] rates(SplittableRandom r, int n, double p) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            int turns = 1 + r.nextInt(12), failed = 0;
            for (int t = 0; t < turns; t++) if (r.nextDouble() < p) failed++;
            out[i] = (double) failed / turns;
        }
        return out;
    }

    @Test
    void theBootstrapIsSeededAndCoversTheTrueMeanDifferenceAboutNinetyFivePercentOfTheTime() {
        SplittableRandom r = new SplittableRandom(2024);
        int covered = 0, datasets = 300;
        for (int k = 0; k < datasets; k++) {
            // true per-scenario failure probability 0.20 under A and 0.12 under B: E[d] = -0.08
            double[] a = rates(r, 60, 0.20), b = rates(r, 60, 0.12);
            PairedDifference d = PairedDifference.of(a, b, new PairedDifference.Settings(1000, k, SignFlipTest.Settings.DEFAULT));
            if (d.ci().contains(-0.08)) covered++;
        }
        // percentile intervals of a mean of 60 skewed differences cover a little under 95%
        assertThat((double) covered / datasets).isBetween(0.90, 0.98);
        double[] a = rates(new SplittableRandom(1), 40, 0.3), b = rates(new SplittableRandom(2), 40, 0.1);
        assertThat(PairedDifference.of(a, b, PairedDifference.Settings.DEFAULT))
                .isEqualTo(PairedDifference.of(a, b, PairedDifference.Settings.DEFAULT));
    }

    @Test
    void theSignFlipTestHoldsItsLevelUnderTheNull() {
        SplittableRandom r = new SplittableRandom(7);
        int rejections = 0, datasets = 400;
        for (int k = 0; k < datasets; k++) {
            double[] a = rates(r, 50, 0.15), b = rates(r, 50, 0.15);
            SignFlipTest t = SignFlipTest.of(diff(a, b), new SignFlipTest.Settings(20, 2000, k));
            if (t.p() < 0.05) rejections++;
        }
        assertThat((double) rejections / datasets).isBetween(0.02, 0.08);
    }

    static double[] diff(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) d[i] = b[i] - a[i];
        return d;
    }

    @Test
    void exactAndMonteCarloAgreeOnAStrongEffect() {
        double[] d = {0.5, 0.25, 0.2, 0.4, 0.1, -0.1, 0.3, 0.5, 0.25, 0.2, 0.3, 0.1};
        SignFlipTest exact = SignFlipTest.of(d, SignFlipTest.Settings.DEFAULT);
        SignFlipTest mc = SignFlipTest.of(d, new SignFlipTest.Settings(5, 50_000, 3));
        assertThat(exact.exact()).isTrue();
        // sum 3.0; |sum| >= 3.0 for: the observed pattern, -0.1 flipped (3.2), and -0.1 with either 0.1 flipped (3.0,
        // a tie in exact arithmetic that rounding must not lose): 4 patterns, and their 4 mirror images
        assertThat(exact.p()).isEqualTo(8.0 / 4096);
        assertThat(mc.p()).isCloseTo(exact.p(), within(4 * Math.sqrt(exact.p() / 50_000) + 1.0 / 50_000));
        assertThat(SignFlipTest.of(new double[]{0, 0, 0}, SignFlipTest.Settings.DEFAULT).p()).isEqualTo(1.0);
    }

    @Test
    void uniformIndexIsUniform() {
        SplittableRandom r = new SplittableRandom(11);
        int n = 7;
        long[] c = new long[n];
        int draws = 700_000;
        for (int i = 0; i < draws; i++) c[PairedDifference.uniformIndex(r.nextInt(), r, n)]++;
        double chi = 0, e = (double) draws / n;
        for (long x : c) chi += (x - e) * (x - e) / e;
        assertThat(chi).isLessThan(22.46); // chi-square(6) 0.999 quantile
    }

    @Test
    void minimalDetectableDifferenceIsTheStatedFormula() {
        assertThat(PairedDifference.minimalDetectable(0.2, 100)).isCloseTo((1.959963984540054 + 0.8416212335729143) * 0.02,
                within(1e-15));
        PairedDifference same = PairedDifference.of(new double[]{0.1, 0.2}, new double[]{0.2, 0.3},
                PairedDifference.Settings.DEFAULT);
        assertThat(same.mdd()).isNull(); // every difference equal: no spread to estimate
    }
}
