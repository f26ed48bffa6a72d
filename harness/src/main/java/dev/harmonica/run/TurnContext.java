package dev.harmonica.run;

import dev.harmonica.journal.TurnRecord;
import dev.harmonica.scenario.Scenario;

/**
 * Where a model call sits: which scenario × variant, which attempt of it, which user turn and step, how deep.
 *
 * @param scenario      the scenario
 * @param variant       the variant
 * @param attempt       the scenario × variant's attempt (1 = first play)
 * @param turn          0-based user-turn index (BFCL) or 0 (SWE replay)
 * @param step          0-based model call within the user turn (BFCL) or the replayed step (SWE)
 * @param depth         0-based model call within the scenario
 * @param replayContext SWE replay: the prompt's budget and elisions; null for BFCL
 */
record TurnContext(Scenario scenario, Variant variant, int attempt, int turn, int step, int depth,
                   TurnRecord.ReplayContext replayContext) {
}
