package dev.harmonica.turn;

import java.util.List;

/**
 * How the model's reply on replayed step {@code step} compares with the recorded step, action by action
 * (docs/swe.md). The journal records it with the turn ({@code TurnRecord.ToolCall.of}).
 *
 * <p>The reply's actions are read in the recording's {@link #actionFormat()}: native calls, or text actions (a fenced
 * block, an XML tag per the recorded {@code action_regex}, a {@code <function=…>} block, a SWE-agent
 * {@code <command>}). Actions are compared as a multiset (parallel calls in any order). The step agrees when every
 * recorded action is matched by a reply action that is {@code exact} or {@code equivalent} and there is no other
 * action; a message-only step agrees when the reply is message-only too ({@link Agreement#MESSAGE}).
 *
 * @param step               0-based replayed step
 * @param parsed             the turn parsed at all (false: nothing else is scored, the step does not agree)
 * @param actionFormat       the recording's action format ({@code ActionFormat.label()}), e.g. {@code tool_calls},
 *                           {@code regex:<mswea_bash_command>(.*?)</mswea_bash_command>}
 * @param actionFromText     the reply's actions were read from its text (no native call)
 * @param calls              the reply's actions, in its order, each with validation and agreement with the recorded
 *                           action it was matched to
 * @param recordedCount      number of recorded actions
 * @param level              step-level agreement (see {@link Agreement})
 * @param terminal           whether the recorded step and the reply end the run
 * @param actionFormatErrors problems with how the reply wrote its actions in the recording's text format (e.g.
 *                           {@code expected exactly 1 action, found 2}); separate from harmony format errors and from
 *                           the tool-level {@link ToolModes}
 * @param modes              tool-level failure codes (unknown tool, invalid JSON, schema mismatch)
 */
public record ActionScore(int step, boolean parsed, String actionFormat, boolean actionFromText, List<CallScore> calls,
                          int recordedCount, Agreement level, Terminal terminal, List<String> actionFormatErrors,
                          ToolModes modes) {
    public ActionScore {
        calls = List.copyOf(calls);
        actionFormatErrors = List.copyOf(actionFormatErrors);
    }

    /** Graded agreement, strongest first (docs/swe.md). {@code exact} and {@code equivalent} agree; the rest grade how far
     * a {@code different} action is from the recorded one. */
    public enum Agreement {
        /** same tool, arguments JSON-equal as written */
        EXACT("exact"),
        /** same tool, arguments equal after normalisation (canonical JSON, trimmed strings, bash tokens and quoting) */
        EQUIVALENT("equivalent"),
        /** step level only: the recording and the reply are both message-only (no action) */
        MESSAGE("message"),
        /** different: same tool, same {@code command} subfield and same {@code path} (editor-style tools) */
        SAME_TARGET("same_target"),
        /** different: bash-style tool, same program (first word) */
        SAME_PROGRAM("same_program"),
        /** different: same tool name only */
        SAME_TOOL("same_tool"),
        /** different tool, or (step level) an action where the recording has none */
        DIFFERENT("different"),
        /** the reply has no action where the recording has one, or the turn did not parse; for a call: a reply
         * action with no recorded action left to match */
        NO_ACTION("no_action");

        private final String code;

        Agreement(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        /** EXACT, EQUIVALENT or MESSAGE. */
        public boolean agrees() {
            return this == EXACT || this == EQUIVALENT || this == MESSAGE;
        }
    }

    /** Whether the recorded step and the reply end the run (submit / finish / mini-swe-agent's sentinel). */
    public record Terminal(boolean recorded, boolean model) {
    }

    /**
     * Tool-level failure codes, each once.
     *
     * @param all     found in either reading
     * @param strict  for a strict consumer: names read exactly; a name that is undeclared as written but declared
     *                after stripping leaked special-token text / the {@code functions.} prefix gives
     *                {@code tool_name_leak} and {@code unknown_tool}
     * @param lenient after lenient name recovery: {@code unknown_tool} only when the name is not declared even after
     *                stripping; JSON and schema judged against the recovered tool
     */
    public record ToolModes(List<String> all, List<String> strict, List<String> lenient) {
        public ToolModes {
            all = List.copyOf(all);
            strict = List.copyOf(strict);
            lenient = List.copyOf(lenient);
        }

        static final ToolModes NONE = new ToolModes(List.of(), List.of(), List.of());
    }

    /**
     * One action of the reply.
     *
     * @param validNameAfterStrip the name is declared once leaked special-token text, a {@code functions.} prefix and
     *                            trailing header words are stripped (recorded separately, docs/swe.md)
     * @param level               agreement with the recorded action it was matched to ({@code NO_ACTION} when no
     *                            recorded action was left)
     * @param matchedRecorded     0-based index of that recorded action in the step, or -1
     * @param normalizedCommand   for bash-style tools: the normalised command (display form), else null
     */
    public record CallScore(String name, String arguments, boolean validName, boolean validNameAfterStrip,
                            boolean validJson, boolean schemaChecked, boolean schemaValid, List<String> schemaErrors,
                            Agreement level, int matchedRecorded, String normalizedCommand) {
        public CallScore {
            schemaErrors = List.copyOf(schemaErrors);
        }
    }

    /** The step-level verdict: every recorded action matched exactly or equivalently, nothing else; or both
     * message-only. */
    public boolean agrees() {
        return parsed && level.agrees();
    }

    /** Number of actions in the reply. */
    public int callCount() {
        return calls.size();
    }

    public boolean recordedTerminal() {
        return terminal.recorded();
    }

    public boolean modelTerminal() {
        return terminal.model();
    }

    public List<String> failureModes() {
        return modes.all();
    }

    public List<String> strictFailureModes() {
        return modes.strict();
    }

    public List<String> lenientFailureModes() {
        return modes.lenient();
    }

    /** Every action is a declared tool with valid JSON arguments matching its schema, and there is at least one. */
    public boolean allCallsValid() {
        if (calls.isEmpty()) return false;
        for (CallScore c : calls) if (!(c.validName && c.validJson && c.schemaValid)) return false;
        return true;
    }
}
