package dev.harmonica.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The statistics against published worked examples (cited per test). */
class StatsTest {

    private static void interval(Stats.Interval i, double lo, double hi) {
        assertThat(i.low()).isCloseTo(lo, within(5e-5));
        assertThat(i.high()).isCloseTo(hi, within(5e-5));
    }

    // Newcombe RG (1998) "Two-sided confidence intervals for the single proportion: comparison of seven methods",
    // Stat Med 17:857-872, Table I, method 3 (Wilson score, no continuity correction).
    @Test
    void wilsonMatchesNewcombe1998TableI_81of263() {
        interval(Stats.wilson(81, 263), 0.2553, 0.3662);
    }

    @Test
    void wilsonMatchesNewcombe1998TableI_15of148() {
        interval(Stats.wilson(15, 148), 0.0624, 0.1605);
    }

    @Test
    void wilsonMatchesNewcombe1998TableI_0of20() {
        interval(Stats.wilson(0, 20), 0.0, 0.1611);
    }

    @Test
    void wilsonMatchesNewcombe1998TableI_1of29() {
        interval(Stats.wilson(1, 29), 0.0061, 0.1718);
    }

    @Test
    void wilsonMatchesNewcombe1998TableI_29of29() {
        interval(Stats.wilson(29, 29), 0.8830, 1.0);
    }

    @Test
    void wilsonOfNothingIsTheWholeRange() {
        interval(Stats.wilson(0, 0), 0, 1);
    }

    // Newcombe RG (1998) "Interval estimation for the difference between independent proportions: comparison of
    // eleven methods", Stat Med 17:873-890, Table II, method 10 (hybrid score, no continuity correction).
    @Test
    void newcombeDifferenceMatchesNewcombe1998TableII_56of70_vs_48of80() {
        interval(Stats.newcombeDifference(48, 80, 56, 70), 0.0524, 0.3339);
    }

    @Test
    void newcombeDifferenceMatchesNewcombe1998TableII_9of10_vs_3of10() {
        interval(Stats.newcombeDifference(3, 10, 9, 10), 0.1705, 0.8090);
    }

    // Fagerland MW, Lydersen S, Laake P (2013) "The McNemar test for binary matched-pairs data: mid-p and asymptotic
    // are better than exact conditional", BMC Med Res Methodol 13:91, airway hyper-responsiveness example: b=1, c=7,
    // exact conditional p = 0.070 (= R binom.test(1, 8)$p.value = 0.0703125).
    @Test
    void mcnemarExactMatchesFagerland2013AhrExample() {
        assertThat(Stats.mcnemarExact(1, 7)).isCloseTo(0.0703125, within(1e-12));
        assertThat(Stats.mcnemarExact(7, 1)).isCloseTo(0.0703125, within(1e-12));
    }

    @Test
    void mcnemarExactSmallCasesAreExactBinomials() {
        assertThat(Stats.mcnemarExact(0, 5)).isCloseTo(2.0 / 32, within(1e-15)); // binom.test(0, 5) = 0.0625
        assertThat(Stats.mcnemarExact(0, 0)).isEqualTo(1.0);
        assertThat(Stats.mcnemarExact(3, 3)).isEqualTo(1.0);
    }

    @Test
    void mcnemarExactLargeCountsStayAccurate() {
        // R: binom.test(50, 130)$p.value = 0.01069406
        assertThat(Stats.mcnemarExact(50, 80)).isCloseTo(0.01069406, within(1e-8));
        // tiny but not zero
        double p = Stats.mcnemarExact(100, 1000);
        assertThat(p).isPositive().isLessThan(1e-150);
    }

    // Two-proportion z-test on Newcombe's 56/70 vs 48/80: z = 2.6502, p = 0.00805 (R: prop.test(c(56,48), c(70,80),
    // correct=FALSE) gives X-squared = 7.0234 = z^2, p-value = 0.008045).
    @Test
    void twoProportionZMatchesPropTestWithoutCorrection() {
        Stats.TestResult t = Stats.twoProportionZ(48, 80, 56, 70);
        assertThat(t.statistic()).isCloseTo(2.6502, within(1e-4));
        assertThat(t.statistic() * t.statistic()).isCloseTo(7.0234, within(1e-3));
        assertThat(t.p()).isCloseTo(0.008045, within(1e-6));
    }

    // Fisher (1935), "The Design of Experiments", the lady tasting tea: table [[3,1],[1,3]], two-sided p = 34/70.
    @Test
    void fisherExactMatchesTheLadyTastingTea() {
        assertThat(Stats.fisherExact(3, 1, 1, 3)).isCloseTo(34.0 / 70, within(1e-12));
        assertThat(Stats.fisherExact(4, 0, 0, 4)).isCloseTo(2.0 / 70, within(1e-12));
    }

    @Test
    void unpairedTestUsesFisherForSmallExpectedCounts() {
        assertThat(Stats.unpairedTest(1, 10, 4, 10).test()).isEqualTo("Fisher's exact test");
        assertThat(Stats.unpairedTest(48, 80, 56, 70).test()).isEqualTo("two-proportion z-test");
    }

    // Abramowitz & Stegun Table 7.1 values of erfc.
    @Test
    void erfcMatchesTabulatedValues() {
        assertThat(Stats.erfc(0.1)).isCloseTo(0.887537083981715, within(1e-14));
        assertThat(Stats.erfc(0.5)).isCloseTo(0.479500122186953, within(1e-14));
        assertThat(Stats.erfc(1.0)).isCloseTo(0.157299207050285, within(1e-14));
        assertThat(Stats.erfc(2.0)).isCloseTo(0.004677734981047, within(1e-15));
        assertThat(Stats.erfc(5.0)).isCloseTo(1.537459794428035e-12, within(1e-24));
        assertThat(Stats.erfc(-1.0)).isCloseTo(1.842700792949715, within(1e-14));
        assertThat(Stats.normalUpperTail(Stats.Z_95)).isCloseTo(0.025, within(1e-12));
    }

    @Test
    void quantilesInterpolateLikeNumpy() {
        double[] s = {1, 2, 3, 4};
        assertThat(Stats.quantileSorted(s, 0.5)).isEqualTo(2.5);
        assertThat(Stats.quantileSorted(s, 0.95)).isCloseTo(3.85, within(1e-12));
    }

    @Test
    void pValuesAreFormattedWithTheirSize() {
        assertThat(Comparison.formatP(0.0703125)).isEqualTo("p=0.0703");
        assertThat(Comparison.formatP(1.0)).isEqualTo("p=1");
        assertThat(Comparison.formatP(3.2e-5)).isEqualTo("p=3.2e-5");
        assertThat(Comparison.formatP(0)).isEqualTo("p<1e-300");
    }
}
