package dev.harmonica.cli;

/**
 * The process exit codes of every command, for schedulers (README, "Exit codes"). Library code never picks a number:
 * it throws what it means, and the command line maps it here.
 */
public final class ExitCodes {
    /** Everything asked for was done; for {@code run}: every scenario × variant was judged. */
    public static final int OK = 0;
    /**
     * A {@code --fail-if} gate fired, or a check failed ({@code bfcl check}, {@code compare} gates, {@code trend
     * --fail-if-regressed}: the latest run is a significant regression).
     */
    public static final int GATE_FAILED = 1;
    /** Bad usage or bad input; the message names the file, line and field. */
    public static final int BAD_INPUT = 2;
    /**
     * Some work could not be judged because of the endpoint (outage, timeouts, 5xx, broken streams): the reports say
     * which and why, and their rates exclude it. {@code compare} and gates refuse such runs (above
     * {@code --max-unjudged}) with this code; so does {@code trend --fail-if-regressed} when a variant of the latest run
     * has no judged turn to test.
     */
    public static final int NOT_JUDGED = 3;
    /** Nothing could be judged: the endpoint never answered (e.g. connection refused throughout), or the run could not start. */
    public static final int NOT_STARTED = 4;
    /** Harmonica itself failed (a bug): the message and, for runs, the journal say where. */
    public static final int INTERNAL_ERROR = 70;

    private ExitCodes() {
    }
}
