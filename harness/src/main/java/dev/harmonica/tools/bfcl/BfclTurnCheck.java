package dev.harmonica.tools.bfcl;

import java.util.List;

/**
 * One turn as BFCL's checker sees it, computed for every turn (BFCL stops at the first failure; this keeps going on
 * the model's own cumulative state, for per-turn reports). Not part of BFCL's score.
 *
 * @param turn          turn index
 * @param checked       whether BFCL checks this turn (its ground truth is non-empty)
 * @param modelSteps    number of non-empty decoded model steps in the turn
 * @param emptyTurn     checked, but the model made no calls ({@code empty_turn_model_response})
 * @param stateMatches  every class's public state equals the ground truth's after the turn
 * @param mismatchedClasses classes whose state differs
 * @param missingResults ground-truth results of this turn missing from the model's results so far
 */
public record BfclTurnCheck(int turn, boolean checked, int modelSteps, boolean emptyTurn, boolean stateMatches,
                            List<String> mismatchedClasses, List<String> missingResults) {
    /** Whether the turn passes BFCL's checks (trivially true for unchecked turns). */
    public boolean passed() {
        return !checked || (!emptyTurn && stateMatches && missingResults.isEmpty());
    }
}
