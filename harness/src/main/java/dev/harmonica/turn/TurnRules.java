package dev.harmonica.turn;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.tools.ToolSet;

import java.util.Objects;

/**
 * What a turn is judged against: the tools declared to the model and, in chat modes, the request's
 * {@code tool_choice} and {@code parallel_tool_calls}.
 *
 * @param tools             the declared tools
 * @param chat              the server parsed the output itself ({@code chat} / {@code chat-stream})
 * @param toolChoice        chat: {@code "auto"|"required"|"none"} or {@code {"type":"function",...}}, or null
 * @param parallelToolCalls chat: null when not sent
 */
public record TurnRules(ToolSet tools, boolean chat, JsonNode toolChoice, Boolean parallelToolCalls) {
    public TurnRules {
        Objects.requireNonNull(tools, "tools");
    }

    public static TurnRules completions(ToolSet tools) {
        return new TurnRules(tools, false, null, null);
    }
}
