package dev.harmonica.endpoint;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One request for the next model turn, in either wire mode.
 *
 * @param mode              {@code COMPLETIONS} (raw harmony prompt rendered by Harmonica) or {@code CHAT}
 * @param model             model name sent to the server
 * @param promptTokens      COMPLETIONS: the rendered prompt's token ids (ends with {@code <|start|>assistant})
 * @param promptText        COMPLETIONS: the same prompt as text (for servers without token-id prompts)
 * @param messages          CHAT: OpenAI chat messages (array)
 * @param tools             CHAT: OpenAI {@code tools} array, or null
 * @param toolChoice        CHAT: {@code "auto"|"required"|"none"} or {@code {"type":"function",...}}, or null
 * @param parallelToolCalls CHAT: null to omit
 * @param stream            CHAT: use SSE streaming
 * @param sampling          sampling options (max tokens, temperature, seed)
 * @param simHint           only for the simulated endpoint: what a perfect model would answer and where we are;
 *                          never sent to a real server
 */
public record ModelRequest(Mode mode, String model, int[] promptTokens, String promptText, JsonNode messages,
                           JsonNode tools, JsonNode toolChoice, Boolean parallelToolCalls, boolean stream,
                           Sampling sampling, SimHint simHint) {

    public enum Mode { COMPLETIONS, CHAT }

    /** Sampling options; null fields are omitted from the request. */
    public record Sampling(Integer maxTokens, Double temperature, Double topP, Long seed) {
        public static final Sampling DEFAULT = new Sampling(4096, 1.0, 1.0, null);
    }

    /**
     * What the simulator should answer: the expected next assistant action and the context it needs to decide on
     * fault injection.
     *
     * @param scenarioId   scenario id (for deterministic seeding)
     * @param depth        0-based index of this model turn in the scenario
     * @param expected     harmony messages (JSON, harmony shape) of the ideal answer, e.g. analysis + tool call(s)
     *                     or a final message
     */
    public record SimHint(String scenarioId, int depth, JsonNode expected) {
    }
}
