package dev.harmonica.scenario.swe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
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
 * Dataset rows in (mostly) OpenAI-messages form (docs/swe.md): generic {@code messages} rows,
 * SWE-smith ({@code messages} with SWE-agent {@code <function=…>} calls in the text), nebius SWE-agent trajectories
 * ({@code trajectory[{role, text, system_prompt, …}]}, the system message's text in {@code system_prompt}),
 * SWE-rebench / SWE-Zero OpenHands rows ({@code trajectory} with native {@code tool_calls} and {@code tools}),
 * CoderForge-style rows whose {@code messages} and {@code tools} columns are JSON text, ShareGPT
 * {@code {from, value}} messages. Text actions are read with the syntax the row's assistant messages use
 * ({@link TextFormats#guess}, default: SWE-agent's last fenced block).
 */
final class MessagesRows {
    /** The columns that may hold the message list, in order of preference. */
    static final List<String> FIELDS = List.of("messages", "trajectory", "conversation", "conversations");

    private MessagesRows() {
    }

    /** The message column of a row (an array, or JSON text holding one), or null. */
    static String messagesField(JsonNode row) {
        for (String k : FIELDS) {
            JsonNode v = list(row.get(k));
            if (v != null && (v.isEmpty() || v.get(0).has("role") || v.get(0).has("from"))) return k;
        }
        return null;
    }

    /** A JSON array, or JSON text holding one (Hugging Face rows often store lists as text); else null. */
    static JsonNode list(JsonNode v) {
        if (v == null) return null;
        if (v.isArray()) return v;
        if (v.isTextual() && v.asText().stripLeading().startsWith("[")) {
            try {
                JsonNode parsed = ChatWalker.JSON.readTree(v.asText());
                return parsed.isArray() ? parsed : null;
            } catch (JsonProcessingException e) {
                return null;
            }
        }
        return null;
    }

    static Draft read(String label, String id, JsonNode row, Integer line) {
        Where where = new Where(label, line);
        String field = messagesField(row);
        if (field == null) {
            throw where.error(null, "missing field 'messages' (a list of {role, content, tool_calls?} objects, or JSON"
                    + " text holding one; 'trajectory', 'conversation' and 'conversations' are accepted too); the row"
                    + " has fields " + TrajectoryImporter.fieldNames(row));
        }
        List<JsonNode> messages = new ArrayList<>();
        for (JsonNode m : list(row.get(field))) messages.add(normalized(m));
        ActionStyle style = ChatWalker.detectStyle(messages);
        ActionFormat format = style == ActionStyle.TOOL_CALLS ? ActionFormat.TOOL_CALLS
                : row.path("trajectory_format").asText("").startsWith("mini-swe-agent") // mini-swe-agent v1 rows
                ? ActionFormat.regex(ActionFormat.MINI_V1_REGEX)
                : TextFormats.guess(messages, ActionFormat.FENCE_LAST);
        ChatWalker.Result r = ChatWalker.walk(messages, style,
                m -> format.extract(ChatWalker.contentText(m.get("content")), name -> null).actions(), where);
        List<String> warnings = new ArrayList<>(r.warnings());
        List<JsonNode> tools = new ArrayList<>(SweTools.normalizeAll(row.get("tools")));
        if (tools.isEmpty()) tools.addAll(defaultTools(r.steps(), format));
        List<Step> steps = format.kind() == ActionFormat.Kind.FUNCTION_XML ? coerceToSchemas(r.steps(), tools) : r.steps();
        Map<String, String> meta = new LinkedHashMap<>();
        for (String k : new String[]{"instance_id", "model", "model_name", "exit_status", "resolved", "target", "repo"}) {
            TrajectoryImporter.putIf(meta, k, row.path(k));
        }
        return new Draft(id, new Draft.Source(label, line, SweFormat.MESSAGES),
                new Draft.Content(format, tools, r.prompt(), steps), meta, warnings);
    }

    /** ShareGPT {@code {from, value}} → {@code {role, content}}; nebius {@code text} / {@code system_prompt} → content. */
    private static JsonNode normalized(JsonNode m) {
        if (!m.isObject()) return m;
        ObjectNode c = null;
        if (!m.has("role") && m.has("from")) {
            c = m.deepCopy();
            c.put("role", switch (m.get("from").asText("")) {
                case "observation", "function", "tool" -> "user";
                default -> m.get("from").asText("");
            });
            c.set("content", m.get("value"));
        }
        if (!m.has("content") && (m.has("text") || m.has("system_prompt"))) {
            if (c == null) c = m.deepCopy();
            JsonNode text = m.get("text");
            c.set("content", text != null && !text.isNull() ? text : m.get("system_prompt"));
        }
        return c == null ? m : c;
    }

    private static List<JsonNode> defaultTools(List<Step> steps, ActionFormat format) {
        boolean openHands = false;
        for (Step s : steps) for (ToolCall c : s.toolCalls()) openHands |= c.name().equals("execute_bash");
        if (format.textActions() && format.kind() != ActionFormat.Kind.FUNCTION_XML) return List.of(SweTools.bash());
        return openHands ? SweTools.openHandsDefaults() : SweTools.sweAgentDefaults();
    }

    /**
     * XML-written arguments are all text; convert each to the type its tool schema declares (integer, number, boolean,
     * array, object) when the text parses as that type, so that e.g. {@code view_range} becomes {@code [1, 20]}.
     */
    private static List<Step> coerceToSchemas(List<Step> steps, List<JsonNode> tools) {
        Map<String, JsonNode> props = new LinkedHashMap<>();
        for (JsonNode t : tools) props.put(SweTools.nameOf(t), SweTools.parametersOf(t));
        List<Step> out = new ArrayList<>();
        for (Step st : steps) {
            List<ToolCall> calls = new ArrayList<>();
            for (ToolCall c : st.toolCalls()) {
                JsonNode schema = props.get(c.name());
                JsonNode args = parse(c.arguments());
                calls.add(schema == null || args == null || !args.isObject() ? c
                        : new ToolCall(c.id(), c.name(), SweTools.coerceToSchema(args, schema).toString()));
            }
            out.add(new Step(st.assistantText(), st.reasoning(), calls, st.observations(), st.inHistory()));
        }
        return out;
    }

    private static JsonNode parse(String text) {
        try {
            return ChatWalker.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
