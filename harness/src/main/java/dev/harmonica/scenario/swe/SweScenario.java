package dev.harmonica.scenario.swe;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One recorded SWE-style agent trajectory, in the single internal model every importer produces
 * (docs/swe.md). Immutable; JSON nodes are deep-copied on construction and must not be mutated.
 *
 * @param id             stable scenario id (file stem, or the dataset row's trajectory/instance id)
 * @param sourceFormat   the importer that produced it: {@code sweagent}, {@code mini-v1}, {@code mini-v2},
 *                       {@code openhands}, {@code messages}
 * @param actionStyle    how the recorded agent wrote its actions (native tool calls or text); decides how the replay
 *                       prefix is rebuilt
 * @param actionFormat   the exact action syntax (native calls, mini-swe-agent's recorded {@code action_regex}, SWE-agent's
 *                       fence / {@code <command>} / {@code <function=…>} parsers); replay reads the model's reply with it
 * @param tools          OpenAI tool JSON ({@code {"type":"function","function":{name,description,parameters}}}),
 *                       taken from the trajectory when it records them, else the scaffold's defaults (docs/swe.md)
 * @param promptMessages OpenAI chat messages ({@code role}, {@code content}) before the first assistant message
 * @param steps          one step per recorded assistant message, in order
 * @param meta           small string metadata (instance_id, exit_status, model, warnings count, …); never needed
 *                       for replay
 */
public record SweScenario(String id, String sourceFormat, ActionStyle actionStyle, ActionFormat actionFormat,
                          List<JsonNode> tools, List<JsonNode> promptMessages, List<Step> steps,
                          Map<String, String> meta) {

    /** How the recorded agent expressed actions. */
    public enum ActionStyle {
        /** Native {@code tool_calls}; observations are {@code role: tool} messages paired by tool_call_id. */
        TOOL_CALLS("tool_calls"),
        /**
         * Actions in the assistant text (a fenced bash block, mini-swe-agent v1 / SWE-agent thought_action);
         * observations are {@code role: user} messages. Each step's single recorded call is the bash command
         * extracted from the text.
         */
        TEXT("text");

        private final String code;

        ActionStyle(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static ActionStyle byCode(String code) {
            for (ActionStyle s : values()) if (s.code.equals(code)) return s;
            return null;
        }
    }

    /**
     * One recorded assistant message and what came back.
     *
     * @param assistantText the message's visible text (tool-call mode: the text besides the calls; text mode: the
     *                      full raw text including the fenced action block); never null
     * @param reasoning     recorded reasoning ({@code reasoning_content}/{@code thinking}), or null
     * @param toolCalls     the recorded calls, in order (empty for a recorded format error or a plain message)
     * @param observations  what the agent saw next. The first {@code toolCalls.size()} entries are the results of the
     *                      calls (same order); any further entries are user messages (text mode: all of them)
     * @param inHistory     whether the assistant message is part of the later steps' context. False for a reply the
     *                      scaffold rejected and dropped from its history (mini-swe-agent v2 keeps only the format-error
     *                      message, {@code agents/default.py} 2.4.6): the step is still replayed, its observations stay
     *                      in the context, its assistant message does not
     */
    public record Step(String assistantText, String reasoning, List<ToolCall> toolCalls, List<String> observations,
                       boolean inHistory) {
        public Step {
            assistantText = assistantText == null ? "" : assistantText;
            toolCalls = List.copyOf(toolCalls);
            observations = List.copyOf(observations);
        }

        /** A step in the history (the usual case). */
        public Step(String assistantText, String reasoning, List<ToolCall> toolCalls, List<String> observations) {
            this(assistantText, reasoning, toolCalls, observations, true);
        }

        /** A message-only step: no action (a plain answer, or a reply the scaffold rejected). */
        public boolean messageOnly() {
            return toolCalls.isEmpty();
        }
    }

    /**
     * One recorded tool call.
     *
     * @param id        the call id (recorded, or synthesized {@code call_<step>_<i>} when the format has none)
     * @param name      tool name as declared
     * @param arguments the arguments as JSON text, exactly as recorded
     */
    public record ToolCall(String id, String name, String arguments) {
        public ToolCall {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(arguments, "arguments");
        }
    }

    public SweScenario {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sourceFormat, "sourceFormat");
        Objects.requireNonNull(actionStyle, "actionStyle");
        if (actionFormat == null) actionFormat = defaultFormat(sourceFormat, actionStyle);
        if (actionFormat.textActions() != (actionStyle == ActionStyle.TEXT)) {
            throw new IllegalArgumentException("action format " + actionFormat.label() + " does not fit action style "
                    + actionStyle.code());
        }
        tools = deepCopy(tools);
        promptMessages = deepCopy(promptMessages);
        steps = List.copyOf(steps);
        meta = meta == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(meta));
    }

    /** Without an explicit action format: the one the source format and style imply ({@link #defaultFormat}). */
    public SweScenario(String id, String sourceFormat, ActionStyle actionStyle, List<JsonNode> tools,
                       List<JsonNode> promptMessages, List<Step> steps, Map<String, String> meta) {
        this(id, sourceFormat, actionStyle, null, tools, promptMessages, steps, meta);
    }

    /**
     * The action format of files that do not record one: native calls for tool-call style; for text style,
     * mini-swe-agent's fences (v1 and v2 default regexes), SWE-agent's last fence, else (dataset rows) the last fence.
     */
    public static ActionFormat defaultFormat(String sourceFormat, ActionStyle style) {
        if (style == ActionStyle.TOOL_CALLS) return ActionFormat.TOOL_CALLS;
        if (sourceFormat.startsWith("mini")) return ActionFormat.regex(ActionFormat.MINI_V1_REGEX);
        return ActionFormat.FENCE_LAST;
    }

    private static List<JsonNode> deepCopy(List<JsonNode> nodes) {
        List<JsonNode> out = new ArrayList<>(nodes.size());
        for (JsonNode n : nodes) out.add(n.deepCopy());
        return List.copyOf(out);
    }

    /** The declared tool names, in declaration order. */
    public List<String> toolNames() {
        List<String> names = new ArrayList<>();
        for (JsonNode t : tools) names.add(SweTools.nameOf(t));
        return names;
    }

    /** The {@code parameters} schema of a declared tool, or null when no such tool is declared. */
    public JsonNode toolParameters(String name) {
        for (JsonNode t : tools) {
            if (SweTools.nameOf(t).equals(name)) return SweTools.parametersOf(t);
        }
        return null;
    }

    /** Total recorded tool calls over all steps. */
    public int actionCount() {
        int n = 0;
        for (Step s : steps) n += s.toolCalls().size();
        return n;
    }

    /** Total recorded observations over all steps. */
    public int observationCount() {
        int n = 0;
        for (Step s : steps) n += s.observations().size();
        return n;
    }
}
