package dev.harmonica.journal;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * The end of one scenario × variant in the journal ({@code "type": "scenario"}): its verdicts. Written after all of
 * its {@link TurnRecord}s; a scenario × variant without this record is incomplete and is redone on {@code --resume}
 * (docs/journal.md).
 *
 * @param status                  see {@link Status}
 * @param error                   why it ended early ({@code not_judged} / {@code harness_error}), one line
 * @param modelTurns              model calls made (turn lines written, resampled draws included)
 * @param firstStrictFailureDepth depth of the first turn a strict consumer would have rejected, or null
 * @param bfcl                    BFCL checker verdict; absent when not scored (some turn not judged)
 * @param sweAgreement            SWE replay: fraction of replayed steps whose action agreed with the recording; absent
 *                                when not scored
 * @param bfclTurnsPassed         BFCL: each played user turn's own check (BFCL's per-turn rules applied to every
 *                                turn, not stopping at the first failure), or null
 * @param attempt                 how many times this scenario × variant was played (absent = 1)
 * @param judgedTurns             turns the parsers judged
 * @param unjudgedTurns           turns the endpoint did not answer (0 or 1: the first ends the scenario)
 * @param scored                  false when some work was not judged: no BFCL verdict or SWE agreement is given
 * @param notJudged               status {@code not_judged}: the endpoint's cause
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
        @JsonProperty("bfcl_turns_passed") List<Boolean> bfclTurnsPassed,
        @JsonProperty("attempt") Integer attempt,
        @JsonProperty("judged_turns") Integer judgedTurns,
        @JsonProperty("unjudged_turns") Integer unjudgedTurns,
        @JsonProperty("scored") Boolean scored,
        @JsonProperty("not_judged") TurnRecord.NotJudged notJudged) {

    public static final String TYPE = "scenario";

    /** How a scenario × variant ended. */
    public enum Status {
        /** Played to its end. */
        COMPLETED,
        /** The variant stops at the first strict failure, and one came. */
        STOPPED,
        /** BFCL: a user turn exceeded the step limit (BFCL force-quits the entry). */
        STEP_LIMIT,
        /** An endpoint failure ended it: the work after it was not judged. */
        NOT_JUDGED,
        /** Harmonica itself failed (a bug); {@code error} says where. */
        HARNESS_ERROR,
        /**
         * BFCL's protocol ({@code bfcl_compat}): an endpoint failure at some step ended the entry, which is scored
         * failed as {@code multi_turn:inference_error}, as bfcl-eval scores it; {@code not_judged} holds the endpoint's
         * cause. (A server that rejected a turn's format is a judged model failure to Harmonica: that entry ends
         * {@link #STOPPED}, with the same BFCL verdict.) Like {@link #NOT_JUDGED}, {@code --resume} and {@code retry_unjudged}
         * play it again (as rerunning {@code bfcl generate} on the failed ids does).
         */
        INFERENCE_ERROR;

        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Reads a journal status; {@code error} (journals before outcomes existed) reads as {@link #NOT_JUDGED}. */
        public static Status byName(String s) {
            if ("error".equals(s)) return NOT_JUDGED;
            for (Status x : values()) if (x.jsonName().equals(s)) return x;
            return null;
        }

        /** All of its work was judged. */
        public boolean judged() {
            return this == COMPLETED || this == STOPPED || this == STEP_LIMIT;
        }

        /** An endpoint failure ended it ({@link #NOT_JUDGED}, or {@link #INFERENCE_ERROR} under BFCL's protocol). */
        public boolean endpointFailure() {
            return this == NOT_JUDGED || this == INFERENCE_ERROR;
        }

        /** It carries a verdict: all of its work was judged, or BFCL's protocol scores it failed. */
        public boolean scored() {
            return judged() || this == INFERENCE_ERROR;
        }
    }

    /** BFCL's multi-turn checker verdict for the entry. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BfclVerdict(@JsonProperty("valid") boolean valid,
                              @JsonProperty("error_type") String errorType,
                              @JsonProperty("error_message") String errorMessage,
                              @JsonProperty("turn") Integer turn) {
    }

    public ScenarioRecord withRecordDigest(String digest) {
        return new ScenarioRecord(type, runId, shard, scenarioId, source, category, variant, status, error, modelTurns,
                strictFailures, lenientFailures, firstStrictFailureDepth, bfcl, sweAgreement, digest, bfclTurnsPassed,
                attempt, judgedTurns, unjudgedTurns, scored, notJudged);
    }
}
