package dev.harmonica.harmony.parse;

/**
 * Immutable configuration of the lenient parser: enabled {@link LenientFeature}s and the bound of the repair list
 * (jsoup-style: once {@code maxRepairs} repairs are recorded, further ones are counted in one final
 * {@code REPAIR_LIST_TRUNCATED} entry).
 */
public record LenientOptions(long features, int maxRepairs) {
    public static final int DEFAULT_MAX_REPAIRS = 100;

    public LenientOptions {
        if (maxRepairs < 0) throw new IllegalArgumentException("maxRepairs must be >= 0");
    }

    /** Every default-on feature, 100 repairs. */
    public static LenientOptions defaults() {
        return new LenientOptions(LenientFeature.collectDefaults(), DEFAULT_MAX_REPAIRS);
    }

    /** No feature at all: behaves like STRICT, except that messages before an error are not kept either. */
    public static LenientOptions none() {
        return new LenientOptions(0, DEFAULT_MAX_REPAIRS);
    }

    public LenientOptions enable(LenientFeature... fs) {
        long f = features;
        for (LenientFeature x : fs) f |= x.mask();
        return new LenientOptions(f, maxRepairs);
    }

    public LenientOptions disable(LenientFeature... fs) {
        long f = features;
        for (LenientFeature x : fs) f &= ~x.mask();
        return new LenientOptions(f, maxRepairs);
    }

    public LenientOptions withMaxRepairs(int max) {
        return new LenientOptions(features, max);
    }

    public boolean enabled(LenientFeature f) {
        return f.enabledIn(features);
    }
}
