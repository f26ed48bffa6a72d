package dev.harmonica.turn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.harmony.Message;

import java.util.ArrayList;
import java.util.List;

/**
 * A chat-completions assistant message seen as harmony messages (so that chat and completions journals share one
 * shape): reasoning ({@code reasoning} or {@code reasoning_content}) → analysis, each tool call → a commentary
 * message to {@code functions.NAME} with {@code <|constrain|>json}, content → final; and back.
 */
public final class ChatHarmony {
    private ChatHarmony() {
    }

    public static List<Message> toHarmony(JsonNode chatMessage) {
        List<Message> out = new ArrayList<>();
        if (chatMessage == null || chatMessage.isNull()) return out;
        String reasoning = reasoning(chatMessage);
        if (reasoning != null) out.add(Message.text("assistant", reasoning).withChannel("analysis"));
        out.addAll(calls(chatMessage));
        String content = nonEmptyText(chatMessage.get("content"));
        if (content != null) out.add(Message.text("assistant", content).withChannel("final"));
        return out;
    }

    /**
     * The message with its content (or, when {@code content} is false, its reasoning) replaced by {@code recovered}:
     * the lenient reading of a chat answer whose text carried harmony markup.
     */
    static List<Message> replacing(JsonNode chatMessage, boolean content, List<Message> recovered) {
        List<Message> out = new ArrayList<>();
        String reasoning = reasoning(chatMessage);
        if (content) {
            if (reasoning != null) out.add(Message.text("assistant", reasoning).withChannel("analysis"));
        } else {
            out.addAll(recovered);
        }
        out.addAll(calls(chatMessage));
        if (content) {
            out.addAll(recovered);
        } else {
            String text = nonEmptyText(chatMessage.get("content"));
            if (text != null) out.add(Message.text("assistant", text).withChannel("final"));
        }
        return out;
    }

    /**
     * The chat message a lenient server would have returned for these harmony messages: analysis → reasoning, calls
     * → {@code tool_calls} with the given ids, final (and any other text) → content.
     */
    public static ObjectNode toChatMessage(List<Message> messages, List<String> callIds) {
        ObjectNode m = JsonNodeFactory.instance.objectNode().put("role", "assistant");
        StringBuilder reasoning = new StringBuilder();
        StringBuilder content = new StringBuilder();
        int call = 0;
        for (Message x : messages) {
            if (x.recipient() != null && x.recipient().startsWith("functions.")) {
                ObjectNode tc = m.withArray("tool_calls").addObject();
                tc.put("id", call < callIds.size() ? callIds.get(call) : "call_" + call);
                tc.put("type", "function");
                tc.putObject("function").put("name", x.recipient().substring("functions.".length()))
                        .put("arguments", x.text());
                call++;
            } else if ("analysis".equals(x.channel())) {
                reasoning.append(x.text());
            } else {
                content.append(x.text());
            }
        }
        m.put("content", content.length() == 0 ? null : content.toString());
        if (reasoning.length() > 0) m.put("reasoning_content", reasoning.toString());
        return m;
    }

    /** No content, no calls, no reasoning. */
    static boolean isEmpty(JsonNode m) {
        if (m == null || m.isNull()) return true;
        boolean content = m.hasNonNull("content") && !m.get("content").asText().isEmpty();
        boolean calls = m.path("tool_calls").isArray() && !m.get("tool_calls").isEmpty();
        boolean reasoning = m.hasNonNull("reasoning") || m.hasNonNull("reasoning_content");
        return !content && !calls && !reasoning;
    }

    private static List<Message> calls(JsonNode chatMessage) {
        List<Message> out = new ArrayList<>();
        JsonNode calls = chatMessage == null ? null : chatMessage.get("tool_calls");
        if (calls == null || !calls.isArray()) return out;
        for (JsonNode c : calls) {
            JsonNode fn = c.path("function");
            JsonNode args = fn.get("arguments");
            String a = args == null || args.isNull() ? "" : args.isTextual() ? args.textValue() : args.toString();
            out.add(Message.toolCall(fn.path("name").asText(""), a));
        }
        return out;
    }

    private static String reasoning(JsonNode m) {
        return nonEmptyText(m.hasNonNull("reasoning") ? m.get("reasoning") : m.get("reasoning_content"));
    }

    private static String nonEmptyText(JsonNode v) {
        if (v == null || v.isNull()) return null;
        String s = v.asText();
        return s.isEmpty() ? null : s;
    }
}
