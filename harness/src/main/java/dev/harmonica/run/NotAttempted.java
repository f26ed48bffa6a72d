package dev.harmonica.run;

import dev.harmonica.journal.Journal;
import dev.harmonica.journal.ScenarioRecord;
import dev.harmonica.journal.TurnRecord;
import dev.harmonica.turn.EndpointFailure;

/** Scenario records for work that ended without a play: never sent, or stopped by a harness error. */
final class NotAttempted {
    private NotAttempted() {
    }

    /** Why work was not sent. */
    enum Reason {
        DEADLINE(EndpointFailure.DEADLINE, "not attempted: the run's deadline had passed"),
        UNREACHABLE(EndpointFailure.UNREACHABLE,
                "not attempted: the endpoint refused every connection for several scenario x variants in a row");

        final String cause;
        final String message;

        Reason(String cause, String message) {
            this.cause = cause;
            this.message = message;
        }
    }

    static ScenarioRecord record(PlayServices s, Runner.Work w, Reason why) {
        EndpointFailure f = EndpointFailure.notAttempted(why.cause, why.message);
        return build(s, w, ScenarioRecord.Status.NOT_JUDGED, "not judged: " + why.cause + ": " + why.message,
                TurnRecord.NotJudged.of(f));
    }

    static ScenarioRecord harnessError(PlayServices s, Runner.Work w, RuntimeException e) {
        return build(s, w, ScenarioRecord.Status.HARNESS_ERROR, "internal error: " + TurnJournaling.describe(e), null);
    }

    private static ScenarioRecord build(PlayServices s, Runner.Work w, ScenarioRecord.Status status, String error,
                                        TurnRecord.NotJudged nj) {
        ScenarioRecord r = new ScenarioRecord(ScenarioRecord.TYPE, s.runId(), s.shard(), w.scenario().id(),
                w.scenario().source(), w.scenario().category(), w.variant().name(), status.jsonName(), error, 0, 0, 0,
                null, null, null, null, null, w.attempt() > 1 ? w.attempt() : null, 0, 0, Boolean.FALSE, nj);
        return Journal.withDigest(r);
    }
}
