package dev.harmonica.report.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Kaplan–Meier estimate of a survival function from right-censored integer times. At a time t with d events among
 * the n subjects still at risk (time &gt;= t; a subject censored at t is still at risk at t), S drops by the factor
 * (1 − d/n). Observations at time 0 or below are never at risk at a positive time and are left out. Matches SciPy's
 * {@code scipy.stats.ecdf(CensoredData(uncensored=…, right=…)).sf}.
 *
 * @param steps    one per distinct time with an event or a censoring, in time order
 * @param subjects observations used (time &gt; 0)
 */
public record KaplanMeier(List<Step> steps, int subjects, int events) {

    /** One subject: the time it was last seen and whether that time is an event (false: censored). */
    public record Observation(int time, boolean event) {
    }

    /** At {@code time}: subjects at risk, events and censorings there, and S(time) just after them. */
    public record Step(int time, int atRisk, int events, int censored, double survival) {
    }

    public static KaplanMeier of(List<Observation> observations) {
        TreeMap<Integer, int[]> byTime = new TreeMap<>(); // time → {events, censored}
        int subjects = 0, events = 0;
        for (Observation o : observations) {
            if (o.time() <= 0) continue;
            subjects++;
            int[] c = byTime.computeIfAbsent(o.time(), t -> new int[2]);
            if (o.event()) {
                c[0]++;
                events++;
            } else {
                c[1]++;
            }
        }
        List<Step> steps = new ArrayList<>();
        int atRisk = subjects;
        double s = 1.0;
        for (var e : byTime.entrySet()) {
            int d = e.getValue()[0], c = e.getValue()[1];
            if (d > 0) s *= 1.0 - (double) d / atRisk;
            steps.add(new Step(e.getKey(), atRisk, d, c, s));
            atRisk -= d + c;
        }
        return new KaplanMeier(List.copyOf(steps), subjects, events);
    }

    /** S(t): the share of subjects with no event up to and including time t. */
    public double survivalAt(int t) {
        double s = 1.0;
        for (Step st : steps) {
            if (st.time() > t) break;
            s = st.survival();
        }
        return s;
    }

    /** Subjects still at risk at time t (their time is t or later). */
    public int atRiskAt(int t) {
        for (Step st : steps) if (st.time() >= t) return st.atRisk();
        return 0;
    }

    /** The smallest time with S(t) &lt;= 0.5, or null when the curve never gets there. */
    public Integer median() {
        for (Step st : steps) if (st.events() > 0 && st.survival() <= 0.5) return st.time();
        return null;
    }

    /** The last time observed (event or censoring), 0 without subjects. */
    public int lastTime() {
        return steps.isEmpty() ? 0 : steps.get(steps.size() - 1).time();
    }
}
