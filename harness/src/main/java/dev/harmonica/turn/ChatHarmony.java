package dev.harmonica.turn;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.harmony.Message;

import java.util.ArrayList;
import java.util.List;

/**
 * A chat-completions assistant message seen as harmony messages (so that chat and completions journals share one
 * shape): reasoning ({@code reasoning} or {@code reasoning_content}) → analysis, each tool call → a commentary
 * message to {@code functions.NAME} with {@code <|constrain|>json}, content → final.
 */
public final class ChatHarmony {
    private ChatHarmony() {
    }

    public static List<Message> toHarmony(JsonNode chatMessage) {
        List<Message> out = new ArrayList<>();
        if (chatMessage == null || chatMessage.isNull()) return out;
        JsonNode reasoning = chatMessage.hasNonNull("reasoning") ? chatMessage.get("reasoning")
                : chatMessage.get("reasoning_content");
        if (reasoning != null && !reasoning.isNull() && !reasoning.asText().isEmpty()) {
            out.add(Message.text("assistant", reasoning.asText()).withChannel("analysis"));
        }
        JsonNode calls = chatMessage.get("tool_calls");
        if (calls != null && calls.isArray()) {
            for (JsonNode c : calls) {
                JsonNode fn = c.path("function");
                JsonNode args = fn.get("arguments");
                String a = args == null || args.isNull() ? "" : args.isTextual() ? args.textValue() : args.toString();
                out.add(Message.toolCall(fn.path("name").asText(""), a));
            }
        }
        JsonNode content = chatMessage.get("content");
        if (content != null && !content.isNull() && !content.asText().isEmpty()) {
            out.add(Message.text("assistant", content.asText()).withChannel("final"));
        }
        return out;
    }
}
