package dev.harmonica.turn;

import java.util.List;

/**
 * How the model's action on replayed step {@code step} compares with the recorded action (swe-trajectories.md §4.3).
 * The journal records it with the turn ({@code TurnRecord.ToolCall.of}).
 *
 * @param step             0-based replayed step
 * @param parsed           the turn parsed at all
 * @param callCount        number of calls the model made (after text-mode extraction)
 * @param recordedCount    number of calls the recording made
 * @param actionFromText   the model's action was taken from a fenced block in its text (text-mode scenario, no
 *                         native call)
 * @param calls            per-call validation and agreement, in the model's order
 * @param level            step-level agreement: the worst of the paired calls; {@code NO_ACTION} when the model made
 *                         no call (or did not parse); capped at {@code SAME_TOOL} when the call counts differ
 * @param recordedTerminal the recorded step ends the run (submit / finish / the mini-swe-agent sentinel)
 * @param modelTerminal    the model's action ends the run
 * @param failureModes     tool-level failure codes found in either reading ({@code tool_name_leak},
 *                         {@code unknown_tool}, {@code invalid_json_arguments}, {@code schema_mismatch}), each once
 * @param strictFailureModes  the codes for a strict consumer: names read exactly; a name that is undeclared as written
 *                         but declared after stripping leaked special-token text / the {@code functions.} prefix gives
 *                         {@code tool_name_leak} and {@code unknown_tool}
 * @param lenientFailureModes the codes after lenient name recovery: {@code unknown_tool} only when the name is not
 *                         declared even after stripping; JSON and schema judged against the recovered tool
 */
public record ActionScore(int step, boolean parsed, int callCount, int recordedCount, boolean actionFromText,
                          List<CallScore> calls, Agreement level, boolean recordedTerminal, boolean modelTerminal,
                          List<String> failureModes, List<String> strictFailureModes, List<String> lenientFailureModes) {
    public ActionScore {
        calls = List.copyOf(calls);
        failureModes = List.copyOf(failureModes);
        strictFailureModes = List.copyOf(strictFailureModes);
        lenientFailureModes = List.copyOf(lenientFailureModes);
    }

    /** Graded action equivalence, strongest first (§4.3). */
    public enum Agreement {
        /** same tool, arguments JSON-equal as written */
        EXACT("exact"),
        /** same tool, arguments equal after normalisation (canonical JSON, trimmed strings, bash tokens) */
        CANONICAL("canonical"),
        /** same tool, same {@code command} subfield and same {@code path} (editor-style tools) */
        SAME_TARGET("same_target"),
        /** bash-style tool, same program (first word) */
        SAME_PROGRAM("same_program"),
        /** same tool name only */
        SAME_TOOL("same_tool"),
        /** different tool */
        DIFFERENT("different"),
        /** the model made no call (or the turn did not parse), or the recording had none to compare with */
        NO_ACTION("no_action");

        private final String code;

        Agreement(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        /** EXACT or CANONICAL. */
        public boolean agrees() {
            return this == EXACT || this == CANONICAL;
        }
    }

    /**
     * One model call.
     *
     * @param validNameAfterStrip the name is declared once leaked special-token text, a {@code functions.} prefix and
     *                            trailing header words are stripped (recorded separately, §4.3)
     * @param level               agreement with the recorded call at the same position ({@code NO_ACTION} when the
     *                            recording has no call there)
     * @param normalizedCommand   for bash-style tools: the normalised command (display form), else null
     */
    public record CallScore(String name, String arguments, boolean validName, boolean validNameAfterStrip,
                            boolean validJson, boolean schemaChecked, boolean schemaValid, List<String> schemaErrors,
                            Agreement level, String normalizedCommand) {
        public CallScore {
            schemaErrors = List.copyOf(schemaErrors);
        }
    }

    /** The step-level verdict: the action agrees with the recording (EXACT or CANONICAL). */
    public boolean agrees() {
        return level.agrees();
    }

    /** Every call is a declared tool with valid JSON arguments matching its schema, and there is at least one. */
    public boolean allCallsValid() {
        if (calls.isEmpty()) return false;
        for (CallScore c : calls) if (!(c.validName && c.validJson && c.schemaValid)) return false;
        return true;
    }

    /**
     * {@link TurnRecord.ToolCall}s for the journal in the lenient view (a recovered leaked name is journaled as the
     * tool it names, {@code valid_name_strict} false); {@code result} is null: nothing is executed in replay.
     */
}
