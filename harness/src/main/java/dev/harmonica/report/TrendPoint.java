package dev.harmonica.report;

import dev.harmonica.turn.Verdict;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * One variant in one run, as {@code harmonica trend} sees it: turn outcomes and verdicts (judged turns only in any
 * rate; resampled draws never), BFCL verdicts of scored entries only, SWE agreement of fully judged replays only, and
 * the per-scenario counts the change tests need ({@link ClusteredChange}).
 *
 * @param failureClusters scenario id → {strict failures, judged turns}
 * @param bfclClusters    scenario id → {correct, 1} for every scored BFCL entry
 * @param bfclNotScored   BFCL entries with no verdict (not every turn judged, or the scenario did not end)
 * @param sweAgreements   per fully judged SWE replay, its agreement (0..1)
 */
public record TrendPoint(String variant, long judged, long notJudged, long harnessErrors, long strictFailures,
                         long rescued, long rescuedWithLoss, long failed, Map<String, long[]> failureClusters,
                         Map<String, long[]> bfclClusters, long bfclNotScored, double[] sweAgreements) {
    /** Bootstrap replicates and seed of the SWE agreement interval. */
    public static final int SWE_REPLICATES = 2000;
    public static final long SWE_SEED = 20261205L;

    public double failureRate() {
        return VariantStats.rate(strictFailures, judged);
    }

    public Stats.Interval failureInterval() {
        return Stats.wilson(strictFailures, judged);
    }

    public double rescueRate() {
        return VariantStats.rate(rescued, judged);
    }

    public Stats.Interval rescueInterval() {
        return Stats.wilson(rescued, judged);
    }

    public double rescuedWithLossRate() {
        return VariantStats.rate(rescuedWithLoss, judged);
    }

    public Stats.Interval rescuedWithLossInterval() {
        return Stats.wilson(rescuedWithLoss, judged);
    }

    public long bfclCorrect() {
        return bfclClusters.values().stream().mapToLong(c -> c[0]).sum();
    }

    public long bfclScored() {
        return bfclClusters.size();
    }

    /** Correct / scored BFCL entries, or null when none was scored. */
    public Double bfclAccuracy() {
        return bfclScored() == 0 ? null : (double) bfclCorrect() / bfclScored();
    }

    public Stats.Interval bfclInterval() {
        return Stats.wilson(bfclCorrect(), bfclScored());
    }

    /** Mean agreement of the fully judged SWE replays, or null when there is none. */
    public Double sweAgreement() {
        return sweAgreements.length == 0 ? null : Arrays.stream(sweAgreements).average().orElse(0);
    }

    /**
     * 95% percentile bootstrap interval of the mean SWE agreement, resampling replays ({@value #SWE_REPLICATES}
     * replicates, fixed seed); null with fewer than 2 replays.
     */
    public Stats.Interval sweInterval() {
        int n = sweAgreements.length;
        if (n < 2) return null;
        SplittableRandom rnd = new SplittableRandom(SWE_SEED);
        double[] means = new double[SWE_REPLICATES];
        for (int r = 0; r < SWE_REPLICATES; r++) {
            double sum = 0;
            for (int i = 0; i < n; i++) sum += sweAgreements[rnd.nextInt(n)];
            means[r] = sum / n;
        }
        Arrays.sort(means);
        return new Stats.Interval(Stats.quantileSorted(means, 0.025), Stats.quantileSorted(means, 0.975));
    }

    /** An unmodifiable copy in scenario-id order, so that sums over it are the same on every run. */
    private static Map<String, long[]> sorted(Map<String, long[]> m) {
        return Collections.unmodifiableMap(new TreeMap<>(m));
    }

    /** Tallies one variant's turns, as the journal is read. */
    static final class Tally {
        final String variant;
        long judged, notJudged, harnessErrors, strict, rescued, withLoss, failed;
        final Map<String, long[]> clusters = new LinkedHashMap<>();

        Tally(String variant) {
            this.variant = variant;
        }

        void add(TurnRow r) {
            if (r.resampled()) return;
            switch (r.outcome()) {
                case NOT_JUDGED -> notJudged++;
                case HARNESS_ERROR -> harnessErrors++;
                case JUDGED -> {
                    judged++;
                    Verdict v = TurnFigures.verdict(r);
                    long[] c = clusters.computeIfAbsent(r.scenarioId(), k -> new long[2]);
                    c[1]++;
                    if (v.strictFailed()) {
                        strict++;
                        c[0]++;
                    }
                    if (v == Verdict.RESCUED) rescued++;
                    if (v == Verdict.RESCUED_WITH_LOSS) withLoss++;
                    if (v == Verdict.FAILED) failed++;
                }
            }
        }

        TrendPoint point(Iterable<ScenarioResult> scenarios) {
            Map<String, long[]> bfcl = new LinkedHashMap<>();
            long notScored = 0;
            double[] swe = new double[0];
            for (ScenarioResult s : scenarios) {
                if (s.bfclValid() != null) bfcl.put(s.scenarioId(), new long[]{s.bfclValid() ? 1 : 0, 1});
                else if ("bfcl".equals(s.source())) notScored++;
                if (s.sweAgreement() != null) {
                    swe = Arrays.copyOf(swe, swe.length + 1);
                    swe[swe.length - 1] = s.sweAgreement();
                }
            }
            return new TrendPoint(variant, judged, notJudged, harnessErrors, strict, rescued, withLoss, failed,
                    sorted(clusters), sorted(bfcl), notScored, swe);
        }
    }
}
