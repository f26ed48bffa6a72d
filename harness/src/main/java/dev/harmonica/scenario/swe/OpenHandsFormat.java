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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OpenHands event logs. V0 (docs/swe.md; checked against OpenHands {@code 156d0686}
 * {@code tests/runtime/trajs/*.json}): a JSON list of events, actions and observations linked by {@code cause}. V1
 * (the software-agent-sdk; checked against {@code OpenHands/software-agent-sdk} commit
 * {@code 611629e6999ad398dc49c761721eefe18d5e6bd9}, {@code openhands-sdk/openhands/sdk/event/}): one JSON event per
 * line, {@code kind} = {@code SystemPromptEvent} (system prompt and tools), {@code MessageEvent} ({@code llm_message}),
 * {@code ActionEvent} ({@code tool_call}; the calls of one model response share {@code llm_response_id} and form one
 * step, as the SDK's {@code events_to_messages} does), {@code ObservationEvent} / {@code AgentErrorEvent} /
 * {@code UserRejectObservation} (the result, matched by {@code tool_call_id}); state updates and other events are
 * not part of the chat.
 */
final class OpenHandsFormat {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** The SDK's {@code Observation.ERROR_MESSAGE_HEADER}, prepended to an observation with {@code is_error}. */
    static final String ERROR_HEADER = "[An error occurred during execution.]\n";

    private OpenHandsFormat() {
    }

    static Draft v0(String label, String stem, JsonNode root, Integer line) {
        Where where = new Where(label, line);
        JsonNode events = root;
        String id = stem;
        if (root.isObject() && root.path("history").isArray()) {
            events = root.get("history");
            id = root.path("instance_id").asText(stem);
        }
        if (!events.isArray()) throw where.error(null, "expected a JSON list of OpenHands events");
        Map<Long, JsonNode> byId = new LinkedHashMap<>();
        for (JsonNode e : events) if (e.has("id")) byId.put(e.get("id").asLong(), e);
        List<JsonNode> messages = new ArrayList<>();
        List<JsonNode> tools = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Set<String> seenResponses = new HashSet<>();
        int index = -1;
        for (JsonNode e : events) {
            index++;
            if (!e.isObject()) throw where.error(null, "event " + index + ": expected a JSON object");
            String source = e.path("source").asText("");
            JsonNode tcm = e.get("tool_call_metadata");
            if (e.has("action")) {
                String action = e.get("action").asText();
                if (action.equals("system")) {
                    String content = e.path("args").path("content").asText("");
                    if (!content.isEmpty()) messages.add(ChatWalker.promptMessage("system", content));
                    tools.addAll(SweTools.normalizeAll(e.path("args").get("tools")));
                } else if (source.equals("user") && action.equals("message")) {
                    messages.add(ChatWalker.promptMessage("user", e.path("args").path("content").asText(e.path("message").asText(""))));
                } else if (source.equals("agent") && tcm != null && tcm.isObject()) {
                    String respId = tcm.path("model_response").path("id").asText("");
                    if (!respId.isEmpty() && !seenResponses.add(respId)) continue; // later calls of the same response
                    messages.add(v0Assistant(e, action, tcm));
                } else if (source.equals("agent") && action.equals("message")) {
                    messages.add(F.objectNode().put("role", "assistant").put("content", e.path("args").path("content").asText("")));
                }
                // everything else (change_agent_state, recall, environment actions, …) is not part of the chat
            } else if (e.has("observation") && e.has("cause")) {
                JsonNode cause = byId.get(e.get("cause").asLong());
                JsonNode ctcm = cause == null ? null : cause.get("tool_call_metadata");
                if (ctcm == null || !ctcm.isObject()) continue; // answers a non-tool event (recall, state change)
                messages.add(F.objectNode().put("role", "tool").put("tool_call_id", ctcm.path("tool_call_id").asText(""))
                        .put("content", openHandsObservationText(e)));
            }
        }
        ChatWalker.Result r = ChatWalker.walk(messages, ActionStyle.TOOL_CALLS, m -> List.of(), where);
        warnings.addAll(r.warnings());
        if (tools.isEmpty()) tools.addAll(SweTools.openHandsDefaults());
        Map<String, String> meta = new LinkedHashMap<>();
        if (root.isObject()) TrajectoryImporter.putIf(meta, "instance_id", root.path("instance_id"));
        return new Draft(id, new Draft.Source(label, line, SweFormat.OPENHANDS),
                new Draft.Content(ActionFormat.TOOL_CALLS, tools, r.prompt(), r.steps()), meta, warnings);
    }

    /** The assistant message of a V0 agent action: the raw model response's message, else rebuilt from the event. */
    private static ObjectNode v0Assistant(JsonNode e, String action, JsonNode tcm) {
        JsonNode msg = tcm.path("model_response").path("choices").path(0).path("message");
        ObjectNode assistant = F.objectNode().put("role", "assistant");
        if (msg.isObject() && msg.path("tool_calls").isArray()) {
            assistant.put("content", ChatWalker.contentText(msg.get("content")));
            assistant.set("tool_calls", msg.get("tool_calls").deepCopy());
        } else {
            // no raw response: rebuild the single call from the event
            assistant.put("content", e.path("args").path("thought").asText(""));
            ObjectNode fn = F.objectNode().put("name", tcm.path("function_name").asText(action))
                    .put("arguments", openHandsArguments(action, e.path("args")).toString());
            assistant.putArray("tool_calls").addObject().put("id", tcm.path("tool_call_id").asText(""))
                    .put("type", "function").set("function", fn);
        }
        return assistant;
    }

    private static ObjectNode openHandsArguments(String action, JsonNode args) {
        ObjectNode out = F.objectNode();
        switch (action) {
            case "run" -> {
                out.put("command", args.path("command").asText(""));
                out.put("is_input", args.path("is_input").asBoolean(false) ? "true" : "false");
            }
            case "read" -> {
                out.put("command", "view");
                out.put("path", args.path("path").asText(""));
            }
            case "finish" -> {
                if (args.hasNonNull("final_thought")) out.put("message", args.get("final_thought").asText());
            }
            case "think" -> out.put("thought", args.path("thought").asText(""));
            default -> args.fields().forEachRemaining(f -> {
                if (!f.getKey().equals("thought")) out.set(f.getKey(), f.getValue().deepCopy());
            });
        }
        return out;
    }

    /** What the agent saw: for {@code run}, OpenHands shows prefix + content + suffix (e.g. the exit-code line). */
    private static String openHandsObservationText(JsonNode e) {
        String content = e.path("content").asText("");
        JsonNode md = e.path("extras").path("metadata");
        if (e.path("observation").asText("").equals("run") && md.isObject()) {
            return md.path("prefix").asText("") + content + md.path("suffix").asText("");
        }
        return content;
    }


    /** V1: the events (JSON Lines rows, a JSON list, or an object with {@code events}) as chat messages. */
    static Draft v1(String label, String stem, List<JsonNode> events) {
        Where where = new Where(label, null);
        List<JsonNode> messages = new ArrayList<>();
        List<JsonNode> tools = new ArrayList<>();
        Map<String, String> schemaless = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            JsonNode e = events.get(i);
            if (!e.isObject()) throw where.error(null, "event " + i + ": expected a JSON object");
            switch (e.path("kind").asText("")) {
                case "SystemPromptEvent" -> {
                    String text = e.path("system_prompt").path("text").asText("");
                    String dynamic = e.path("dynamic_context").path("text").asText("");
                    messages.add(ChatWalker.promptMessage("system", dynamic.isEmpty() ? text : text + "\n" + dynamic));
                    tools.addAll(SweTools.normalizeAll(e.get("tools")));
                    schemaless.putAll(v1SchemalessTools(e.get("tools")));
                }
                case "MessageEvent" -> messages.add(v1Message(e));
                case "ActionEvent" -> i = v1Actions(events, i, messages) - 1;
                case "ObservationEvent", "AgentErrorEvent", "UserRejectObservation" -> messages.add(
                        F.objectNode().put("role", "tool").put("tool_call_id", e.path("tool_call_id").asText(""))
                                .put("content", v1ObservationText(e)));
                default -> {
                    // ConversationStateUpdateEvent, Condensation, PauseEvent, …: not part of the chat
                }
            }
        }
        ChatWalker.Result r = ChatWalker.walk(messages, ActionStyle.TOOL_CALLS, m -> List.of(), where);
        List<String> warnings = new ArrayList<>(r.warnings());
        declareSchemaless(schemaless, r.steps(), tools, warnings);
        return new Draft(stem, new Draft.Source(label, null, SweFormat.OPENHANDS_V1),
                new Draft.Content(ActionFormat.TOOL_CALLS, tools, r.prompt(), r.steps()), new LinkedHashMap<>(), warnings);
    }

    /**
     * The tools a SystemPromptEvent lists as serialised ToolDefinitions ({@code kind}, {@code title}, {@code description},
     * {@code action_type}, no parameter schema: openhands-sdk 1.58.2, {@code ToolDefinition} in
     * https://github.com/OpenHands/software-agent-sdk/blob/main/openhands-sdk/openhands/sdk/tool/tool.py): title →
     * description. Entries with a name or a {@code function} are OpenAI tools and are read by {@link SweTools}.
     */
    private static Map<String, String> v1SchemalessTools(JsonNode list) {
        Map<String, String> out = new LinkedHashMap<>();
        if (list == null || !list.isArray()) return out;
        for (JsonNode t : list) {
            if (!t.isObject() || t.has("name") || t.has("function")) continue;
            String title = t.path("title").asText("");
            if (!title.isEmpty()) out.put(title, t.path("description").asText(""));
        }
        return out;
    }

    /** Declares each schema-less tool with its recorded description and a schema inferred from its recorded calls. */
    private static void declareSchemaless(Map<String, String> schemaless, List<Step> steps, List<JsonNode> tools,
                                          List<String> warnings) {
        for (Map.Entry<String, String> t : schemaless.entrySet()) {
            List<JsonNode> args = new ArrayList<>();
            for (Step st : steps) {
                for (ToolCall c : st.toolCalls()) {
                    if (c.name().equals(t.getKey())) args.add(SweTools.parseOrNull(c.arguments()));
                }
            }
            tools.add(SweTools.inferred(t.getKey(), t.getValue(), args));
            warnings.add("tool '" + t.getKey() + "' is declared without a parameter schema; schema inferred from "
                    + args.size() + " recorded call(s)");
        }
    }

    private static ObjectNode v1Message(JsonNode e) {
        JsonNode msg = e.path("llm_message");
        String role = msg.path("role").asText(e.path("source").asText("user").equals("agent") ? "assistant" : "user");
        return F.objectNode().put("role", role).put("content", joinedText(msg.get("content")));
    }

    /** The ActionEvents from {@code start} sharing its {@code llm_response_id} as one assistant message; the next index. */
    private static int v1Actions(List<JsonNode> events, int start, List<JsonNode> messages) {
        JsonNode first = events.get(start);
        String response = first.path("llm_response_id").asText("");
        ObjectNode assistant = F.objectNode().put("role", "assistant").put("content", joinedText(first.get("thought")));
        String reasoning = first.path("reasoning_content").asText("");
        if (!reasoning.isEmpty()) assistant.put("reasoning_content", reasoning);
        ArrayNode calls = assistant.putArray("tool_calls");
        int i = start;
        while (i < events.size() && events.get(i).path("kind").asText("").equals("ActionEvent")
                && events.get(i).path("llm_response_id").asText("").equals(response)) {
            JsonNode e = events.get(i);
            JsonNode tc = e.path("tool_call");
            ObjectNode fn = F.objectNode().put("name", tc.path("name").asText(e.path("tool_name").asText("")));
            JsonNode args = tc.get("arguments");
            fn.put("arguments", args == null || args.isNull() ? "{}" : args.isTextual() ? args.asText() : args.toString());
            calls.addObject().put("id", tc.path("id").asText(e.path("tool_call_id").asText(""))).put("type", "function")
                    .set("function", fn);
            i++;
        }
        messages.add(assistant);
        return i;
    }

    /** What the model saw: the SDK's {@code to_llm_message} text of an observation, error or rejection. */
    private static String v1ObservationText(JsonNode e) {
        return switch (e.path("kind").asText("")) {
            case "AgentErrorEvent" -> e.path("error").asText("");
            case "UserRejectObservation" -> e.path("rejection_reason").asText("");
            default -> {
                JsonNode o = e.path("observation");
                String body = joinedText(o.get("content"));
                yield o.path("is_error").asBoolean(false) ? ERROR_HEADER + "\n" + body : body;
            }
        };
    }

    /** Text parts joined by newlines, as the SDK's string serializer does ({@code llm/message.py}). */
    static String joinedText(JsonNode content) {
        if (content == null || content.isNull()) return "";
        if (!content.isArray()) return ChatWalker.contentText(content);
        List<String> parts = new ArrayList<>();
        for (JsonNode p : content) {
            if (p.isTextual()) parts.add(p.asText());
            else if (p.has("text")) parts.add(p.get("text").asText(""));
        }
        return String.join("\n", parts);
    }
}
