package dev.harmonica.report;

/**
 * {@link Reports#compare} refused: a side has more turns the endpoint did not answer than the caller allows. Rates
 * of such a run describe an outage as much as a model, so the comparison is not made (nothing is written).
 *
 * @see Reports.Unjudged
 */
public final class UnjudgedRunsException extends RuntimeException {
    private final Reports.Unjudged a;
    private final Reports.Unjudged b;
    private final int maxUnjudged;

    UnjudgedRunsException(Reports.Unjudged a, Reports.Unjudged b, int maxUnjudged) {
        super("refusing to compare: RUN_A " + a.describe() + "; RUN_B " + b.describe() + "; --max-unjudged is "
                + maxUnjudged + ". Rates of turns the endpoint did not answer would compare an outage, not a model:"
                + " finish the runs (harmonica run --resume RUN_DIR, or --retry-unjudged N), or pass --max-unjudged N"
                + " to compare only the scenarios judged on both sides.", null, false, false);
        this.a = a;
        this.b = b;
        this.maxUnjudged = maxUnjudged;
    }

    public Reports.Unjudged a() {
        return a;
    }

    public Reports.Unjudged b() {
        return b;
    }

    public int maxUnjudged() {
        return maxUnjudged;
    }
}
