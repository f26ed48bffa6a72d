package dev.harmonica.turn;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.harmony.Message;

import java.util.ArrayList;
import java.util.List;

/**
 * What the model did on the replayed turn, as the runner's driving parser saw it.
 *
 * @param parsed whether the turn parsed at all (false: the parser gave up; nothing else is scored)
 * @param calls  the tool calls, in order (names as written, without the {@code functions.} prefix)
 * @param text   the visible text (final/commentary content without a recipient); the scorer reads actions from it in
 *               the recording's text format when the model made no call
 */
public record ModelAction(boolean parsed, List<Call> calls, String text) {
    public ModelAction {
        calls = List.copyOf(calls);
        text = text == null ? "" : text;
    }

    /** One call: name and raw argument text. */
    public record Call(String name, String arguments) {
    }

    /** A turn that did not parse. */
    public static ModelAction unparsed() {
        return new ModelAction(false, List.of(), "");
    }

    public static ModelAction of(String text, Call... calls) {
        return new ModelAction(true, List.of(calls), text);
    }

    /**
     * From parsed harmony messages: a message with a recipient {@code functions.NAME} (or any other recipient, kept
     * as written) is a call; text of recipient-less {@code final}/{@code commentary} messages is the visible text.
     */
    public static ModelAction fromHarmony(List<Message> messages) {
        List<Call> calls = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (Message m : messages) {
            if (m.recipient() != null && !m.recipient().isEmpty() && !m.recipient().equals("all")) {
                String r = m.recipient();
                calls.add(new Call(r.startsWith("functions.") ? r.substring("functions.".length()) : r, m.text()));
            } else if (!"analysis".equals(m.channel()) && "assistant".equals(m.role())) {
                if (text.length() > 0) text.append('\n');
                text.append(m.text());
            }
        }
        return new ModelAction(true, calls, text.toString());
    }

    /**
     * One reply made of several model requests (a step with parallel calls is replayed one call per request): the
     * calls in order, the texts joined by newlines; parsed only when every part parsed.
     */
    public static ModelAction combine(List<ModelAction> parts) {
        List<Call> calls = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        boolean parsed = !parts.isEmpty();
        for (ModelAction p : parts) {
            parsed &= p.parsed();
            calls.addAll(p.calls());
            if (!p.text().isEmpty()) {
                if (text.length() > 0) text.append('\n');
                text.append(p.text());
            }
        }
        return new ModelAction(parsed, calls, text.toString());
    }

    /** From an OpenAI chat-completions assistant message ({@code content}, {@code tool_calls}). */
    public static ModelAction fromChatMessage(JsonNode message) {
        List<Call> calls = new ArrayList<>();
        JsonNode tcs = message.path("tool_calls");
        if (tcs.isArray()) {
            for (JsonNode tc : tcs) {
                JsonNode fn = tc.path("function");
                JsonNode args = fn.get("arguments");
                calls.add(new Call(fn.path("name").asText(""),
                        args == null || args.isNull() ? "" : args.isTextual() ? args.asText() : args.toString()));
            }
        }
        JsonNode content = message.get("content");
        return new ModelAction(true, calls, content == null || content.isNull() ? "" : content.asText(""));
    }
}
