package dev.harmonica.report;

/**
 * One scenario × variant as the reports see it (its last attempt): its turns' outcomes (counted from the turn
 * records) and its verdicts (from the scenario record). {@code status} is the journal's status, or {@code incomplete}
 * when the journal has turns but no scenario record.
 *
 * <p>{@code evaluable} counts judged turns, {@code endpointFailures} not-judged ones, {@code harnessErrors} turns
 * Harmonica failed on. A scenario × variant is <b>scored</b> only when every one of its turns was judged and it ended
 * with a judged status; otherwise its BFCL verdict and SWE agreement are dropped (null): it is "not scored", never an
 * incorrect entry. The one exception is BFCL's protocol ({@code bfcl_compat}): an entry an endpoint failure ended
 * ({@code inference_error}) is scored failed, as BFCL scores it.
 *
 * @param turnKeys  one entry per model turn: {@code turn << 36 | step << 4 | bits}, bits 1 = strict failed,
 *                  2 = lenient failed, 4 = evaluable, 8 = harmony non-strict failed; sorted (for pairing turns between variants)
 * @param bfclValid BFCL checker verdict, or null when the scenario has none
 * @param unjudgedCause a scenario that ended not judged: the cause its record names ({@code not_judged.cause}), or
 *                  {@code harness_error}; else null
 * @param timeline  one entry per model turn in depth order: {@code depth << 4 | bits} (bits as in turnKeys), for the
 *                  depth-stratified test and the turns-until-first-failure curve
 */
public record ScenarioResult(String scenarioId, String source, String category, String variant, String status,
                             String error, int turns, int evaluable, int strictFailures, int nonStrictFailures,
                             int lenientFailures,
                             int endpointFailures, int harnessErrors, boolean scored, Boolean bfclValid, String bfclErrorType, String bfclMessage,
                             Double sweAgreement, String firstFailure, double latencyMs, long[] turnKeys,
                             String unjudgedCause, int[] timeline) {

    public static final String INCOMPLETE = "incomplete";

    /** A SWE replay (its score is the SWE action agreement). */
    public boolean swe() {
        return "swe".equals(source);
    }

    /** A BFCL multi-turn entry (its score is BFCL's checker verdict). */
    public boolean bfcl() {
        return bfclValid != null || "bfcl".equals(source)
                || category != null && category.startsWith("multi_turn");
    }

    /**
     * Turns not judged (not-judged turns and harness errors). A scenario × variant that ended not judged before its
     * first turn was recorded ({@link #unjudgedCause} set) counts that turn: 1.
     */
    public int unjudgedTurns() {
        boolean ended = unjudgedCause != null || "not_judged".equals(status) || "harness_error".equals(status)
                || "error".equals(status);
        return Math.max(endpointFailures + harnessErrors, ended ? 1 : 0);
    }

    /** True when every turn of this scenario × variant was judged (so it can be compared). */
    public boolean fullyJudged() {
        return unjudgedTurns() == 0;
    }

    public boolean strictClean() {
        return strictFailures == 0;
    }

    public boolean lenientClean() {
        return lenientFailures == 0;
    }

    static long key(int turn, int step) {
        return ((long) turn << 36) | ((long) (step & 0xFFFFFFF) << 4);
    }

    static int bits(boolean strictFailed, boolean lenientFailed, boolean evaluable, boolean nonStrictFailed) {
        return (strictFailed ? 1 : 0) | (lenientFailed ? 2 : 0) | (evaluable ? 4 : 0) | (nonStrictFailed ? 8 : 0);
    }

    /** Failures under the parser a bit stands for (1 strict, 2 lenient, 8 harmony non-strict). */
    int failures(int bit) {
        return bit == 1 ? strictFailures : bit == 2 ? lenientFailures : nonStrictFailures;
    }
}
