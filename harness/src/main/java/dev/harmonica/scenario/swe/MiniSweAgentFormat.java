package dev.harmonica.scenario.swe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.scenario.swe.ChatWalker.Where;
import dev.harmonica.scenario.swe.SweScenario.ActionStyle;
import dev.harmonica.scenario.swe.SweScenario.Step;
import dev.harmonica.scenario.swe.SweScenario.ToolCall;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * mini-swe-agent trajectories (docs/swe.md). v2 ({@code trajectory_format: mini-swe-agent-1.1}) checked
 * against mini-swe-agent 2.4.6 (PyPI; repository commit {@code a83fcae82d2a08f0ee0c688f9d137b3566c097f8}) in its three
 * configurations: tool calling ({@code mini.yaml}, parallel calls), text with a fenced block
 * ({@code mini_textbased.yaml}) and the SWE-bench XML config ({@code benchmarks/swebench_xml.yaml}). The text syntax
 * is the recorded {@code info.config.model.action_regex}; the actions are the recorded {@code extra.actions} (what
 * ran). A reply the agent rejected (a {@code FormatError}) is not in mini-swe-agent's history, only the error message
 * is, with the reply in {@code extra.response} / {@code extra.model_response}: it becomes a step with
 * {@code inHistory} false and no action. v1 is a bare list of {@code {role, content}} messages.
 */
final class MiniSweAgentFormat {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private MiniSweAgentFormat() {
    }

    static Draft v1(String label, String stem, JsonNode root) {
        Where where = new Where(label, null);
        if (!root.isArray()) throw where.error(null, "expected a JSON list of {role, content} messages (mini-swe-agent v1)");
        List<JsonNode> messages = new ArrayList<>();
        root.forEach(messages::add);
        ActionFormat format = ActionFormat.regex(ActionFormat.MINI_V1_REGEX);
        ChatWalker.Result r = ChatWalker.walk(messages, ActionStyle.TEXT, m -> actions(m, format), where);
        List<String> warnings = new ArrayList<>(r.warnings());
        TrajectoryImporter.noteStepsWithoutAction(r.steps(), warnings);
        return new Draft(stem, new Draft.Source(label, null, SweFormat.MINI_V1),
                new Draft.Content(format, List.of(SweTools.bash()), r.prompt(), r.steps()), Map.of(), warnings);
    }

    static Draft v2(String label, String stem, JsonNode root) {
        Where where = new Where(label, null);
        JsonNode msgs = root.get("messages");
        if (!root.isObject() || msgs == null || !msgs.isArray()) {
            throw where.error(null, "missing field 'messages' (mini-swe-agent v2 trajectory_format mini-swe-agent-1.1)");
        }
        List<String> warnings = new ArrayList<>();
        List<JsonNode> messages = new ArrayList<>();
        for (JsonNode m : msgs) messages.addAll(normalized(m, warnings));
        JsonNode model = root.path("info").path("config").path("model");
        ActionFormat format = ChatWalker.detectStyle(messages) == ActionStyle.TOOL_CALLS ? ActionFormat.TOOL_CALLS
                : textFormat(root.path("info").path("config"), root.path("trajectory_format").asText(""), where, warnings);
        ActionStyle style = format.textActions() ? ActionStyle.TEXT : ActionStyle.TOOL_CALLS;
        ChatWalker.Result r = ChatWalker.walk(messages, style, m -> actions(m, format), where);
        warnings.addAll(r.warnings());
        TrajectoryImporter.noteStepsWithoutAction(r.steps(), warnings);
        Map<String, String> meta = new LinkedHashMap<>();
        TrajectoryImporter.putIf(meta, "instance_id", root.path("instance_id"));
        TrajectoryImporter.putIf(meta, "exit_status", root.path("info").path("exit_status"));
        if (!meta.containsKey("exit_status") && r.exitStatus() != null) meta.put("exit_status", r.exitStatus());
        TrajectoryImporter.putIf(meta, "mini_version", root.path("info").path("mini_version"));
        TrajectoryImporter.putIf(meta, "model", model.path("model_name"));
        TrajectoryImporter.putIf(meta, "model_type", root.path("info").path("config").path("model_type"));
        String id = root.path("instance_id").asText(stem);
        return new Draft(id.isEmpty() ? stem : id, new Draft.Source(label, null, SweFormat.MINI_V2),
                new Draft.Content(format, List.of(SweTools.bash()), r.prompt(), r.steps()), meta, warnings);
    }

    /**
     * The recorded {@code action_regex}: v2 records it in {@code info.config.model}, 1.x in {@code info.config.agent}
     * (mini-swe-agent 1.17.5 {@code agents/default.py} AgentConfig, e.g. {@code <bash_code>(.*?)</bash_code>} in
     * {@code config/extra/swebench_xml.yaml}); else the default of the recorded version (with a warning): v2's
     * {@code mswea_bash_command} fence, or for {@code trajectory_format: mini-swe-agent-1} v1's fences.
     */
    private static ActionFormat textFormat(JsonNode config, String trajectoryFormat, Where where, List<String> warnings) {
        for (String owner : List.of("model", "agent")) {
            JsonNode regex = config.path(owner).get("action_regex");
            if (regex == null || !regex.isTextual() || regex.asText().isEmpty()) continue;
            try {
                return ActionFormat.regex(regex.asText());
            } catch (IllegalArgumentException e) {
                throw where.error(null, "field 'info.config." + owner + ".action_regex': " + e.getMessage());
            }
        }
        String fallback = trajectoryFormat.equals("mini-swe-agent-1") ? ActionFormat.MINI_V1_REGEX
                : ActionFormat.MINI_V2_DEFAULT_REGEX;
        warnings.add("no info.config.model.action_regex or info.config.agent.action_regex recorded; reading actions with "
                + fallback);
        return ActionFormat.regex(fallback);
    }

    /**
     * One recorded message as the walker reads it: a {@code FormatError} message is preceded by the rejected reply
     * it answers (marked {@link ChatWalker#REJECTED}); an assistant message whose serializer dropped
     * {@code tool_calls} gets them back from {@code extra.actions}.
     */
    private static List<JsonNode> normalized(JsonNode m, List<String> warnings) {
        JsonNode extra = m.path("extra");
        String role = m.path("role").asText("");
        if (role.equals("user") && extra.path("interrupt_type").asText("").equals("FormatError")) {
            JsonNode reply = extra.path("response").path("choices").path(0).path("message");
            String text = reply.isObject() ? ChatWalker.contentText(reply.get("content"))
                    : extra.path("model_response").isTextual() ? extra.get("model_response").asText() : null;
            if (text == null) {
                warnings.add("a FormatError message without the rejected reply (extra.response) is kept as an observation");
                return List.of(m);
            }
            ObjectNode rejected = F.objectNode().put("role", "assistant").put("content", text).put(ChatWalker.REJECTED, true);
            return List.of(rejected, m);
        }
        if (role.equals("assistant") && !m.path("tool_calls").isArray()
                && extra.path("actions").isArray() && extra.path("actions").path(0).has("tool_call_id")) {
            ObjectNode copy = m.deepCopy();
            ArrayNode tcs = copy.putArray("tool_calls");
            for (JsonNode a : extra.path("actions")) {
                ObjectNode fn = F.objectNode().put("name", "bash")
                        .put("arguments", F.objectNode().put("command", a.path("command").asText("")).toString());
                tcs.addObject().put("id", a.path("tool_call_id").asText()).put("type", "function").set("function", fn);
            }
            return List.of(copy);
        }
        return List.of(m);
    }

    /** Text mode: the recorded {@code extra.actions} (what mini-swe-agent ran), else the text read with the format. */
    private static List<ToolCall> actions(JsonNode m, ActionFormat format) {
        JsonNode recorded = m.path("extra").path("actions");
        if (recorded.isArray() && !m.path(ChatWalker.REJECTED).asBoolean(false)) {
            List<ToolCall> out = new ArrayList<>();
            for (JsonNode a : recorded) out.add(ChatWalker.bashCall("", a.path("command").asText("")));
            return out;
        }
        return format.extract(ChatWalker.contentText(m.get("content")), name -> null).actions();
    }

    /** Steps of a v2 run that are rejected replies (for the import summary). */
    static int rejected(List<Step> steps) {
        int n = 0;
        for (Step s : steps) if (!s.inHistory()) n++;
        return n;
    }
}
