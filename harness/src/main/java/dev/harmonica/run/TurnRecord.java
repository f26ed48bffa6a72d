package dev.harmonica.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * One model turn in the journal ({@code "type": "turn"}); one JSON line. Reports are pure functions of these and
 * of {@link ScenarioRecord}s. Field names are the journal contract: add fields, never rename or remove them.
 *
 * @param turn          0-based user-turn index (BFCL) or 0 (SWE replay)
 * @param step          0-based model-call index within the user turn (BFCL) or the replayed step index (SWE)
 * @param depth         0-based index of this model call within the scenario (conversation depth in turns)
 * @param promptTokens  prompt length in tokens (context depth)
 * @param failureModes  every failure mode observed in the turn's output (format and tool level)
 * @param strictFailureModes  the modes that break the turn for a STRICT consumer (openai/harmony v0.0.8 as vLLM
 *                      runs it): format modes when the strict parse failed, plus tool-level modes judged on the
 *                      strict view (exact tool names, the strict parse's arguments); null in journals written
 *                      before this field existed
 * @param lenientFailureModes the modes that still break the turn after lenient recovery (tool-level modes judged
 *                      on the lenient view, e.g. a leaked {@code <|channel|>} suffix cut from the tool name no
 *                      longer counts as an unknown tool); null in older journals
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TurnRecord(
        @JsonProperty("type") String type,
        @JsonProperty("run_id") String runId,
        @JsonProperty("shard") String shard,
        @JsonProperty("scenario_id") String scenarioId,
        @JsonProperty("source") String source,
        @JsonProperty("category") String category,
        @JsonProperty("variant") String variant,
        @JsonProperty("turn") int turn,
        @JsonProperty("step") int step,
        @JsonProperty("depth") int depth,
        @JsonProperty("prompt_tokens") int promptTokens,
        @JsonProperty("completion_tokens") int completionTokens,
        @JsonProperty("latency_ms") double latencyMs,
        @JsonProperty("attempts") int attempts,
        @JsonProperty("cached") boolean cached,
        @JsonProperty("request_digest") String requestDigest,
        @JsonProperty("raw") Raw raw,
        @JsonProperty("endpoint_error") EndpointError endpointError,
        @JsonProperty("strict") Parse strict,
        @JsonProperty("harmony_non_strict") Parse harmonyNonStrict,
        @JsonProperty("lenient") Parse lenient,
        @JsonProperty("strict_signature") String strictSignature,
        @JsonProperty("failure_modes") List<String> failureModes,
        @JsonProperty("tool_calls") List<ToolCall> toolCalls,
        @JsonProperty("injected_faults") List<String> injectedFaults,
        @JsonProperty("driven_by") String drivenBy,
        @JsonProperty("record_digest") String recordDigest,
        @JsonProperty("strict_failure_modes") List<String> strictFailureModes,
        @JsonProperty("lenient_failure_modes") List<String> lenientFailureModes) {

    public static final String TYPE = "turn";

    /** The raw model output: completions text/tokens, or the chat message. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Raw(@JsonProperty("text") String text,
                      @JsonProperty("token_ids") int[] tokenIds,
                      @JsonProperty("chat_message") JsonNode chatMessage,
                      @JsonProperty("finish_reason") String finishReason) {
    }

    /** A server- or transport-side failure for this turn. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EndpointError(@JsonProperty("status") int status,
                                @JsonProperty("message") String message,
                                @JsonProperty("format_error") boolean formatError) {
    }

    /**
     * One parser's outcome. {@code messages} in harmony JSON shape; {@code repairs} (lenient only) as
     * {@code {"code","offset","before","after"}}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Parse(@JsonProperty("ok") boolean ok,
                        @JsonProperty("error") String error,
                        @JsonProperty("messages") JsonNode messages,
                        @JsonProperty("repairs") JsonNode repairs) {
    }

    /** One tool call the model made (as the driving parser saw it), its validation and its execution result. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ToolCall(@JsonProperty("name") String name,
                           @JsonProperty("arguments") String arguments,
                           @JsonProperty("valid_name") boolean validName,
                           @JsonProperty("valid_json") boolean validJson,
                           @JsonProperty("schema_valid") boolean schemaValid,
                           @JsonProperty("schema_errors") List<String> schemaErrors,
                           @JsonProperty("result") String result,
                           @JsonProperty("agrees_with_recorded") Boolean agreesWithRecorded) {
    }
}
