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
 * (swe-trajectories.md §1). Immutable; JSON nodes are deep-copied on construction and must not be mutated.
 *
 * @param id             stable scenario id (file stem, or the dataset row's trajectory/instance id)
 * @param sourceFormat   the importer that produced it: {@code sweagent}, {@code mini-v1}, {@code mini-v2},
 *                       {@code openhands}, {@code messages}
 * @param actionStyle    how the recorded agent wrote its actions (native tool calls or fenced text blocks); decides
 *                       how the replay prefix is rebuilt
 * @param tools          OpenAI tool JSON ({@code {"type":"function","function":{name,description,parameters}}}),
 *                       taken from the trajectory when it records them, else the scaffold's defaults (§3)
 * @param promptMessages OpenAI chat messages ({@code role}, {@code content}) before the first assistant message
 * @param steps          one step per recorded assistant message, in order
 * @param meta           small string metadata (instance_id, exit_status, model, warnings count, …); never needed
 *                       for replay
 */
public record SweScenario(String id, String sourceFormat, ActionStyle actionStyle, List<JsonNode> tools,
                          List<JsonNode> promptMessages, List<Step> steps, Map<String, String> meta) {

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
     */
    public record Step(String assistantText, String reasoning, List<ToolCall> toolCalls, List<String> observations) {
        public Step {
            assistantText = assistantText == null ? "" : assistantText;
            toolCalls = List.copyOf(toolCalls);
            observations = List.copyOf(observations);
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
        tools = deepCopy(tools);
        promptMessages = deepCopy(promptMessages);
        steps = List.copyOf(steps);
        meta = meta == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(meta));
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
