package dev.harmonica.journal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * The end of one scenario × variant in the journal ({@code "type": "scenario"}): its verdicts. Written after all
 * of its {@link TurnRecord}s; a scenario without this record is incomplete and is redone on {@code --resume}.
 *
 * @param status                    {@code completed}, {@code stopped} (the variant stops on strict failure),
 *                                  {@code step_limit}, or {@code error} (endpoint gave up; {@code error} says why)
 * @param firstStrictFailureDepth   depth of the first turn strict would have rejected, or null
 * @param bfcl                      BFCL checker verdict (BFCL scenarios), else null
 * @param sweAgreement              SWE replay: fraction of replayed steps whose action agreed with the recording
 * @param bfclTurnsPassed           BFCL: each played user turn's own check (BFCL's per-turn rules applied to every
 *                                  turn, not stopping at the first failure), or null (added by the runner)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScenarioRecord(
        @JsonProperty("type") String type,
        @JsonProperty("run_id") String runId,
        @JsonProperty("shard") String shard,
        @JsonProperty("scenario_id") String scenarioId,
        @JsonProperty("source") String source,
        @JsonProperty("category") String category,
        @JsonProperty("variant") String variant,
        @JsonProperty("status") String status,
        @JsonProperty("error") String error,
        @JsonProperty("model_turns") int modelTurns,
        @JsonProperty("strict_failures") int strictFailures,
        @JsonProperty("lenient_failures") int lenientFailures,
        @JsonProperty("first_strict_failure_depth") Integer firstStrictFailureDepth,
        @JsonProperty("bfcl") BfclVerdict bfcl,
        @JsonProperty("swe_agreement") Double sweAgreement,
        @JsonProperty("record_digest") String recordDigest,
        @JsonProperty("bfcl_turns_passed") List<Boolean> bfclTurnsPassed) {

    public static final String TYPE = "scenario";

    /** BFCL's multi-turn checker verdict for the entry. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BfclVerdict(@JsonProperty("valid") boolean valid,
                              @JsonProperty("error_type") String errorType,
                              @JsonProperty("error_message") String errorMessage,
                              @JsonProperty("turn") Integer turn) {
    }
}
