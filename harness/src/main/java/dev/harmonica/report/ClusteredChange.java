package dev.harmonica.report;

import java.util.Map;
import java.util.TreeSet;

/**
 * Did a rate change between a run and the pooled runs before it? The rate is a ratio of sums over scenarios,
 * {@code R = Σ x_s / Σ n_s} (e.g. strict failures / judged turns, or correct / scored BFCL entries). A two-proportion
 * z-test of {@code D = R_run − R_before} whose standard error is the <b>larger</b> of two estimates:
 * <pre>
 *   conventional: SE_b² = p̄(1 − p̄)(1/N_run + 1/N_before), p̄ the pooled rate   (the textbook two-proportion z-test)
 *   clustered:    u_s = (x_s − R_run·n_s) / N_run − (X_s − R_before·N_s) / N_before   (x, n: the run; X, N: before)
 *                 SE_c² = m / (m − 1) · Σ_s u_s²                                      (m scenarios on either side)
 *   z = D / max(SE_b, SE_c),  p = 2 · (1 − Φ(|z|)),  α = {@value #ALPHA}
 * </pre>
 * Why both: turns within a scenario are correlated (a conversation that drifts keeps drifting), which the
 * conventional SE ignores and the scenario-clustered (linearisation, "sandwich") SE accounts for, with each scenario
 * paired with itself in the earlier runs (the runs of one trend group share their scenario set). But with few
 * scenarios, or few that differ at all, the clustered SE is biased low; taking the larger of the two guards against
 * both (Angrist and Pischke, <i>Mostly Harmless Econometrics</i>, 2009, §8.2). Below {@value #MIN_SCENARIOS}
 * scenarios the change is shown but not tested.
 */
public final class ClusteredChange {
    public static final double ALPHA = 0.05;
    public static final int MIN_SCENARIOS = 5;
    public static final String TEST = "two-proportion z-test, SE = max(pooled binomial, scenario-clustered paired)";

    /** The outcome of one comparison. {@code p} is NaN when untested ({@code note} says why). */
    public record Result(double before, double after, double difference, double z, double p, int scenarios,
                         String note) {
        public boolean tested() {
            return !Double.isNaN(p);
        }

        public boolean significant() {
            return tested() && p < ALPHA;
        }
    }

    private ClusteredChange() {
    }

    /**
     * Tests the run's rate against the pooled rate before it.
     *
     * @param run    scenario id → {x, n} of the run
     * @param before scenario id → {x, n} pooled over the earlier runs
     */
    public static Result test(Map<String, long[]> run, Map<String, long[]> before) {
        long xr = 0, nr = 0, xb = 0, nb = 0;
        for (long[] c : run.values()) {
            xr += c[0];
            nr += c[1];
        }
        for (long[] c : before.values()) {
            xb += c[0];
            nb += c[1];
        }
        if (nr == 0 || nb == 0) {
            return new Result(nb == 0 ? Double.NaN : (double) xb / nb, nr == 0 ? Double.NaN : (double) xr / nr,
                    Double.NaN, Double.NaN, Double.NaN, 0, nr == 0 ? "nothing judged in this run" : "nothing judged before");
        }
        double rr = (double) xr / nr, rb = (double) xb / nb, d = rr - rb;
        TreeSet<String> ids = new TreeSet<>(run.keySet());
        ids.addAll(before.keySet());
        int m = 0;
        double sum = 0;
        for (String id : ids) {
            long[] a = run.getOrDefault(id, ZERO), b = before.getOrDefault(id, ZERO);
            if (a[1] == 0 && b[1] == 0) continue;
            m++;
            double u = (a[0] - rr * a[1]) / nr - (b[0] - rb * b[1]) / nb;
            sum += u * u;
        }
        if (m < MIN_SCENARIOS) {
            return new Result(rb, rr, d, Double.NaN, Double.NaN, m, "not tested: " + m + " scenario(s), fewer than "
                    + MIN_SCENARIOS);
        }
        double pooled = (double) (xr + xb) / (nr + nb);
        double var = Math.max(m / (m - 1.0) * sum, pooled * (1 - pooled) * (1.0 / nr + 1.0 / nb));
        if (var <= 0) {
            return new Result(rb, rr, d, 0, d == 0 ? 1 : Double.NaN, m, d == 0 ? null
                    : "not tested: no variation between scenarios");
        }
        double z = d / Math.sqrt(var);
        return new Result(rb, rr, d, z, Math.min(1, 2 * Stats.normalUpperTail(Math.abs(z))), m, null);
    }

    private static final long[] ZERO = {0, 0};
}
