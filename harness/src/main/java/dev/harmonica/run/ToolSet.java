package dev.harmonica.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.harmonica.harmony.FailureMode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tools declared to the model, and validation of the calls it makes (endpoints.md §6 item 7): the name must be
 * a declared tool, the arguments valid JSON and valid against the tool's JSON schema. Immutable; schemas are
 * compiled once per distinct schema and shared.
 */
public final class ToolSet {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Map<String, Schema> SCHEMA_CACHE = new ConcurrentHashMap<>();

    private final JsonNode tools;
    private final Map<String, JsonNode> parameters;

    private ToolSet(JsonNode tools, Map<String, JsonNode> parameters) {
        this.tools = tools;
        this.parameters = parameters;
    }

    /** From an OpenAI {@code tools} array ({@code {"type":"function","function":{name, description, parameters}}} or flat). */
    public static ToolSet of(JsonNode openAiTools) {
        Map<String, JsonNode> params = new LinkedHashMap<>();
        if (openAiTools != null) {
            for (JsonNode t : openAiTools) {
                JsonNode fn = t.has("function") ? t.get("function") : t;
                params.put(fn.path("name").asText(), fn.get("parameters"));
            }
        }
        return new ToolSet(openAiTools == null ? MAPPER.createArrayNode() : openAiTools, params);
    }

    /** This set plus more tools (a BFCL holdout turn). */
    public ToolSet plus(List<JsonNode> added) {
        if (added.isEmpty()) return this;
        var arr = MAPPER.createArrayNode();
        tools.forEach(arr::add);
        added.forEach(arr::add);
        return of(arr);
    }

    public JsonNode json() {
        return tools;
    }

    public boolean isEmpty() {
        return parameters.isEmpty();
    }

    public boolean declares(String name) {
        return parameters.containsKey(name);
    }

    /** The tool name in a harmony recipient, exactly: {@code functions.x} → {@code x}; any other recipient as is. */
    public static String strictName(String recipient) {
        return recipient.startsWith("functions.") ? recipient.substring("functions.".length()) : recipient;
    }

    /**
     * The lenient reading of a recipient or chat tool name: leaked {@code <|…|>} suffixes and anything after
     * whitespace cut, the {@code functions.} prefix accepted.
     */
    public static String lenientName(String recipient) {
        String s = recipient.strip();
        int special = s.indexOf("<|");
        if (special >= 0) s = s.substring(0, special);
        int ws = indexOfWhitespace(s);
        if (ws >= 0) s = s.substring(0, ws);
        if (s.startsWith("functions.")) s = s.substring("functions.".length());
        return s;
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) if (Character.isWhitespace(s.charAt(i))) return i;
        return -1;
    }

    /** The validation of one call. */
    public record Validation(String name, String argumentsJson, boolean validName, boolean validJson,
                             boolean schemaValid, List<String> schemaErrors) {
        /** The tool-level failure modes of this call. */
        public List<String> failureModes() {
            List<String> out = new ArrayList<>(3);
            if (!validName) out.add(FailureMode.UNKNOWN_TOOL.code());
            if (!validJson) out.add(FailureMode.INVALID_JSON_ARGUMENTS.code());
            else if (validName && !schemaValid) out.add(FailureMode.SCHEMA_MISMATCH.code());
            return out;
        }
    }

    /**
     * Validates one call. {@code rawName} is the tool name as the model wrote it ({@code functions.} prefix already
     * removed in the strict way); the name is valid only if declared exactly. {@code lenient}: the name used for
     * execution is {@link #lenientName} of it when that is declared.
     */
    public Validation validate(String rawName, String argumentsJson, boolean lenient) {
        boolean validName = declares(rawName);
        String name = rawName;
        if (!validName && lenient) {
            String l = lenientName(rawName);
            if (declares(l)) name = l;
        }
        String args = argumentsJson == null || argumentsJson.isBlank() ? "{}" : argumentsJson;
        JsonNode parsed;
        try {
            parsed = MAPPER.readTree(args);
        } catch (JsonProcessingException e) {
            parsed = null;
        }
        boolean validJson = parsed != null && parsed.isObject();
        boolean schemaValid = false;
        List<String> errors = List.of();
        if (validJson && declares(name)) {
            JsonNode schemaNode = parameters.get(name);
            if (schemaNode == null || schemaNode.isNull()) {
                schemaValid = true;
            } else {
                Schema schema = SCHEMA_CACHE.computeIfAbsent(schemaNode.toString(), k -> REGISTRY.getSchema(schemaNode));
                List<Error> errs = schema.validate(parsed);
                schemaValid = errs.isEmpty();
                if (!schemaValid) {
                    List<String> msgs = new ArrayList<>(errs.size());
                    for (Error e : errs) msgs.add(e.getMessage());
                    errors = msgs;
                }
            }
        }
        return new Validation(name, argumentsJson, validName, validJson, schemaValid, errors);
    }

    /**
     * Chat-mode {@code tool_choice} and {@code parallel_tool_calls} checks on one turn's calls (endpoints.md §1.1).
     */
    public static List<String> toolChoiceModes(JsonNode toolChoice, Boolean parallelToolCalls, List<String> calledNames) {
        List<String> out = new ArrayList<>(2);
        if (toolChoice != null) {
            if (toolChoice.isTextual()) {
                switch (toolChoice.textValue()) {
                    case "required" -> {
                        if (calledNames.isEmpty()) out.add(FailureMode.TOOL_CHOICE_REQUIRED_NO_CALL.code());
                    }
                    case "none" -> {
                        if (!calledNames.isEmpty()) out.add(FailureMode.TOOL_CHOICE_NONE_CALLED.code());
                    }
                    default -> {
                    }
                }
            } else {
                String named = toolChoice.path("function").path("name").asText(null);
                if (named != null && !calledNames.contains(named)) out.add(FailureMode.TOOL_CHOICE_NAMED_NOT_CALLED.code());
            }
        }
        if (Boolean.FALSE.equals(parallelToolCalls) && calledNames.size() > 1) {
            out.add(FailureMode.PARALLEL_CALLS_DISALLOWED.code());
        }
        return out;
    }
}
