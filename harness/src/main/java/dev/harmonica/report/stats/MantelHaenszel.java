package dev.harmonica.report.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * Cochran–Mantel–Haenszel test of conditional independence in K stratified 2×2 tables, with the Mantel–Haenszel
 * common odds ratio and its Robins–Breslow–Greenland 95% interval. Same formulas as statsmodels'
 * {@code StratifiedTable} ({@code test_null_odds}, {@code oddsratio_pooled}, {@code oddsratio_pooled_confint}):
 * <pre>
 *   T = (|Σ a_k − Σ (a_k+b_k)(a_k+c_k)/n_k| − c)² / Σ (a_k+b_k)(a_k+c_k)(b_k+d_k)(c_k+d_k) / (n_k² (n_k − 1))
 * </pre>
 * with c = 0, or 0.5 with the continuity correction; p = P(χ²₁ &gt; T). One deliberate difference: the correction is
 * applied only when |Σ a_k − Σ E a_k| &gt;= 0.5 (as R's {@code mantelhaen.test} does); statsmodels subtracts 0.5
 * even below, which makes a smaller deviation look larger after squaring.
 *
 * <p>Strata with fewer than 2 observations carry no information (zero variance, zero deviation) and are dropped.
 *
 * @param strata       strata used
 * @param oddsRatio    Σ(a d / n) / Σ(b c / n); NaN when both sums are 0, ±infinite when only the denominator is
 * @param oddsRatioCi  null when the odds ratio is 0, infinite or NaN
 */
public record MantelHaenszel(int strata, double statistic, double p, double statisticCorrected, double pCorrected,
                             double oddsRatio, ConfidenceInterval oddsRatioCi) {

    /** One stratum: rows = group 1 / group 2, columns = event / no event. */
    public record Table(long a, long b, long c, long d) {
        public long n() {
            return a + b + c + d;
        }
    }

    /** The test over the given strata; null when no stratum has 2 or more observations. */
    public static MantelHaenszel of(List<Table> tables) {
        List<Table> used = new ArrayList<>();
        for (Table t : tables) if (t.n() >= 2) used.add(t);
        if (used.isEmpty()) return null;
        double dev = 0, var = 0;
        for (Table t : used) {
            double n = t.n(), r1 = t.a() + t.b(), c1 = t.a() + t.c(), r2 = t.c() + t.d(), c2 = t.b() + t.d();
            dev += t.a() - r1 * c1 / n;
            var += r1 * c1 * r2 * c2 / (n * n * (n - 1));
        }
        double absDev = Math.abs(dev);
        double stat = var > 0 ? absDev * absDev / var : Double.NaN;
        double corr = absDev >= 0.5 ? absDev - 0.5 : absDev;
        double statC = var > 0 ? corr * corr / var : Double.NaN;
        double or = oddsRatio(used);
        return new MantelHaenszel(used.size(), stat, Normal.chiSquare1UpperTail(stat), statC,
                Normal.chiSquare1UpperTail(statC), or, robinsBreslowGreenland(used, or));
    }

    private static double oddsRatio(List<Table> used) {
        double adn = 0, bcn = 0;
        for (Table t : used) {
            adn += (double) t.a() * t.d() / t.n();
            bcn += (double) t.b() * t.c() / t.n();
        }
        return adn / bcn;
    }

    /** Robins, Breslow and Greenland (1986) variance of log(OR_MH); statsmodels' {@code logodds_pooled_se}. */
    private static ConfidenceInterval robinsBreslowGreenland(List<Table> used, double or) {
        if (!(or > 0) || Double.isInfinite(or)) return null;
        double adns = 0, bcns = 0, first = 0, mid = 0, last = 0;
        for (Table t : used) {
            double n = t.n(), apd = t.a() + t.d(), ad = (double) t.a() * t.d(), bc = (double) t.b() * t.c();
            adns += ad / n;
            bcns += bc / n;
            first += apd * ad / (n * n);
            mid += apd * bc / (n * n) + (1 - apd / n) * ad / n;
            last += (1 - apd / n) * bc / n;
        }
        double var = (first / (adns * adns) + mid / (adns * bcns) + last / (bcns * bcns)) / 2;
        double se = Math.sqrt(var), lor = Math.log(or);
        return new ConfidenceInterval(Math.exp(lor - Normal.Z_975 * se), Math.exp(lor + Normal.Z_975 * se));
    }
}
