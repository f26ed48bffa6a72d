package dev.harmonica.journal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.scenario.schema.ToolValidator;
import dev.harmonica.turn.ActionScore;

import java.util.ArrayList;
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
 * @param drivenBy      which parse drove the conversation on: {@code strict}, {@code lenient} (strict failed, or
 *                      strict parsed but the lenient reading of the calls is better, see the run stage's {@code Variant.Driving}),
 *                      {@code stopped}, {@code resampled} (a discarded sample), {@code none} (endpoint error); a
 *                      {@code #n} suffix names the resample
 * @param replayContext SWE replay turns: the prompt's estimated size and what the context budget elided (null for
 *                      BFCL turns and older journals)
 *
 * <p>The two views, precisely (written by the runner's {@code ScenarioPlayer}):
 * <ul>
 *   <li>STRICT: each tool call of the strict parse is validated with its exact name ({@code functions.} prefix
 *       removed, nothing else) and the strict parse's argument text; a name that is undeclared exactly but declared
 *       after cutting leaked special-token text/whitespace gives {@code tool_name_leak} and {@code unknown_tool};
 *       tool_choice/parallel checks on those names. When the turn is broken for the strict consumer (the strict
 *       parse failed, the server reported a format error, or any strict tool-level mode) the format modes are added
 *       too (every mode the parsers' analysis found, plus {@code server_format_error}): they say why, e.g.
 *       {@code duplicate_channel}. A turn strict reads without any problem has an empty strict view even when the
 *       output had irregularities (those stay in {@code failure_modes}). {@code empty_output} is in both views.</li>
 *   <li>LENIENT: each tool call of the lenient parse is validated with its sanitised name (leaked tokens, trailing
 *       header words and the {@code functions.} prefix cut); tool_choice/parallel checks on those names; the format
 *       modes only when the lenient parse itself failed (chat mode: the server's error).</li>
 * </ul>
 * {@code failure_modes} stays the union of everything observed. Example: {@code <|channel|>commentary
 * to=functions.submit<|channel|>commentary <|constrain|>json<|message|>{}<|call|>} with {@code submit} declared gives
 * strict {@code [duplicate_channel, tool_name_leak, unknown_tool]} and lenient {@code []}; a call whose arguments are
 * not JSON has {@code invalid_json_arguments} in both.
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
        @JsonProperty("lenient_failure_modes") List<String> lenientFailureModes,
        @JsonProperty("replay_context") ReplayContext replayContext) {

    public static final String TYPE = "turn";

    /** Without {@code replay_context} (the shape before it existed). */
    public TurnRecord(String type, String runId, String shard, String scenarioId, String source, String category,
                      String variant, int turn, int step, int depth, int promptTokens, int completionTokens,
                      double latencyMs, int attempts, boolean cached, String requestDigest, Raw raw,
                      EndpointError endpointError, Parse strict, Parse harmonyNonStrict, Parse lenient,
                      String strictSignature, List<String> failureModes, List<ToolCall> toolCalls,
                      List<String> injectedFaults, String drivenBy, String recordDigest,
                      List<String> strictFailureModes, List<String> lenientFailureModes) {
        this(type, runId, shard, scenarioId, source, category, variant, turn, step, depth, promptTokens,
                completionTokens, latencyMs, attempts, cached, requestDigest, raw, endpointError, strict,
                harmonyNonStrict, lenient, strictSignature, failureModes, toolCalls, injectedFaults, drivenBy,
                recordDigest, strictFailureModes, lenientFailureModes, null);
    }

    /**
     * SWE replay: the prompt of the replayed step under the run's context budget
     * ({@code dev.harmonica.scenario.swe.ContextBudget}: the oldest observation bodies are elided first).
     *
     * @param budgetTokens       the prompt budget ({@code swe_context_tokens} minus the variant's {@code max_tokens});
     *                           0 = unlimited
     * @param tokensBefore       estimated prompt tokens of the full prefix (messages + tool schemas)
     * @param tokensAfter        estimated prompt tokens after elision (= before when nothing was elided)
     * @param elidedSteps        0-based steps whose observation bodies were replaced by an elision marker
     * @param elidedObservations number of observation bodies elided
     * @param overBudget         still over the budget after eliding every eligible observation (sent anyway)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReplayContext(@JsonProperty("budget_tokens") int budgetTokens,
                                @JsonProperty("tokens_before") int tokensBefore,
                                @JsonProperty("tokens_after") int tokensAfter,
                                @JsonProperty("elided_steps") List<Integer> elidedSteps,
                                @JsonProperty("elided_observations") int elidedObservations,
                                @JsonProperty("over_budget") boolean overBudget) {
    }

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

    /**
     * One tool call the model made as the driving parse saw it, its validation and its execution result.
     *
     * @param name            the name as the driving view reads it (strict: exact, {@code functions.} prefix removed;
     *                        lenient: sanitised), i.e. the tool executed
     * @param validName       the name is declared, in the driving view
     * @param view            {@code strict} or {@code lenient}: the view (parse and name reading) the call comes from;
     *                        null in older journals
     * @param validNameStrict the name as written (exact) is declared; false with {@code valid_name} true = a leaked
     *                        name the lenient reading recovered; null in older journals
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ToolCall(@JsonProperty("name") String name,
                           @JsonProperty("arguments") String arguments,
                           @JsonProperty("valid_name") boolean validName,
                           @JsonProperty("valid_json") boolean validJson,
                           @JsonProperty("schema_valid") boolean schemaValid,
                           @JsonProperty("schema_errors") List<String> schemaErrors,
                           @JsonProperty("result") String result,
                           @JsonProperty("agrees_with_recorded") Boolean agreesWithRecorded,
                           @JsonProperty("view") String view,
                           @JsonProperty("valid_name_strict") Boolean validNameStrict) {
        /** The journal's reading of a replayed step's scored calls (lenient view, agreement with the recording). */
        public static List<ToolCall> of(ActionScore score) {
            List<ToolCall> out = new ArrayList<>();
            for (ActionScore.CallScore c : score.calls()) {
                boolean schemaOnly = c.validNameAfterStrip() && c.validJson();
                String name = c.validNameAfterStrip() && !c.validName() ? ToolValidator.sanitizedName(c.name()) : c.name();
                out.add(new ToolCall(name, c.arguments(), c.validNameAfterStrip(), c.validJson(), c.schemaValid(),
                        !schemaOnly || c.schemaErrors().isEmpty() ? null : c.schemaErrors(), null, c.level().agrees(),
                        "lenient", c.validName()));
            }
            return out;
        }

        /** Without {@code view} and {@code valid_name_strict} (the shape before they existed). */
        public ToolCall(String name, String arguments, boolean validName, boolean validJson, boolean schemaValid,
                        List<String> schemaErrors, String result, Boolean agreesWithRecorded) {
            this(name, arguments, validName, validJson, schemaValid, schemaErrors, result, agreesWithRecorded, null,
                    null);
        }
    }
}
