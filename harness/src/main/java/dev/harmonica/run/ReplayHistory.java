package dev.harmonica.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.tools.ToolSet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps a {@link Conversation} equal to the SWE replay prefix of the step being replayed
 * ({@link dev.harmonica.scenario.swe.ReplayPrefix#messages()}, OpenAI chat messages): when the new prefix extends the
 * previous one (nothing newly elided) only the new messages are appended (incremental rendering); otherwise the
 * conversation is rebuilt. The model's own answers never enter it (teacher forcing). Not thread-safe.
 */
final class ReplayHistory {
    private final Variant variant;
    private final RendererFactory renderers;
    private final ToolSet tools;
    private final RunSpec.SystemSetup system;
    private Conversation conv;
    private final List<JsonNode> applied = new ArrayList<>();
    private final Map<String, Conversation.CallForHistory> unanswered = new HashMap<>();
    private final List<Conversation.CallForHistory> unansweredOrder = new ArrayList<>();
    private int assistantMessages;

    ReplayHistory(Variant variant, RendererFactory renderers, ToolSet tools, RunSpec.SystemSetup system) {
        this.variant = variant;
        this.renderers = renderers;
        this.tools = tools;
        this.system = system;
    }

    /** Forgets the conversation: something was appended that no prefix holds; the next {@link #sync} rebuilds. */
    void invalidate() {
        conv = null;
    }

    /** The conversation for {@code prefix}. */
    Conversation sync(List<JsonNode> prefix) {
        if (conv == null || !extendsApplied(prefix)) rebuild(prefix);
        for (int i = applied.size(); i < prefix.size(); i++) {
            apply(prefix.get(i));
            applied.add(prefix.get(i));
        }
        answerPending();
        return conv;
    }

    private boolean extendsApplied(List<JsonNode> prefix) {
        if (prefix.size() < applied.size()) return false;
        for (int i = 0; i < applied.size(); i++) {
            JsonNode a = applied.get(i);
            JsonNode b = prefix.get(i);
            if (a != b && !a.equals(b)) return false;
        }
        for (int i = applied.size(); i < prefix.size(); i++) {
            if (isInstructions(prefix.get(i))) return false; // instructions live in the developer message at the start
        }
        return true;
    }

    private void rebuild(List<JsonNode> prefix) {
        StringBuilder instructions = new StringBuilder();
        for (JsonNode m : prefix) {
            if (isInstructions(m)) {
                if (instructions.length() > 0) instructions.append("\n\n");
                instructions.append(contentText(m));
            }
        }
        conv = Conversation.create(variant, renderers, system);
        conv.setup(tools, instructions.length() == 0 ? null : instructions.toString());
        applied.clear();
        unanswered.clear();
        unansweredOrder.clear();
        assistantMessages = 0;
    }

    private static boolean isInstructions(JsonNode m) {
        String role = m.path("role").asText();
        return role.equals("system") || role.equals("developer");
    }

    private void apply(JsonNode m) {
        String role = m.path("role").asText();
        switch (role) {
            case "system", "developer" -> {
                // already in the instructions
            }
            case "tool" -> {
                Conversation.CallForHistory call = unanswered.remove(m.path("tool_call_id").asText(""));
                if (call == null) {
                    call = new Conversation.CallForHistory(m.path("tool_call_id").asText("call"),
                            m.path("name").asText(""), "");
                } else {
                    unansweredOrder.remove(call);
                }
                conv.toolResult(call, contentText(m));
            }
            case "assistant" -> {
                answerPending();
                JsonNode r = m.hasNonNull("reasoning_content") ? m.get("reasoning_content") : m.get("reasoning");
                String reasoning = r == null || r.isNull() ? null : r.asText();
                JsonNode c = m.get("content");
                String text = c == null || c.isNull() ? null : contentText(m);
                List<Conversation.CallForHistory> calls = new ArrayList<>();
                JsonNode tcs = m.path("tool_calls");
                for (int i = 0; i < tcs.size(); i++) {
                    JsonNode tc = tcs.get(i);
                    String id = tc.path("id").isTextual() && !tc.path("id").asText().isEmpty() ? tc.get("id").asText()
                            : "call_" + assistantMessages + "_" + i;
                    JsonNode args = tc.path("function").get("arguments");
                    Conversation.CallForHistory call = new Conversation.CallForHistory(id,
                            tc.path("function").path("name").asText(""),
                            args == null || args.isNull() ? "" : args.isTextual() ? args.textValue() : args.toString());
                    calls.add(call);
                    unanswered.put(id, call);
                    unansweredOrder.add(call);
                }
                conv.recordedAssistant(reasoning, text, calls);
                assistantMessages++;
            }
            default -> {
                answerPending();
                conv.user(contentText(m));
            }
        }
    }

    /** A recorded call without a recorded observation gets an empty result before the conversation moves on. */
    private void answerPending() {
        for (Conversation.CallForHistory c : unansweredOrder) conv.toolResult(c, "");
        unansweredOrder.clear();
        unanswered.clear();
    }

    static String contentText(JsonNode m) {
        JsonNode c = m.get("content");
        if (c == null || c.isNull()) return "";
        if (c.isTextual()) return c.textValue();
        if (c.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : c) if (part.has("text")) sb.append(part.get("text").asText());
            return sb.toString();
        }
        return c.toString();
    }
}
