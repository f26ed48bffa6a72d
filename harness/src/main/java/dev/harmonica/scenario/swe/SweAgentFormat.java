package dev.harmonica.scenario.swe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.harmonica.scenario.swe.ChatWalker.Where;
import dev.harmonica.scenario.swe.SweScenario.ActionStyle;
import dev.harmonica.scenario.swe.SweScenario.Step;
import dev.harmonica.scenario.swe.SweScenario.ToolCall;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SWE-agent {@code .traj} files (docs/swe.md), checked against SWE-agent commit
 * {@code 3ea751c087f32b16e039a2233dd6eefecef325d5}: its test trajectories and {@code trajectories/demonstrations}
 * (function calling, {@code thought_action} fences, {@code xml_thought_action} {@code <command>} tags, history-only
 * demos). The chat is {@code history}; {@code trajectory} entries that {@code history} does not hold (SWE-agent
 * records the final {@code submit} only there) are appended, matched by their {@code action} so nothing is
 * duplicated. The action syntax comes from {@code replay_config.agent.tools.parse_function.type}
 * ({@code sweagent/tools/parsing.py}), else from the messages themselves.
 */
final class SweAgentFormat {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private SweAgentFormat() {
    }

    static Draft read(String label, String stem, JsonNode root) {
        Where where = new Where(label, null);
        if (!root.isObject()) throw where.error(null, "expected a JSON object with 'history' (and 'trajectory')");
        JsonNode agent = agentConfig(root);
        JsonNode trajectory = root.path("trajectory");
        List<JsonNode> messages = chat(root, trajectory, where);
        List<String> warnings = new ArrayList<>();
        ActionFormat format = actionFormat(agent, messages, warnings);
        ActionStyle style = format.textActions() ? ActionStyle.TEXT : ActionStyle.TOOL_CALLS;
        ChatWalker.Result r = ChatWalker.walk(messages, style, m -> textActions(m, format), where);
        warnings.addAll(r.warnings());
        List<JsonNode> tools = tools(agent, format);
        List<Step> steps = new ArrayList<>(r.steps());
        appendTrajectoryOnlySteps(messages, trajectory, steps, tools, format, warnings);
        Map<String, String> meta = new LinkedHashMap<>();
        TrajectoryImporter.putIf(meta, "exit_status", root.path("info").path("exit_status"));
        TrajectoryImporter.putIf(meta, "model", agent.path("model").path("name"));
        TrajectoryImporter.putIf(meta, "environment", root.path("environment"));
        return new Draft(stem, new Draft.Source(label, null, SweFormat.SWEAGENT),
                new Draft.Content(format, tools, r.prompt(), steps), meta, warnings);
    }

    /** {@code replay_config.agent} (an object, or JSON text in older files); missing node when absent. */
    private static JsonNode agentConfig(JsonNode root) {
        JsonNode replay = root.get("replay_config");
        if (replay != null && replay.isTextual()) {
            try {
                replay = ChatWalker.JSON.readTree(replay.asText());
            } catch (JsonProcessingException e) {
                replay = null;
            }
        }
        return replay == null ? F.missingNode() : replay.path("agent");
    }

    private static List<JsonNode> chat(JsonNode root, JsonNode trajectory, Where where) {
        List<JsonNode> messages = new ArrayList<>();
        JsonNode history = root.get("history");
        if (history != null && history.isArray() && !history.isEmpty()) {
            history.forEach(messages::add);
        } else if (trajectory.isArray() && !trajectory.isEmpty() && trajectory.get(0).path("query").isArray()) {
            trajectory.get(0).get("query").forEach(messages::add); // older files: the first step's exact input
        } else {
            throw where.error(null, "missing field 'history' (and no trajectory[0].query to rebuild the prompt from)");
        }
        return messages;
    }

    /** The recorded parse function, else native calls when the history has them, else the text's own syntax. */
    private static ActionFormat actionFormat(JsonNode agent, List<JsonNode> messages, List<String> warnings) {
        String type = agent.path("tools").path("parse_function").path("type").asText("");
        switch (type) {
            case "function_calling" -> {
                return ActionFormat.TOOL_CALLS;
            }
            case "thought_action" -> {
                return ActionFormat.FENCE_LAST;
            }
            case "xml_thought_action" -> {
                return ActionFormat.COMMAND_TAG_LAST;
            }
            case "xml_function_calling" -> {
                return ActionFormat.FUNCTION_XML;
            }
            default -> {
                if (ChatWalker.detectStyle(messages) == ActionStyle.TOOL_CALLS) return ActionFormat.TOOL_CALLS;
                ActionFormat guessed = TextFormats.guess(messages, ActionFormat.FENCE_LAST);
                if (!type.isEmpty()) {
                    warnings.add("parse_function '" + type + "' is not one Harmonica reads; actions read as "
                            + guessed.label());
                }
                return guessed;
            }
        }
    }

    /** Text mode: the recorded {@code action} (what SWE-agent ran), else the action read from the text. */
    private static List<ToolCall> textActions(JsonNode m, ActionFormat format) {
        JsonNode a = m.get("action");
        if (format.kind() != ActionFormat.Kind.FUNCTION_XML && a != null && a.isTextual() && !a.asText().isBlank()) {
            return List.of(ChatWalker.bashCall("", a.asText().strip()));
        }
        return format.extract(ChatWalker.contentText(m.get("content")), name -> null).actions();
    }

    private static List<JsonNode> tools(JsonNode agent, ActionFormat format) {
        List<JsonNode> tools = new ArrayList<>();
        String docs = agent.path("tools").path("command_docs").asText("");
        if (format.kind() == ActionFormat.Kind.FUNCTION_XML) {
            tools.addAll(SweTools.sweAgentDefaults());
        } else if (format.textActions()) {
            tools.add(SweTools.bash());
        } else if (!docs.isBlank()) {
            tools.addAll(SweTools.fromCommandDocs(docs));
        } else {
            tools.addAll(SweTools.sweAgentDefaults());
        }
        return tools;
    }

    /**
     * Appends the {@code trajectory} entries after the last one {@code history} holds. Entries are matched to the
     * history's assistant messages by their stripped {@code action}, in order; a history without {@code action}
     * fields is matched by count.
     */
    private static void appendTrajectoryOnlySteps(List<JsonNode> messages, JsonNode trajectory, List<Step> steps,
                                                  List<JsonNode> tools, ActionFormat format, List<String> warnings) {
        if (!trajectory.isArray() || trajectory.isEmpty()) return;
        int first = firstUnmatched(messages, trajectory, steps.size());
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode t : tools) names.add(SweTools.nameOf(t));
        for (int i = first; i < trajectory.size(); i++) {
            JsonNode t = trajectory.get(i);
            int k = steps.size();
            String action = t.path("action").asText("").strip();
            String text = t.hasNonNull("response") ? t.get("response").asText() : t.path("thought").asText("");
            String id = ChatWalker.syntheticId(k, 0);
            List<ToolCall> calls = new ArrayList<>();
            if (!action.isEmpty()) {
                calls.add(!format.textActions() && names.contains(action) ? new ToolCall(id, action, "{}")
                        : ChatWalker.bashCall(id, action));
            }
            List<String> obs = new ArrayList<>();
            if (t.hasNonNull("observation")) obs.add(t.get("observation").asText());
            steps.add(new Step(text, null, calls, obs));
            warnings.add("step " + k + ": taken from 'trajectory' (not in 'history'): action '"
                    + TrajectoryImporter.abbreviate(action) + "'");
        }
    }

    private static int firstUnmatched(List<JsonNode> messages, JsonNode trajectory, int historySteps) {
        List<String> historyActions = new ArrayList<>();
        boolean anyAction = false;
        for (JsonNode m : messages) {
            if (!"assistant".equals(ChatWalker.roleOf(m))) continue;
            JsonNode a = m.get("action");
            anyAction |= a != null && a.isTextual();
            historyActions.add(a != null && a.isTextual() ? a.asText().strip() : null);
        }
        if (!anyAction) return Math.min(historySteps, trajectory.size());
        int next = 0;
        int lastMatched = -1;
        for (int i = 0; i < trajectory.size(); i++) {
            String action = trajectory.get(i).path("action").asText("").strip();
            for (int k = next; k < historyActions.size(); k++) {
                if (action.equals(historyActions.get(k))) {
                    next = k + 1;
                    lastMatched = i;
                    break;
                }
            }
        }
        return lastMatched + 1;
    }
}
