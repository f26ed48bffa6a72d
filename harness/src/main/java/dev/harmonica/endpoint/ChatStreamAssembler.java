package dev.harmonica.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Assembles a streamed Chat Completions response (the OpenAI Chat Completions API reference) into the message a non-streaming call returns.
 * Feed it the SSE {@code data:} payloads in order. Content and reasoning ({@code delta.reasoning} or the older
 * {@code delta.reasoning_content}) are concatenated; tool-call deltas are merged BY INDEX (later fragments omit the
 * id); a payload with a top-level {@code error} is recorded as the stream's error. Not thread-safe.
 */
public final class ChatStreamAssembler {
    private final StringBuilder content = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private boolean sawContent;
    private boolean sawReasoning;
    private boolean sawReasoningContentOnly = true;
    private final TreeMap<Integer, ToolCall> calls = new TreeMap<>();
    private String role = "assistant";
    private String finishReason;
    private int promptTokens = -1;
    private int completionTokens = -1;
    private String error;
    private String errorPayload;
    private boolean done;
    private int chunks;

    private static final class ToolCall {
        String id;
        String type;
        final StringBuilder name = new StringBuilder();
        final StringBuilder arguments = new StringBuilder();
    }

    /** Accepts one SSE data payload (already without the {@code data:} prefix). Returns false after {@code [DONE]}. */
    public boolean acceptData(String data) throws Wire.MalformedResponseException {
        if (done) return false;
        String d = data.strip();
        if (d.equals("[DONE]")) {
            done = true;
            return false;
        }
        JsonNode chunk = Json.tryParse(d);
        if (chunk == null || !chunk.isObject()) {
            throw new Wire.MalformedResponseException("stream chunk " + chunks + ": not a JSON object");
        }
        accept(chunk);
        return true;
    }

    /** Accepts one parsed chunk. */
    public void accept(JsonNode chunk) {
        chunks++;
        String err = Wire.errorMessage(chunk);
        if (err != null) {
            if (error == null) {
                error = err;
                errorPayload = Json.write(chunk);
            }
            return;
        }
        JsonNode usage = chunk.get("usage");
        if (usage != null && usage.isObject()) {
            promptTokens = Json.intOr(usage, "prompt_tokens", promptTokens);
            completionTokens = Json.intOr(usage, "completion_tokens", completionTokens);
        }
        JsonNode choices = chunk.get("choices");
        if (choices == null || !choices.isArray()) return;
        for (JsonNode choice : choices) {
            if (choice.path("index").asInt(0) != 0) continue;
            JsonNode fr = choice.get("finish_reason");
            if (fr != null && fr.isTextual()) finishReason = fr.textValue();
            JsonNode delta = choice.get("delta");
            if (delta == null || !delta.isObject()) continue;
            String r = Json.text(delta, "role");
            if (r != null) role = r;
            String c = Json.text(delta, "content");
            if (c != null) {
                content.append(c);
                if (!c.isEmpty()) sawContent = true;
            }
            String rs = Json.text(delta, "reasoning");
            if (rs != null) {
                reasoning.append(rs);
                sawReasoning = true;
                sawReasoningContentOnly = false;
            } else {
                String rc = Json.text(delta, "reasoning_content");
                if (rc != null) {
                    reasoning.append(rc);
                    sawReasoning = true;
                }
            }
            JsonNode tcs = delta.get("tool_calls");
            if (tcs != null && tcs.isArray()) {
                int fallbackIndex = calls.isEmpty() ? 0 : calls.lastKey();
                for (JsonNode tc : tcs) {
                    int index = tc.has("index") ? tc.get("index").asInt() : fallbackIndex;
                    ToolCall call = calls.computeIfAbsent(index, k -> new ToolCall());
                    String id = Json.text(tc, "id");
                    if (id != null && call.id == null) call.id = id;
                    String type = Json.text(tc, "type");
                    if (type != null) call.type = type;
                    JsonNode fn = tc.get("function");
                    if (fn != null && fn.isObject()) {
                        String n = Json.text(fn, "name");
                        if (n != null) call.name.append(n);
                        String a = Json.text(fn, "arguments");
                        if (a != null) call.arguments.append(a);
                    }
                }
            }
        }
    }

    public boolean isDone() {
        return done;
    }

    /** The first error payload seen, or null. */
    public String error() {
        return error;
    }

    /** The first error payload as JSON text, or null. */
    public String errorPayload() {
        return errorPayload;
    }

    public String finishReason() {
        return finishReason;
    }

    public int promptTokens() {
        return promptTokens;
    }

    public int completionTokens() {
        return completionTokens;
    }

    /**
     * The assembled message: {@code role}, {@code content} (null when no content arrived), {@code reasoning} (and
     * {@code reasoning_content} when the server used only that name), and {@code tool_calls} ordered by index.
     */
    public ObjectNode message() {
        ObjectNode m = Json.object();
        m.put("role", role);
        if (sawContent) m.put("content", content.toString());
        else m.putNull("content");
        if (sawReasoning) {
            m.put("reasoning", reasoning.toString());
            if (sawReasoningContentOnly) m.put("reasoning_content", reasoning.toString());
        }
        if (!calls.isEmpty()) {
            ArrayNode arr = m.putArray("tool_calls");
            for (ToolCall c : calls.values()) {
                ObjectNode o = arr.addObject();
                if (c.id != null) o.put("id", c.id);
                o.put("type", c.type == null ? "function" : c.type);
                ObjectNode fn = o.putObject("function");
                fn.put("name", c.name.toString());
                fn.put("arguments", c.arguments.toString());
            }
        }
        return m;
    }

    /** Tool-call indexes seen, in order (for tests and diagnostics). */
    public List<Integer> toolCallIndexes() {
        return new ArrayList<>(calls.keySet());
    }
}
