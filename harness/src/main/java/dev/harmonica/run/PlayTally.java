package dev.harmonica.run;

import dev.harmonica.turn.Verdict;

/** What a scenario × variant's turns add up to, for its scenario record. Not thread-safe (one play). */
final class PlayTally {
    int turns;
    int judged;
    int unjudged;
    int strictFailures;
    int lenientFailures;
    Integer firstStrictFailureDepth;

    void judged(Verdict v, int depth) {
        turns++;
        judged++;
        if (v.strictFailed()) {
            strictFailures++;
            if (firstStrictFailureDepth == null) firstStrictFailureDepth = depth;
        }
        if (v.lenientFailed()) lenientFailures++;
    }

    void unjudged() {
        turns++;
        unjudged++;
    }

    void harnessError() {
        turns++;
    }
}
