package dev.harmonica.journal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.scenario.schema.ToolValidator;
import dev.harmonica.turn.ActionScore;
import dev.harmonica.turn.Echo;
import dev.harmonica.turn.EndpointFailure;
import dev.harmonica.turn.LogprobForensics;

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
 *                      strict parsed but the lenient reading of the calls is better, see the run stage's {@code Driving}),
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
        @JsonProperty("replay_context") ReplayContext replayContext,
        @JsonProperty("outcome") String outcome,
        @JsonProperty("verdict") String verdict,
        @JsonProperty("not_judged") NotJudged notJudged,
        @JsonProperty("harness_error") HarnessError harnessError,
        @JsonProperty("attempt") Integer attempt,
        @JsonProperty("token_source") String tokenSource,
        @JsonProperty("simulated") Boolean simulated,
        @JsonProperty("replay") ReplayScore replay,
        @JsonProperty("replica") String replica,
        @JsonProperty("echo") EchoRecord echo,
        @JsonProperty("logprobs") ForensicsRecord logprobs) {

    public static final String TYPE = "turn";
    /** {@code outcome}: the parsers judged the model's output. */
    public static final String JUDGED = "judged";
    /** {@code outcome}: the endpoint gave no output after its retry policy gave up. */
    public static final String NOT_JUDGED = "not_judged";
    /** {@code outcome}: Harmonica failed while judging or executing the turn (a bug). */
    public static final String HARNESS_ERROR = "harness_error";

    /** A builder with every field of this record, to change a few and keep the rest. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    public static Builder builder() {
        return new Builder(null);
    }

    /**
     * Why a turn was not judged (docs/journal.md).
     *
     * @param cause           {@code connection_refused}, {@code read_timeout}, {@code http_5xx}, …
     * @param status          last HTTP status, or -1
     * @param message         one line
     * @param bodyExcerpt     ≤ 500 characters of the last error body, or null
     * @param attempts        attempts made
     * @param retryAfterMs    the last Retry-After honoured, or null
     * @param history         one entry per attempt
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NotJudged(@JsonProperty("cause") String cause,
                            @JsonProperty("status") int status,
                            @JsonProperty("message") String message,
                            @JsonProperty("body_excerpt") String bodyExcerpt,
                            @JsonProperty("attempts") int attempts,
                            @JsonProperty("retry_after_ms") Long retryAfterMs,
                            @JsonProperty("history") List<Attempt> history) {
        /** One attempt. */
        @JsonInclude(JsonInclude.Include.NON_NULL)
        public record Attempt(@JsonProperty("cause") String cause,
                              @JsonProperty("status") int status,
                              @JsonProperty("message") String message,
                              @JsonProperty("retry_after_ms") Long retryAfterMs,
                              @JsonProperty("elapsed_ms") double elapsedMs) {
        }

        public static NotJudged of(EndpointFailure n) {
            List<Attempt> h = new ArrayList<>(n.history().size());
            for (var a : n.history()) {
                h.add(new Attempt(a.cause(), a.status(), a.message(), a.retryAfterMillis(), a.elapsedMillis()));
            }
            return new NotJudged(n.cause(), n.status(), n.message(), n.bodyExcerpt(), n.attempts(),
                    n.retryAfterMillis(), h.isEmpty() ? null : h);
        }
    }

    /**
     * SWE replay, on the last request of a replayed step: how the model's actions compare with the recorded ones
     * (the step's calls, with their agreement, are in {@code tool_calls}).
     *
     * @param actionFormat       how the trajectory writes actions ({@code tool_calls}, {@code regex:…}, …)
     * @param agreement          step-level agreement ({@code exact}, {@code equivalent}, {@code message},
     *                           {@code same_target}, …, {@code no_action})
     * @param agrees             the step agrees with the recording
     * @param actionFormatErrors how the reply broke the recorded text format (not harmony format errors)
     * @param recordedActions    actions the recording made at this step
     * @param actionsFromText    the reply's actions were read from its text
     * @param requests           model requests the step took (one per parallel call)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReplayScore(@JsonProperty("action_format") String actionFormat,
                              @JsonProperty("agreement") String agreement,
                              @JsonProperty("agrees") boolean agrees,
                              @JsonProperty("action_format_errors") List<String> actionFormatErrors,
                              @JsonProperty("recorded_actions") int recordedActions,
                              @JsonProperty("actions_from_text") boolean actionsFromText,
                              @JsonProperty("requests") int requests) {
        public static ReplayScore of(ActionScore s, int requests) {
            return new ReplayScore(s.actionFormat(), s.level().code(), s.agrees(),
                    s.actionFormatErrors().isEmpty() ? null : s.actionFormatErrors(), s.recordedCount(),
                    s.actionFromText(), requests);
        }
    }

    /**
     * Completions mode: how the variant writes this turn back into the next prompt compared with what the model
     * emitted ({@code turn.Echo}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EchoRecord(@JsonProperty("distance") int distance,
                             @JsonProperty("emitted_tokens") int emittedTokens,
                             @JsonProperty("echoed_tokens") int echoedTokens,
                             @JsonProperty("differences") List<String> differences) {
        public static EchoRecord of(Echo e) {
            return e == null ? null : new EchoRecord(e.distance(), e.emittedTokens(), e.echoedTokens(),
                    e.differences().isEmpty() ? null : e.differences());
        }
    }

    /**
     * Logprob forensics of a malformed completion ({@code turn.LogprobForensics}): the failing token, its top-k
     * alternatives (decoded, with whether each keeps the turn parseable) and the margin in nats.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ForensicsRecord(@JsonProperty("position") int position,
                                  @JsonProperty("token") Candidate token,
                                  @JsonProperty("alternatives") List<Candidate> alternatives,
                                  @JsonProperty("margin") Double margin) {
        /** A token at the failing position. */
        @JsonInclude(JsonInclude.Include.NON_NULL)
        public record Candidate(@JsonProperty("id") int id, @JsonProperty("text") String text,
                                @JsonProperty("logprob") double logprob,
                                @JsonProperty("keeps_parseable") Boolean keepsParseable) {
        }

        public static ForensicsRecord of(LogprobForensics f) {
            if (f == null) return null;
            List<Candidate> alts = new ArrayList<>();
            for (LogprobForensics.Candidate c : f.alternatives()) {
                alts.add(new Candidate(c.token(), text(c.token()), c.logprob(), c.keepsParseable()));
            }
            return new ForensicsRecord(f.position(), new Candidate(f.token(), text(f.token()), f.logprob(), null), alts,
                    f.margin());
        }

        private static String text(int id) {
            return id < 0 || !HarmonyEncoding.isValidId(id) ? null : HarmonyEncoding.get().decode(new int[]{id});
        }
    }

    /** What went wrong inside Harmonica. */
    public record HarnessError(@JsonProperty("message") String message) {
    }


    /** Builds a {@link TurnRecord}; unset fields are null, 0 or false. */
    public static final class Builder {
        private String type;
        private String runId;
        private String shard;
        private String scenarioId;
        private String source;
        private String category;
        private String variant;
        private int turn;
        private int step;
        private int depth;
        private int promptTokens;
        private int completionTokens;
        private double latencyMs;
        private int attempts;
        private boolean cached;
        private String requestDigest;
        private Raw raw;
        private EndpointError endpointError;
        private Parse strict;
        private Parse harmonyNonStrict;
        private Parse lenient;
        private String strictSignature;
        private List<String> failureModes;
        private List<ToolCall> toolCalls;
        private List<String> injectedFaults;
        private String drivenBy;
        private String recordDigest;
        private List<String> strictFailureModes;
        private List<String> lenientFailureModes;
        private ReplayContext replayContext;
        private String outcome;
        private String verdict;
        private NotJudged notJudged;
        private HarnessError harnessError;
        private Integer attempt;
        private String tokenSource;
        private Boolean simulated;
        private ReplayScore replay;
        private String replica;
        private EchoRecord echo;
        private ForensicsRecord logprobs;

        private Builder(TurnRecord r) {
            type = TYPE;
            if (r == null) return;
            type = r.type;
            runId = r.runId;
            shard = r.shard;
            scenarioId = r.scenarioId;
            source = r.source;
            category = r.category;
            variant = r.variant;
            turn = r.turn;
            step = r.step;
            depth = r.depth;
            promptTokens = r.promptTokens;
            completionTokens = r.completionTokens;
            latencyMs = r.latencyMs;
            attempts = r.attempts;
            cached = r.cached;
            requestDigest = r.requestDigest;
            raw = r.raw;
            endpointError = r.endpointError;
            strict = r.strict;
            harmonyNonStrict = r.harmonyNonStrict;
            lenient = r.lenient;
            strictSignature = r.strictSignature;
            failureModes = r.failureModes;
            toolCalls = r.toolCalls;
            injectedFaults = r.injectedFaults;
            drivenBy = r.drivenBy;
            recordDigest = r.recordDigest;
            strictFailureModes = r.strictFailureModes;
            lenientFailureModes = r.lenientFailureModes;
            replayContext = r.replayContext;
            outcome = r.outcome;
            verdict = r.verdict;
            notJudged = r.notJudged;
            harnessError = r.harnessError;
            attempt = r.attempt;
            tokenSource = r.tokenSource;
            simulated = r.simulated;
            replay = r.replay;
            replica = r.replica;
            echo = r.echo;
            logprobs = r.logprobs;
        }

        public Builder type(String v) { type = v; return this; }
        public Builder runId(String v) { runId = v; return this; }
        public Builder shard(String v) { shard = v; return this; }
        public Builder scenarioId(String v) { scenarioId = v; return this; }
        public Builder source(String v) { source = v; return this; }
        public Builder category(String v) { category = v; return this; }
        public Builder variant(String v) { variant = v; return this; }
        public Builder turn(int v) { turn = v; return this; }
        public Builder step(int v) { step = v; return this; }
        public Builder depth(int v) { depth = v; return this; }
        public Builder promptTokens(int v) { promptTokens = v; return this; }
        public Builder completionTokens(int v) { completionTokens = v; return this; }
        public Builder latencyMs(double v) { latencyMs = v; return this; }
        public Builder attempts(int v) { attempts = v; return this; }
        public Builder cached(boolean v) { cached = v; return this; }
        public Builder requestDigest(String v) { requestDigest = v; return this; }
        public Builder raw(Raw v) { raw = v; return this; }
        public Builder endpointError(EndpointError v) { endpointError = v; return this; }
        public Builder strict(Parse v) { strict = v; return this; }
        public Builder harmonyNonStrict(Parse v) { harmonyNonStrict = v; return this; }
        public Builder lenient(Parse v) { lenient = v; return this; }
        public Builder strictSignature(String v) { strictSignature = v; return this; }
        public Builder failureModes(List<String> v) { failureModes = v; return this; }
        public Builder toolCalls(List<ToolCall> v) { toolCalls = v; return this; }
        public Builder injectedFaults(List<String> v) { injectedFaults = v; return this; }
        public Builder drivenBy(String v) { drivenBy = v; return this; }
        public Builder recordDigest(String v) { recordDigest = v; return this; }
        public Builder strictFailureModes(List<String> v) { strictFailureModes = v; return this; }
        public Builder lenientFailureModes(List<String> v) { lenientFailureModes = v; return this; }
        public Builder replayContext(ReplayContext v) { replayContext = v; return this; }
        public Builder outcome(String v) { outcome = v; return this; }
        public Builder verdict(String v) { verdict = v; return this; }
        public Builder notJudged(NotJudged v) { notJudged = v; return this; }
        public Builder harnessError(HarnessError v) { harnessError = v; return this; }
        public Builder attempt(Integer v) { attempt = v; return this; }
        public Builder tokenSource(String v) { tokenSource = v; return this; }
        public Builder simulated(Boolean v) { simulated = v; return this; }
        public Builder replay(ReplayScore v) { replay = v; return this; }
        public Builder replica(String v) { replica = v; return this; }
        public Builder echo(EchoRecord v) { echo = v; return this; }
        public Builder logprobs(ForensicsRecord v) { logprobs = v; return this; }

        public TurnRecord build() {
            return new TurnRecord(type, runId, shard, scenarioId, source, category, variant, turn, step, depth, promptTokens, completionTokens, latencyMs, attempts, cached, requestDigest, raw, endpointError, strict, harmonyNonStrict, lenient, strictSignature, failureModes, toolCalls, injectedFaults, drivenBy, recordDigest, strictFailureModes, lenientFailureModes, replayContext, outcome, verdict, notJudged, harnessError, attempt, tokenSource, simulated, replay, replica, echo, logprobs);
        }
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
