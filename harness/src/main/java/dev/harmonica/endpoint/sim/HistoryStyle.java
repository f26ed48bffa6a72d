package dev.harmonica.endpoint.sim;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.regex.Pattern;

/**
 * How the conversation history shown to the model renders assistant tool calls: the input of the simulator's
 * hypothesis (see {@link SimModel}). Detected from the prompt text in completions mode; assumed (configured) in chat
 * mode, where the server renders.
 *
 * @param hasToolCalls   the history contains at least one assistant tool call
 * @param recipientFirst some history call is rendered recipient-first ({@code <|start|>assistant to=functions.x<|channel|>commentary},
 *                       openai/harmony v0.0.8) rather than channel-first (what the model itself emits; PR #114)
 * @param bareJson       some history call has the bare content type {@code json} instead of {@code <|constrain|>json}
 */
public record HistoryStyle(boolean hasToolCalls, boolean recipientFirst, boolean bareJson) {
    /** No tool calls in the history: no multiplier applies. */
    public static final HistoryStyle NONE = new HistoryStyle(false, false, false);
    /** What vLLM renders from chat history (harmony v0.0.8 order, bare json; endpoints.md §4.1). */
    public static final HistoryStyle VLLM_CHAT = new HistoryStyle(true, true, true);
    /** Channel-first with {@code <|constrain|>json} (the PR #114 renderer). */
    public static final HistoryStyle CHANNEL_FIRST = new HistoryStyle(true, false, false);

    private static final Pattern RECIPIENT_FIRST = Pattern.compile("<\\|start\\|>assistant to=[^<]*<\\|channel\\|>");
    private static final Pattern CHANNEL_FIRST_CALL = Pattern.compile("<\\|start\\|>assistant<\\|channel\\|>[^<]* to=");
    private static final Pattern BARE_JSON = Pattern.compile("to=[^<]*(<\\|channel\\|>\\S+)? json<\\|message\\|>");

    /** Detects the style from a rendered prompt (special tokens as their names). */
    public static HistoryStyle detect(String promptText) {
        if (promptText == null || promptText.isEmpty()) return NONE;
        boolean rf = RECIPIENT_FIRST.matcher(promptText).find();
        boolean cf = CHANNEL_FIRST_CALL.matcher(promptText).find();
        if (!rf && !cf) return NONE;
        return new HistoryStyle(true, rf, BARE_JSON.matcher(promptText).find());
    }

    /** Chat mode: the configured assumption when the chat history has an assistant message with tool calls. */
    public static HistoryStyle forChat(HistoryStyle assumption, JsonNode messages) {
        if (messages == null || !messages.isArray()) return NONE;
        for (JsonNode m : messages) {
            JsonNode tc = m.get("tool_calls");
            if ("assistant".equals(m.path("role").asText()) && tc != null && tc.isArray() && tc.size() > 0) {
                return assumption;
            }
        }
        return NONE;
    }

    /** Parses {@code recipient-first|channel-first}, optionally {@code +bare-json} (e.g. {@code recipient-first+bare-json}). */
    public static HistoryStyle parse(String spec) {
        String s = spec.strip().toLowerCase(java.util.Locale.ROOT);
        boolean bare = s.contains("+bare-json");
        String order = s.replace("+bare-json", "");
        return switch (order) {
            case "recipient-first" -> new HistoryStyle(true, true, bare);
            case "channel-first" -> new HistoryStyle(true, false, bare);
            case "vllm" -> VLLM_CHAT;
            default -> throw new IllegalArgumentException("chat history style '" + spec
                    + "': expected recipient-first, channel-first or vllm (optionally +bare-json)");
        };
    }

    @Override
    public String toString() {
        if (!hasToolCalls) return "none";
        return (recipientFirst ? "recipient-first" : "channel-first") + (bareJson ? "+bare-json" : "");
    }
}
