package dev.harmonica.report;

/** Latency percentiles (ms) of one variant's turns; linear interpolation between order statistics. */
public record Latency(long n, double p50, double p90, double p95, double p99, double mean, double max) {
    static Latency of(VariantStats v) {
        double[] s = v.sortedLatencies();
        if (s.length == 0) return new Latency(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        double sum = 0;
        for (double x : s) sum += x;
        return new Latency(s.length, Stats.quantileSorted(s, 0.5), Stats.quantileSorted(s, 0.9),
                Stats.quantileSorted(s, 0.95), Stats.quantileSorted(s, 0.99), sum / s.length, s[s.length - 1]);
    }
}
