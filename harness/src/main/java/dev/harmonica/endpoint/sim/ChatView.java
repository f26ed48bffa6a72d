package dev.harmonica.endpoint.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.endpoint.Json;
import dev.harmonica.harmony.Message;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * How vLLM's chat endpoint turns parsed harmony messages into an OpenAI chat message (the OpenAI Chat Completions API reference; vLLM vllm/entrypoints/openai/serving_chat.py):
 * {@code analysis} → {@code reasoning}; {@code final} and recipient-less {@code commentary} → {@code content};
 * a {@code commentary} message whose recipient starts with {@code functions.} → a tool call named by the rest of the
 * recipient (so a leaked {@code <|channel|>commentary} stays in the name, F1), arguments as the raw text. A call on
 * the analysis channel (F15) is treated as reasoning.
 */
final class ChatView {
    private ChatView() {
    }

    record View(ObjectNode message, int toolCalls) {
    }

    static View of(List<Message> messages, boolean parallelToolCalls, boolean toolsAllowed, String idSeed) {
        StringBuilder reasoning = new StringBuilder();
        StringBuilder content = new StringBuilder();
        boolean hasReasoning = false;
        boolean hasContent = false;
        ArrayNode calls = Json.array();
        for (Message m : messages) {
            String channel = m.channel();
            String recipient = m.recipient();
            boolean functionCall = recipient != null && recipient.startsWith("functions.") && !"analysis".equals(channel);
            if (functionCall) {
                if (!toolsAllowed || (!parallelToolCalls && calls.size() > 0)) continue;
                ObjectNode c = calls.addObject();
                c.put("id", "call_" + id(idSeed, calls.size()));
                c.put("type", "function");
                ObjectNode fn = c.putObject("function");
                fn.put("name", recipient.substring("functions.".length()));
                fn.put("arguments", m.text());
            } else if ("analysis".equals(channel)) {
                if (hasReasoning) reasoning.append('\n');
                reasoning.append(m.text());
                hasReasoning = true;
            } else {
                content.append(m.text());
                hasContent = true;
            }
        }
        ObjectNode msg = Json.object();
        msg.put("role", "assistant");
        if (hasContent) msg.put("content", content.toString());
        else msg.putNull("content");
        if (hasReasoning) msg.put("reasoning", reasoning.toString());
        if (calls.size() > 0) msg.set("tool_calls", calls);
        return new View(msg, calls.size());
    }

    static String id(String seed, int index) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((seed + "#" + index).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
