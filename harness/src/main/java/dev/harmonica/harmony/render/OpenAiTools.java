package dev.harmonica.harmony.render;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.harmony.Content.ToolDescription;
import dev.harmonica.harmony.Content.ToolNamespaceConfig;
import dev.harmonica.harmony.Content;
import dev.harmonica.harmony.Message;
import dev.harmonica.harmony.Utf8Order;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Builds harmony system/developer messages from OpenAI-style requests, the way vLLM does for gpt-oss
 * (vLLM vllm/entrypoints/harmony_utils.py): function tools go into the developer message's {@code functions} namespace
 * ({@code DeveloperContent.with_function_tools}), a missing description becomes {@code ""}, and the parameters
 * schema is kept as given (key order preserved).
 *
 * <pre>{@code
 * JsonNode tools = mapper.readTree("[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",...}}]");
 * List<Message> prompt = List.of(
 *         OpenAiTools.systemMessage(Content.ReasoningEffort.HIGH, "2025-08-05"),
 *         OpenAiTools.developerMessage("Answer using the tools when helpful.", tools),
 *         Message.text("user", "Weather in Paris?"));
 * Rendering r = renderer.renderForCompletion(prompt, "assistant", true);
 * }</pre>
 */
public final class OpenAiTools {
    public static final String FUNCTIONS = "functions";

    private OpenAiTools() {
    }

    /**
     * Converts an OpenAI {@code tools} array. Accepts Chat Completions entries
     * {@code {"type":"function","function":{"name","description","parameters"}}} and the flat Responses-API form
     * {@code {"type":"function","name","description","parameters"}}.
     *
     * @throws IllegalArgumentException naming the entry and field, e.g. {@code tools[2].function.name: expected a string}
     */
    public static List<ToolDescription> functionTools(JsonNode tools) {
        if (tools == null || tools.isNull()) return List.of();
        if (!tools.isArray()) throw new IllegalArgumentException("tools: expected an array of {\"type\":\"function\",...} entries");
        List<ToolDescription> out = new ArrayList<>(tools.size());
        for (int i = 0; i < tools.size(); i++) {
            JsonNode entry = tools.get(i);
            String where = "tools[" + i + "]";
            if (!entry.isObject()) throw new IllegalArgumentException(where + ": expected an object");
            JsonNode type = entry.get("type");
            if (type != null && !type.isNull() && !"function".equals(type.asText())) {
                throw new IllegalArgumentException(where + ".type: only \"function\" tools can be rendered, got " + type);
            }
            JsonNode fn = entry.get("function");
            if (fn != null && !fn.isNull()) {
                if (!fn.isObject()) throw new IllegalArgumentException(where + ".function: expected an object");
                where += ".function";
            } else {
                fn = entry;
            }
            JsonNode name = fn.get("name");
            if (name == null || !name.isTextual() || name.textValue().isEmpty()) {
                throw new IllegalArgumentException(where + ".name: expected a non-empty string");
            }
            JsonNode desc = fn.get("description");
            if (desc != null && !desc.isNull() && !desc.isTextual()) {
                throw new IllegalArgumentException(where + ".description: expected a string");
            }
            JsonNode params = fn.get("parameters");
            out.add(new ToolDescription(name.textValue(), desc == null || desc.isNull() ? "" : desc.textValue(),
                    params == null || params.isNull() ? null : params));
        }
        return out;
    }

    /** {@code DeveloperContent.new().with_instructions(instructions).with_function_tools(tools)}; no tools map when empty. */
    public static Content.DeveloperContent developerContent(String instructions, List<ToolDescription> tools) {
        SortedMap<String, ToolNamespaceConfig> map = null;
        if (tools != null && !tools.isEmpty()) {
            map = new TreeMap<>(Utf8Order.COMPARATOR);
            map.put(FUNCTIONS, new ToolNamespaceConfig(FUNCTIONS, null, tools));
        }
        return new Content.DeveloperContent(instructions, map);
    }

    public static Content.DeveloperContent developerContent(String instructions, JsonNode openAiTools) {
        return developerContent(instructions, functionTools(openAiTools));
    }

    /** A developer message with optional instructions and the OpenAI {@code tools} as function tools. */
    public static Message developerMessage(String instructions, JsonNode openAiTools) {
        return new Message("developer", null, null, null, null, List.of(developerContent(instructions, openAiTools)));
    }

    /** {@code SystemContent.new()} with the given reasoning effort and conversation start date (null: none). */
    public static Content.SystemContent systemContent(Content.ReasoningEffort effort, String conversationStartDate) {
        Content.SystemContent d = Content.SystemContent.defaults();
        return new Content.SystemContent(d.modelIdentity(), effort, null, conversationStartDate, d.knowledgeCutoff(),
                d.channelConfig());
    }

    public static Message systemMessage(Content.ReasoningEffort effort, String conversationStartDate) {
        return systemMessage(systemContent(effort, conversationStartDate));
    }

    public static Message systemMessage(Content.SystemContent content) {
        return new Message("system", null, null, null, null, List.of(content));
    }

    /**
     * An assistant tool call as it goes into history: channel {@code commentary}, recipient
     * {@code functions.NAME}, the given content type ({@code <|constrain|>json} as the model emits it, or
     * {@code json} as vLLM stores it; null for none).
     */
    public static Message toolCall(String functionName, String argumentsJson, String contentType) {
        return new Message("assistant", null, FUNCTIONS + "." + functionName, "commentary", contentType,
                List.of(new Content.Text(argumentsJson)));
    }

    /** A tool result in the documented form: author {@code functions.NAME}, recipient assistant, commentary. */
    public static Message toolResult(String functionName, String output) {
        return new Message("tool", FUNCTIONS + "." + functionName, "assistant", "commentary", null,
                List.of(new Content.Text(output)));
    }
}
