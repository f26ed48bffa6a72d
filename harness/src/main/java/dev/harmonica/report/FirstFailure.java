package dev.harmonica.report;

import dev.harmonica.report.stats.KaplanMeier;
import dev.harmonica.report.stats.LogRank;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * "Turns until the first strict failure" per scenario, for Kaplan–Meier curves and the log-rank test. Time counts
 * judged model turns in depth order: a scenario whose k-th judged turn is its first strict failure is an event at k;
 * a scenario that ends clean is censored at its last judged turn; a turn the endpoint did not answer ends the
 * observation there (censored at the judged turns before it). Resampled draws are not turns here (as in every rate).
 */
public final class FirstFailure {
    /** The strict-failure bit of {@link ScenarioResult#timeline()}. */
    static final int STRICT = 1;
    private static final int JUDGED = 4;

    private FirstFailure() {
    }

    /**
     * A and B over the same (paired) scenarios.
     *
     * @param logRank the log-rank test of A against B (group 1 = A); indicative: it treats the two sides as
     *                independent samples, while they are the same scenarios
     */
    public record Pair(KaplanMeier a, KaplanMeier b, LogRank logRank, int scenarios) {
    }

    /** One scenario × variant's observation; {@code bit} selects the failure (1 = strict). */
    static KaplanMeier.Observation observation(int[] timeline, int bit) {
        int judged = 0;
        for (int e : timeline) {
            if ((e & JUDGED) == 0) return new KaplanMeier.Observation(judged, false);
            judged++;
            if ((e & bit) != 0) return new KaplanMeier.Observation(judged, true);
        }
        return new KaplanMeier.Observation(judged, false);
    }

    static KaplanMeier.Observation observation(ScenarioResult s) {
        return observation(s.timeline(), STRICT);
    }

    /** The curve over every scenario of one variant. */
    static KaplanMeier curve(Collection<ScenarioResult> scenarios) {
        List<KaplanMeier.Observation> obs = new ArrayList<>(scenarios.size());
        for (ScenarioResult s : scenarios) obs.add(observation(s));
        return KaplanMeier.of(obs);
    }

    /** A and B over the paired scenarios; null without any. */
    static Pair compare(List<ScenarioResult[]> pairs) {
        if (pairs.isEmpty()) return null;
        List<KaplanMeier.Observation> a = new ArrayList<>(pairs.size()), b = new ArrayList<>(pairs.size());
        for (ScenarioResult[] p : pairs) {
            a.add(observation(p[0]));
            b.add(observation(p[1]));
        }
        return new Pair(KaplanMeier.of(a), KaplanMeier.of(b), LogRank.of(a, b), pairs.size());
    }
}
