package dev.harmonica.scenario.swe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tool schemas for SWE scenarios (docs/swe.md): the scaffolds' default tools (used only when a trajectory
 * does not record its own), a reader for SWE-agent's {@code command_docs} text, OpenAI tool-JSON normalisation, and a
 * last-resort schema inferred from recorded calls. All methods are pure and return fresh nodes.
 */
public final class SweTools {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private SweTools() {
    }

    /** mini-swe-agent's single tool. */
    public static ObjectNode bash() {
        ObjectNode props = F.objectNode();
        props.set("command", prop("string", "The bash command to execute"));
        return tool("bash", "Execute a bash command", props, "command");
    }

    /** SWE-agent's default tool set: {@code bash}, {@code str_replace_editor}, {@code submit}. */
    public static List<JsonNode> sweAgentDefaults() {
        ObjectNode bashProps = F.objectNode();
        bashProps.set("command", prop("string", "The bash command to run in the repository's shell."));
        return List.of(
                tool("bash", "Run a bash command in the current shell.", bashProps, "command"),
                strReplaceEditor(false),
                tool("submit", "Submit the current changes as the final answer.", F.objectNode()));
    }

    /**
     * OpenHands CodeAct defaults: {@code execute_bash}, {@code str_replace_editor}, {@code finish},
     * {@code think}. Version drift: fields that newer OpenHands added as required ({@code security_risk},
     * {@code finish.message}) are declared but not required, so that older recordings validate.
     */
    public static List<JsonNode> openHandsDefaults() {
        ObjectNode bashProps = F.objectNode();
        bashProps.set("command", prop("string", "The bash command to execute."));
        ObjectNode isInput = prop("string", "Whether the command is input to the running process.");
        isInput.set("enum", F.arrayNode().add("true").add("false"));
        bashProps.set("is_input", isInput);
        bashProps.set("timeout", prop("number", "Hard timeout in seconds."));
        bashProps.set("security_risk", securityRisk());
        ObjectNode finishProps = F.objectNode();
        finishProps.set("message", prop("string", "Final message to the user."));
        ObjectNode thinkProps = F.objectNode();
        thinkProps.set("thought", prop("string", "The thought to log."));
        return List.of(
                tool("execute_bash", "Execute a bash command in the terminal.", bashProps, "command"),
                strReplaceEditor(true),
                tool("finish", "Signal that the task is complete.", finishProps),
                tool("think", "Log a thought without acting.", thinkProps, "thought"));
    }

    private static ObjectNode securityRisk() {
        ObjectNode p = prop("string", "Risk level of the action.");
        p.set("enum", F.arrayNode().add("LOW").add("MEDIUM").add("HIGH"));
        return p;
    }

    private static ObjectNode strReplaceEditor(boolean withSecurityRisk) {
        ObjectNode props = F.objectNode();
        ObjectNode command = prop("string", "The editor command to run.");
        command.set("enum", F.arrayNode().add("view").add("create").add("str_replace").add("insert").add("undo_edit"));
        props.set("command", command);
        props.set("path", prop("string", "Absolute path to the file or directory."));
        props.set("file_text", prop("string", "Content of the file to create (create)."));
        props.set("old_str", prop("string", "Exact text to replace (str_replace)."));
        props.set("new_str", prop("string", "Replacement text (str_replace) or text to insert (insert)."));
        props.set("insert_line", prop("integer", "Line after which to insert (insert)."));
        ObjectNode range = prop("array", "Line range to show, e.g. [11, 12] or [start, -1] (view).");
        range.set("items", F.objectNode().put("type", "integer"));
        props.set("view_range", range);
        if (withSecurityRisk) props.set("security_risk", securityRisk());
        return tool("str_replace_editor", "View, create and edit files.", props, "command", "path");
    }

    private static ObjectNode prop(String type, String description) {
        return F.objectNode().put("type", type).put("description", description);
    }

    static ObjectNode tool(String name, String description, ObjectNode properties, String... required) {
        ObjectNode params = F.objectNode();
        params.put("type", "object");
        params.set("properties", properties);
        ArrayNode req = F.arrayNode();
        for (String r : required) req.add(r);
        params.set("required", req);
        ObjectNode fn = F.objectNode();
        fn.put("name", name);
        fn.put("description", description);
        fn.set("parameters", params);
        ObjectNode t = F.objectNode();
        t.put("type", "function");
        t.set("function", fn);
        return t;
    }

    /** The tool's name, from OpenAI tool JSON or a bare {@code {name, parameters}} object ("" when absent). */
    public static String nameOf(JsonNode tool) {
        JsonNode fn = tool.has("function") ? tool.get("function") : tool;
        return fn.path("name").asText("");
    }

    /** The tool's {@code parameters} schema (an empty object schema when absent). */
    public static JsonNode parametersOf(JsonNode tool) {
        JsonNode fn = tool.has("function") ? tool.get("function") : tool;
        JsonNode p = fn.get("parameters");
        if (p == null || p.isNull()) return F.objectNode().put("type", "object");
        return p;
    }

    /**
     * Normalises a recorded tool to OpenAI tool JSON. Accepts {@code {"type":"function","function":{…}}} and a bare
     * {@code {name, description, parameters}}; returns null when there is no name.
     */
    public static ObjectNode normalize(JsonNode tool) {
        if (tool == null || !tool.isObject()) return null;
        JsonNode fn = tool.has("function") && tool.get("function").isObject() ? tool.get("function") : tool;
        String name = fn.path("name").asText("");
        if (name.isEmpty()) return null;
        ObjectNode out = F.objectNode();
        out.put("type", "function");
        ObjectNode f = F.objectNode();
        f.put("name", name);
        if (fn.has("description")) f.set("description", fn.get("description").deepCopy());
        f.set("parameters", parametersOf(tool).deepCopy());
        out.set("function", f);
        return out;
    }

    /** Normalises a list of recorded tools (a JSON array, or a JSON string holding one); empty when absent. */
    public static List<JsonNode> normalizeAll(JsonNode tools) {
        List<JsonNode> out = new ArrayList<>();
        if (tools == null || tools.isNull()) return out;
        JsonNode arr = tools;
        if (tools.isTextual()) {
            try {
                arr = JSON.readTree(tools.asText());
            } catch (Exception e) {
                return out;
            }
        }
        if (!arr.isArray()) return out;
        for (JsonNode t : arr) {
            ObjectNode n = normalize(t);
            if (n != null) out.add(n);
        }
        return out;
    }

    private static final Pattern DOC_TOOL = Pattern.compile("^([A-Za-z_][\\w.-]*):\\s*$");
    private static final Pattern DOC_ARG = Pattern.compile(
            "^\\s+-\\s+(\\S+)\\s+\\((\\w+)\\)\\s+\\[(required|optional)\\]:\\s?(.*)$");
    private static final Pattern DOC_KEY = Pattern.compile("^\\s{2}(docstring|signature|arguments):\\s?(.*)$");

    /**
     * Reads SWE-agent's {@code replay_config.agent.tools.command_docs} text (one block per command: {@code name:},
     * {@code docstring:}, {@code signature:}, {@code arguments:} with lines
     * {@code - name (type) [required|optional]: description}) into OpenAI tools, the way SWE-agent's
     * {@code Command.get_function_calling_tool} builds them (docs/swe.md). Unknown types become strings.
     */
    public static List<JsonNode> fromCommandDocs(String docs) {
        Map<String, ObjectNode> props = new LinkedHashMap<>();
        Map<String, List<String>> required = new LinkedHashMap<>();
        Map<String, StringBuilder> docstrings = new LinkedHashMap<>();
        String current = null;
        String key = null;
        for (String line : docs.split("\r?\n", -1)) {
            Matcher m;
            if ((m = DOC_TOOL.matcher(line)).matches()) {
                current = m.group(1);
                props.put(current, F.objectNode());
                required.put(current, new ArrayList<>());
                docstrings.put(current, new StringBuilder());
                key = null;
            } else if (current == null) {
                continue;
            } else if ((m = DOC_KEY.matcher(line)).matches()) {
                key = m.group(1);
                if (key.equals("docstring")) docstrings.get(current).append(m.group(2));
            } else if ((m = DOC_ARG.matcher(line)).matches() && "arguments".equals(key)) {
                String type = switch (m.group(2)) {
                    case "integer", "number", "boolean", "array", "object", "string" -> m.group(2);
                    default -> "string";
                };
                props.get(current).set(m.group(1), prop(type, m.group(4).trim()));
                if (m.group(3).equals("required")) required.get(current).add(m.group(1));
            } else if ("docstring".equals(key) && !line.isBlank()) {
                docstrings.get(current).append(' ').append(line.trim());
            }
        }
        List<JsonNode> out = new ArrayList<>();
        for (Map.Entry<String, ObjectNode> e : props.entrySet()) {
            out.add(tool(e.getKey(), docstrings.get(e.getKey()).toString().trim(), e.getValue(),
                    required.get(e.getKey()).toArray(new String[0])));
        }
        return out;
    }

    /**
     * A permissive schema for a tool the trajectory used but never declared: the properties seen in the recorded
     * arguments with their JSON types, none required, extra properties allowed. Marked in its description.
     */
    public static ObjectNode inferred(String name, List<JsonNode> recordedArguments) {
        return inferred(name, "(schema inferred by Harmonica from the recorded calls; the trajectory did not declare it)",
                recordedArguments);
    }

    /** Recorded arguments as JSON, or null when they are not valid JSON (inference skips them). */
    static JsonNode parseOrNull(String arguments) {
        try {
            return JSON.readTree(arguments);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** {@link #inferred(String, List)} for a tool the trajectory declared with a description but no parameter schema. */
    public static ObjectNode inferred(String name, String description, List<JsonNode> recordedArguments) {
        ObjectNode props = F.objectNode();
        for (JsonNode args : recordedArguments) {
            if (args == null || !args.isObject()) continue;
            args.fields().forEachRemaining(e -> {
                if (!props.has(e.getKey())) props.set(e.getKey(), F.objectNode().put("type", jsonType(e.getValue())));
            });
        }
        return tool(name, description, props);
    }

    /**
     * Arguments written as text (XML function calls) converted to the types the tool's {@code parameters} schema
     * declares ({@code integer}, {@code number}, {@code boolean}, {@code array}, {@code object}) where the text parses
     * as that type; everything else is kept as is, so schema validation still reports real mismatches.
     */
    public static ObjectNode coerceToSchema(JsonNode args, JsonNode parameters) {
        ObjectNode out = F.objectNode();
        JsonNode props = parameters == null ? F.missingNode() : parameters.path("properties");
        args.fields().forEachRemaining(e -> {
            String type = props.path(e.getKey()).path("type").asText("string");
            JsonNode v = e.getValue();
            if (v.isTextual() && !type.equals("string")) {
                try {
                    JsonNode parsed = JSON.readTree(v.asText().strip());
                    boolean fits = parsed != null && switch (type) {
                        case "integer" -> parsed.isIntegralNumber();
                        case "number" -> parsed.isNumber();
                        case "boolean" -> parsed.isBoolean();
                        case "array" -> parsed.isArray();
                        case "object" -> parsed.isObject();
                        default -> false;
                    };
                    if (fits) v = parsed;
                } catch (IOException ignored) {
                    // not that type: keep the text
                }
            }
            out.set(e.getKey(), v);
        });
        return out;
    }

    private static String jsonType(JsonNode v) {
        if (v.isTextual()) return "string";
        if (v.isIntegralNumber()) return "integer";
        if (v.isNumber()) return "number";
        if (v.isBoolean()) return "boolean";
        if (v.isArray()) return "array";
        if (v.isObject()) return "object";
        return "null";
    }
}
