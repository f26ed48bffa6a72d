package dev.harmonica.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harmonica.harmony.FailureMode;
import dev.harmonica.scenario.schema.ToolValidator;

import java.util.ArrayList;
import java.util.List;

/**
 * The tools declared to the model (the OpenAI {@code tools} JSON the conversation renders) and their
 * {@link ToolValidator}. Immutable.
 */
public final class ToolSet {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final JsonNode tools;
    private final ToolValidator validator;

    private ToolSet(JsonNode tools, ToolValidator validator) {
        this.tools = tools;
        this.validator = validator;
    }

    /** From an OpenAI {@code tools} array ({@code {"type":"function","function":{name, description, parameters}}} or flat). */
    public static ToolSet of(JsonNode openAiTools) {
        JsonNode t = openAiTools == null ? MAPPER.createArrayNode() : openAiTools;
        return new ToolSet(t, ToolValidator.of(t));
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
        return validator.isEmpty();
    }

    public ToolValidator validator() {
        return validator;
    }

    /**
     * Chat-mode {@code tool_choice} and {@code parallel_tool_calls} checks on one turn's calls (the OpenAI Chat Completions API reference).
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
