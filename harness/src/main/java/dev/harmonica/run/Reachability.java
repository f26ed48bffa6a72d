package dev.harmonica.run;

import dev.harmonica.journal.ScenarioRecord;

import java.util.Set;

/**
 * Notices an endpoint that is gone: when {@code threshold} scenario × variants in a row end not judged because no
 * connection could be made (refused, or connect timeout), the endpoint is taken as unreachable and the rest of the
 * run is recorded as not attempted (a night against a closed port ends in minutes, not hours). Thread-safe.
 */
final class Reachability {
    private static final Set<String> CONNECTION_CAUSES = Set.of("connection_refused", "connect_timeout");

    private final int threshold;
    private int consecutive;
    private volatile boolean unreachable;

    Reachability(int threshold) {
        this.threshold = threshold;
    }

    synchronized void ended(ScenarioRecord r) {
        ScenarioRecord.Status st = ScenarioRecord.Status.byName(r.status());
        boolean connectionFailure = st != null && st.endpointFailure()
                && r.notJudged() != null && CONNECTION_CAUSES.contains(r.notJudged().cause())
                && r.notJudged().attempts() > 0;
        consecutive = connectionFailure ? consecutive + 1 : 0;
        if (consecutive >= threshold) unreachable = true;
    }

    boolean unreachable() {
        return unreachable;
    }

    int threshold() {
        return threshold;
    }
}
