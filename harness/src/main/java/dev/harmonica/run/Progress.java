package dev.harmonica.run;

import dev.harmonica.journal.ScenarioRecord;
import dev.harmonica.journal.TurnRecord;
import dev.harmonica.turn.Verdict;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The progress line: scenario × variants done/total, turns judged and not judged, strict failures, turns/s and ETA. On a terminal it is rewritten in place with
 * {@code \r}; otherwise (CI logs, pipes) a plain line is printed every {@code intervalMillis}.
 */
public final class Progress {
    private final PrintStream out;
    private final boolean terminal;
    private final long total;
    private final long intervalMillis;
    private final long startNanos = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong turns = new AtomicLong();
    private final AtomicLong unjudgedTurns = new AtomicLong();
    private final AtomicLong strictFailures = new AtomicLong();
    private final AtomicLong notJudged = new AtomicLong();
    private final AtomicLong harnessErrors = new AtomicLong();
    private long lastPrint;

    public Progress(PrintStream out, boolean terminal, long total, long intervalMillis) {
        this.out = out;
        this.terminal = terminal;
        this.total = total;
        this.intervalMillis = intervalMillis;
    }

    public void turn(TurnRecord t) {
        turns.incrementAndGet();
        if (TurnRecord.NOT_JUDGED.equals(t.outcome())) unjudgedTurns.incrementAndGet();
        Verdict v = t.verdict() == null ? null : Verdict.byName(t.verdict());
        if (v != null && v.strictFailed()) strictFailures.incrementAndGet();
        maybePrint(false);
    }

    public void scenario(ScenarioRecord.Status status) {
        done.incrementAndGet();
        if (status != null && status.endpointFailure()) notJudged.incrementAndGet();
        if (status == ScenarioRecord.Status.HARNESS_ERROR) harnessErrors.incrementAndGet();
        maybePrint(false);
    }

    public long turns() {
        return turns.get();
    }

    public void finish() {
        maybePrint(true);
        if (out != null && terminal) out.println();
    }

    private void maybePrint(boolean force) {
        if (out == null) return;
        long now = System.nanoTime() / 1_000_000;
        synchronized (this) {
            long every = terminal ? Math.min(intervalMillis, 200) : intervalMillis;
            if (!force && now - lastPrint < every) return;
            lastPrint = now;
            String line = line();
            if (terminal) {
                out.print("\r" + line + "   ");
                out.flush();
            } else {
                out.println(line);
            }
        }
    }

    /** The current progress text. */
    public String line() {
        double secs = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        long d = done.get();
        double rate = turns.get() / secs;
        String eta = d == 0 ? "?" : duration((long) ((total - d) * (secs / d)));
        String problems = (notJudged.get() > 0 ? ", " + notJudged.get() + " not judged (endpoint)" : "")
                + (harnessErrors.get() > 0 ? ", " + harnessErrors.get() + " harness errors" : "");
        return String.format(Locale.ROOT, "[run] %d/%d scenario x variants%s; %d model turns (%d not judged), "
                        + "%d strict failures, %.1f turns/s, ETA %s",
                d, total, problems, turns.get(), unjudgedTurns.get(), strictFailures.get(), rate, eta);
    }

    private static String duration(long s) {
        if (s < 60) return s + "s";
        if (s < 3600) return (s / 60) + "m" + (s % 60) + "s";
        return (s / 3600) + "h" + (s % 3600 / 60) + "m";
    }
}
