package dev.harmonica.endpoint.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.harmony.HarmonyEncoding;

import java.util.Locale;
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
    /** What vLLM renders from chat history (harmony v0.0.8 order, bare json; vLLM vllm/entrypoints/openai/serving_chat.py). */
    public static final HistoryStyle VLLM_CHAT = new HistoryStyle(true, true, true);
    /** Channel-first with {@code <|constrain|>json} (the PR #114 renderer). */
    public static final HistoryStyle CHANNEL_FIRST = new HistoryStyle(true, false, false);

    private static final Pattern RECIPIENT_FIRST = Pattern.compile("<\\|start\\|>assistant to=[^<]*<\\|channel\\|>");
    private static final Pattern CHANNEL_FIRST_CALL = Pattern.compile("<\\|start\\|>assistant<\\|channel\\|>[^<]* to=");
    private static final Pattern BARE_JSON = Pattern.compile("to=[^<]*(<\\|channel\\|>\\S+)? json<\\|message\\|>");

    /** Detects the style from a rendered prompt (special tokens as their names); see {@link #detect(int[])}. */
    public static HistoryStyle detect(String promptText) {
        if (promptText == null || promptText.isEmpty()) return NONE;
        return detect(HarmonyEncoding.get().encodeWithSpecials(promptText));
    }

    /**
     * Detects the style from a rendered prompt's token ids. Only the assistant message headers are looked at
     * ({@code <|start|>assistant} up to {@code <|message|>}), so the cost is a scan of the ids plus decoding a few
     * short headers, whatever the prompt's length.
     */
    public static HistoryStyle detect(int[] promptIds) {
        return scan(promptIds).style();
    }

    /** What one pass over a prompt's ids finds: the history style and the number of {@code <|start|>assistant} headers. */
    record Scan(HistoryStyle style, int assistantStarts) {
    }

    private static final int MAX_HEADER_TOKENS = 256;
    private static final int[] ASSISTANT = HarmonyEncoding.get().encodeOrdinary("assistant");

    static Scan scan(int[] ids) {
        HarmonyEncoding enc = HarmonyEncoding.get();
        boolean rf = false;
        boolean cf = false;
        boolean bare = false;
        int assistants = 0;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] != HarmonyEncoding.START || !startsWith(ids, i + 1, ASSISTANT)) continue;
            assistants++;
            int limit = Math.min(ids.length, i + 1 + MAX_HEADER_TOKENS);
            int j = i + 1;
            while (j < limit && !endsHeader(ids[j])) j++;
            if (j < ids.length && ids[j] == HarmonyEncoding.MESSAGE) j++;
            if (j - i <= 1 + ASSISTANT.length) continue; // the generation prompt's bare "<|start|>assistant"
            // "assistant<|channel|>…" can only be channel-first, "assistant to=…" only recipient-first: decode the
            // header only when it can still change an answer
            boolean channelNext = ids[i + 1 + ASSISTANT.length] == HarmonyEncoding.CHANNEL;
            if (bare && (channelNext ? cf : rf)) {
                i = j - 1;
                continue;
            }
            String header = enc.decode(ids, i, j);
            if (channelNext) cf |= CHANNEL_FIRST_CALL.matcher(header).lookingAt();
            else rf |= RECIPIENT_FIRST.matcher(header).lookingAt();
            bare |= BARE_JSON.matcher(header).find();
            i = j - 1;
        }
        HistoryStyle style = !rf && !cf ? NONE : new HistoryStyle(true, rf, bare);
        return new Scan(style, assistants);
    }

    private static boolean endsHeader(int id) {
        return id == HarmonyEncoding.MESSAGE || id == HarmonyEncoding.START || id == HarmonyEncoding.END
                || id == HarmonyEncoding.CALL || id == HarmonyEncoding.RETURN;
    }

    private static boolean startsWith(int[] ids, int from, int[] prefix) {
        if (from + prefix.length > ids.length) return false;
        for (int k = 0; k < prefix.length; k++) if (ids[from + k] != prefix[k]) return false;
        return true;
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
        String s = spec.strip().toLowerCase(Locale.ROOT);
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
