package dev.harmonica.report.stats;

/** A closed two-sided interval, e.g. a 95% confidence interval. */
public record ConfidenceInterval(double low, double high) {
    public boolean contains(double x) {
        return low <= x && x <= high;
    }
}
