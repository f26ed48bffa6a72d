package dev.harmonica.endpoint;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;

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
 * @param deadline          absolute time after which no attempt starts and no answer is awaited (attempt timeouts are
 *                          capped to the time left); giving up for it is {@link EndpointException.Cause#DEADLINE}.
 *                          Null: no deadline beyond the endpoint's own timeouts. Never sent to the server.
 * @param body              CHAT: the body's shape ({@link Body#HARMONICA} unless a variant plays BFCL's protocol)
 */
public record ModelRequest(Mode mode, String model, int[] promptTokens, String promptText, JsonNode messages,
                           JsonNode tools, JsonNode toolChoice, Boolean parallelToolCalls, boolean stream,
                           Sampling sampling, SimHint simHint, Instant deadline, Body body) {

    public ModelRequest {
        if (body == null) body = Body.HARMONICA;
        if (body == Body.BFCL_FC && (mode != Mode.CHAT || stream)) {
            throw new IllegalArgumentException("a BFCL FC body is a non-streamed chat request");
        }
    }

    /** A request without a deadline, in Harmonica's body shape. */
    public ModelRequest(Mode mode, String model, int[] promptTokens, String promptText, JsonNode messages,
                        JsonNode tools, JsonNode toolChoice, Boolean parallelToolCalls, boolean stream,
                        Sampling sampling, SimHint simHint, Instant deadline) {
        this(mode, model, promptTokens, promptText, messages, tools, toolChoice, parallelToolCalls, stream, sampling,
                simHint, deadline, Body.HARMONICA);
    }

    /** A request without a deadline. */
    public ModelRequest(Mode mode, String model, int[] promptTokens, String promptText, JsonNode messages,
                        JsonNode tools, JsonNode toolChoice, Boolean parallelToolCalls, boolean stream,
                        Sampling sampling, SimHint simHint) {
        this(mode, model, promptTokens, promptText, messages, tools, toolChoice, parallelToolCalls, stream, sampling,
                simHint, null, Body.HARMONICA);
    }

    /** This request with an absolute deadline (null: none). */
    public ModelRequest withDeadline(Instant at) {
        return new ModelRequest(mode, model, promptTokens, promptText, messages, tools, toolChoice, parallelToolCalls,
                stream, sampling, simHint, at, body);
    }

    /** This request in another body shape. */
    public ModelRequest withBody(Body b) {
        return new ModelRequest(mode, model, promptTokens, promptText, messages, tools, toolChoice, parallelToolCalls,
                stream, sampling, simHint, deadline, b);
    }

    /** The time left at {@code now} until the deadline (zero or negative once it passed), or null without one. */
    public Duration timeLeft(Instant now) {
        return deadline == null ? null : Duration.between(now, deadline);
    }

    /** The earlier of this request's deadline and {@code at} (either may be null). */
    public ModelRequest withDeadlineNoLaterThan(Instant at) {
        if (at == null || (deadline != null && !deadline.isAfter(at))) return this;
        return withDeadline(at);
    }

    public enum Mode { COMPLETIONS, CHAT }

    /** The JSON shape of a CHAT request body ({@link Wire#requestBody}). */
    public enum Body {
        /** Harmonica's: {@code stream} always stated, the variant's tool options and sampling. */
        HARMONICA,
        /**
         * What bfcl-eval 2026.3.23's {@code OpenAICompletionsHandler._query_FC} sends through the openai SDK:
         * {@code messages}, {@code model}, {@code store: false}, {@code temperature} and {@code tools} when there are
         * any; nothing else (no {@code stream}, no tool options). Public source: ShishirPatil/gorilla,
         * berkeley-function-call-leaderboard/bfcl_eval/model_handler/api_inference/openai_completion.py.
         */
        BFCL_FC
    }

    /** Sampling options; null fields are omitted from the request. */
    /**
     * Sampling options.
     *
     * @param logprobs COMPLETIONS: ask for the top-k log-probabilities of every generated token (null: off); they
     *                 feed the logprob forensics of malformed turns
     */
    public record Sampling(Integer maxTokens, Double temperature, Double topP, Long seed, Integer logprobs) {
        public static final Sampling DEFAULT = new Sampling(4096, 1.0, 1.0, null, null);

        public Sampling(Integer maxTokens, Double temperature, Double topP, Long seed) {
            this(maxTokens, temperature, topP, seed, null);
        }

        public Sampling withSeed(Long s) {
            return new Sampling(maxTokens, temperature, topP, s, logprobs);
        }
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
