package dev.harmonica.endpoint.sim;

import com.fasterxml.jackson.databind.JsonNode;

/** Where a request's conversation stands in one scripted scenario, or why it is not that scenario. */
sealed interface Located {
    String scenarioId();

    /**
     * The request is at this point of the scenario.
     *
     * @param turn        0-based user turn (BFCL) or step (SWE) the next answer belongs to
     * @param callsMade   tool calls the model already made in this turn (or step)
     * @param matched     of those, the ones that matched the script (ground truth, or the recorded call)
     * @param toolResults tool results already given in this turn (or step)
     * @param depth       model answers so far in the whole conversation (each call and each text answer counts one):
     *                    the conversation position that seeds fault draws
     * @param unmatched   calls or answers in the history that the script did not have: fewer is a better match
     * @param expected    the scripted next step, harmony messages in {@code MessageJson} form (the simulator's hint)
     */
    record At(String scenarioId, int turn, int callsMade, int matched, int toolResults, int depth, int unmatched,
              JsonNode expected) implements Located {
    }

    /**
     * The request is not this scenario: {@code message} is the index of the request message where it stops
     * agreeing (-1: not at a message, e.g. the tools), {@code reached} how many utterances agreed before it (the
     * furthest divergence explains best), {@code why} what was expected and what came.
     */
    record Diverged(String scenarioId, int message, int reached, String why) implements Located {
    }
}
