package dev.harmonica.scenario.swe;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * The prompt for replaying one step: OpenAI chat messages (the scenario's prompt messages, then every earlier step's
 * assistant message and recorded observations) and what the context budget did to them. The message nodes may be
 * shared between prefixes of the same scenario: read them, never mutate them.
 *
 * @param step               the 0-based step the model is asked to produce
 * @param messages           OpenAI chat messages; tool mode: assistant messages with {@code tool_calls}, then one
 *                           {@code role: tool} message per call ({@code tool_call_id}, {@code name}, {@code content});
 *                           text mode: assistant text, then {@code role: user} observations
 * @param tokensBefore       estimated prompt tokens before truncation (messages + tool schemas)
 * @param tokensAfter        estimated prompt tokens after truncation (= before when nothing was elided)
 * @param elidedSteps        steps whose observation bodies were elided, ascending
 * @param elidedObservations number of observation bodies elided
 * @param overBudget         still larger than the budget after eliding every eligible observation
 */
public record ReplayPrefix(int step, List<JsonNode> messages, int tokensBefore, int tokensAfter, List<Integer> elidedSteps,
                           int elidedObservations, boolean overBudget) {
    public ReplayPrefix {
        messages = List.copyOf(messages);
        elidedSteps = List.copyOf(elidedSteps);
    }

    public boolean truncated() {
        return elidedObservations > 0;
    }
}
