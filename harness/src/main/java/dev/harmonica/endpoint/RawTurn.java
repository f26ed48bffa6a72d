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
 * @param attempts         attempts made (1 = no retry)
 * @param httpStatus       HTTP status of the final attempt (200 normally)
 * @param serverError      the server's error message when it rejected the turn (e.g. a harmony parse error in a
 *                         400/500 body, or an {@code error} event inside a 200 stream); null otherwise
 * @param injectedFaults   simulator only: fault codes it injected into this turn (empty for real servers)
 * @param cached           served from the response cache
 */
public record RawTurn(int[] completionTokens, String completionText, JsonNode chatMessage, String finishReason,
                      int promptTokens, int completionTokenCount, double latencyMillis, int attempts,
                      int httpStatus, String serverError, List<String> injectedFaults, boolean cached) {
    public RawTurn {
        injectedFaults = injectedFaults == null ? List.of() : List.copyOf(injectedFaults);
    }
}
