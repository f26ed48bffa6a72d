package dev.harmonica.endpoint;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * What came back for one model turn, before any parsing.
 *
 * @param completionTokens COMPLETIONS: generated token ids when the server returned them, else null
 * @param completionText   COMPLETIONS: generated text with special tokens visible; CHAT: null
 * @param chatMessage      CHAT: the assistant message object ({@code content}, {@code tool_calls}, {@code reasoning_content}, …)
 * @param finishReason     {@code stop}, {@code length}, {@code tool_calls}, … or null
 * @param promptTokens     usage.prompt_tokens (or -1)
 * @param completionTokenCount usage.completion_tokens (or -1)
 * @param latencyMillis    wall time of the successful attempt, ms
 * @param attempts         attempts made (1 = no retry; 0 = served from the cache)
 * @param httpStatus       HTTP status of the final attempt (200 normally)
 * @param serverError      the server's error message when it rejected the turn for its FORMAT (a harmony parse error
 *                         in a 400/500 body, in a 200 body, or as an SSE error event; see {@link FormatErrors}); null
 *                         otherwise. Any other server error is an {@link EndpointException}, never a turn.
 * @param injectedFaults   simulator only: fault codes it injected into this turn (empty for real servers)
 * @param cached           served from the response cache
 * @param simulated        the output is the simulator's, not a model's: the answer carried
 *                         {@code x-harmonica-simulated: 1}, or came from the in-process simulator
 * @param replica          with several replicas: the one that answered ({@link Transport#describe()}); else null
 * @param logprobs         COMPLETIONS with {@code logprobs} asked: one entry per generated token; else null
 */
public record RawTurn(int[] completionTokens, String completionText, JsonNode chatMessage, String finishReason,
                      int promptTokens, int completionTokenCount, double latencyMillis, int attempts,
                      int httpStatus, String serverError, List<String> injectedFaults, boolean cached,
                      boolean simulated, String replica, List<TokenLogprob> logprobs) {
    public RawTurn {
        injectedFaults = injectedFaults == null ? List.of() : List.copyOf(injectedFaults);
        logprobs = logprobs == null ? null : List.copyOf(logprobs);
    }

    public RawTurn(int[] completionTokens, String completionText, JsonNode chatMessage, String finishReason,
                   int promptTokens, int completionTokenCount, double latencyMillis, int attempts,
                   int httpStatus, String serverError, List<String> injectedFaults, boolean cached, boolean simulated) {
        this(completionTokens, completionText, chatMessage, finishReason, promptTokens, completionTokenCount,
                latencyMillis, attempts, httpStatus, serverError, injectedFaults, cached, simulated, null, null);
    }

    /** A turn that says nothing about being simulated (test doubles, echo endpoints): {@code simulated} is false. */
    public RawTurn(int[] completionTokens, String completionText, JsonNode chatMessage, String finishReason,
                   int promptTokens, int completionTokenCount, double latencyMillis, int attempts,
                   int httpStatus, String serverError, List<String> injectedFaults, boolean cached) {
        this(completionTokens, completionText, chatMessage, finishReason, promptTokens, completionTokenCount,
                latencyMillis, attempts, httpStatus, serverError, injectedFaults, cached, false);
    }
}
