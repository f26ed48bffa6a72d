package dev.harmonica.harmony.parse;

import dev.harmonica.harmony.Message;

import java.util.List;

/**
 * What a chat client would see of one parsed assistant turn, routed the way vLLM does it (vLLM vllm/entrypoints/harmony_utils.py):
 * {@code analysis} → reasoning; {@code final} → content; {@code commentary} without a recipient → content only when
 * the turn has no {@code final}; every message with a recipient → a tool call (on any channel, rule L9).
 *
 * @param reasoning analysis texts joined by {@code "\n"}; null when there is none
 * @param content   final texts (or recipient-less commentary texts when there is no final) joined by {@code "\n"};
 *                  null when there is none
 * @param toolCalls the tool calls, in order
 */
public record TurnContent(String reasoning, String content, List<ToolCall> toolCalls) {
    public TurnContent {
        toolCalls = List.copyOf(toolCalls);
    }

    public static TurnContent from(List<Message> messages) {
        StringBuilder reasoning = null, fin = null, commentary = null;
        for (Message m : messages) {
            if (!"assistant".equals(m.role()) || m.recipient() != null && !m.recipient().isEmpty()) continue;
            String ch = m.channel();
            if ("analysis".equals(ch)) {
                reasoning = append(reasoning, m.text());
            } else if ("final".equals(ch)) {
                fin = append(fin, m.text());
            } else if ("commentary".equals(ch)) {
                commentary = append(commentary, m.text());
            }
        }
        StringBuilder content = fin != null ? fin : commentary;
        return new TurnContent(reasoning == null ? null : reasoning.toString(),
                content == null ? null : content.toString(), ToolCalls.from(messages));
    }

    private static StringBuilder append(StringBuilder sb, String text) {
        if (sb == null) return new StringBuilder(text);
        return sb.append('\n').append(text);
    }
}
