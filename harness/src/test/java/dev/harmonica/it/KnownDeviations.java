package dev.harmonica.it;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.regex.Pattern;

/**
 * The measured differences between Harmonica's completions prompt and a server's rendering of the chat request
 * Harmonica sends for the same conversation, each with who is right per openai-harmony 0.0.8. The tests apply them
 * explicitly (and check that they still occur), so that any other difference fails; fixed ones are guarded.
 *
 * <ol>
 *   <li><b>Fixed: the recorded thought beside a call</b> (SWE replay, a step with text and a call but no recorded
 *       reasoning): completions mode rendered the text as {@code analysis}, chat mode sent it as {@code content},
 *       which servers render as a {@code commentary} preamble. Chat mode now sends it as the reasoning too
 *       (run/Conversation); {@link #anyThoughtBesideCall} guards against its return.</li>
 *   <li><b>Fixed: llama.cpp reads {@code reasoning_content}, not {@code reasoning}</b>, from input messages: chat mode
 *       now sends the reasoning under both names; {@link #reasoningUnderBothNames} guards it.</li>
 *   <li><b>vLLM 0.32.0's tool-result header</b> (chat endpoint only): vLLM renders with oss-harmony 0.0.11, which
 *       writes {@code <|start|>functions.f<|channel|>commentary to=assistant<|message|>}; openai-harmony 0.0.8 (and
 *       Harmonica, and the chat template) writes {@code <|start|>functions.f to=assistant<|channel|>commentary
 *       <|message|>}. vLLM rewrites the assistant call headers back to the 0.0.8 shape
 *       ({@code _use_legacy_tool_call_headers}) but not the tool-result ones. Harmonica is right per 0.0.8. Applied
 *       here: the server's text is rewritten to the 0.0.8 shape before comparing.</li>
 *   <li><b>The content type of a call in the history</b>: Harmonica replays a recorded call as
 *       {@code <|start|>assistant to=functions.f<|channel|>commentary <|constrain|>json<|message|>}, the form of the
 *       harmony format guide (openai/harmony {@code docs/format.md}) and of what gpt-oss itself writes; vLLM writes
 *       {@code commentary json} without {@code <|constrain|>} (its comment: "Officially, this should be
 *       {@code <|constrain|>json} but there is not clear evidence that improves accuracy"), and the test chat template
 *       copies vLLM. openai-harmony 0.0.8 renders whichever content type the message has; Harmonica is right per the
 *       format guide. Applied here: {@code commentary json} in the server's call headers reads as
 *       {@code commentary <|constrain|>json}.</li>
 * </ol>
 */
final class KnownDeviations {
    private static final Pattern TOOL_HEADER_0_0_11 = Pattern.compile(
            "<\\|start\\|>(functions\\.[^<\\s]+)<\\|channel\\|>commentary to=assistant<\\|message\\|>");

    private static final Pattern CALL_HEADER_JSON = Pattern.compile(
            "(<\\|start\\|>assistant to=functions\\.[^<\\s]+<\\|channel\\|>commentary) json<\\|message\\|>");

    private KnownDeviations() {
    }

    /** Whether an assistant message has calls and text beside them but no reasoning (deviation 1). */
    static boolean hasThoughtBesideCall(JsonNode message) {
        return message.path("role").asText().equals("assistant") && message.path("tool_calls").size() > 0
                && !message.path("content").asText("").isBlank() && !hasReasoning(message);
    }

    private static boolean hasReasoning(JsonNode m) {
        return !m.path("reasoning").asText("").isBlank() || !m.path("reasoning_content").asText("").isBlank();
    }

    /** Whether a chat request has a message {@link #hasThoughtBesideCall}. */
    static boolean anyThoughtBesideCall(JsonNode chatRequest) {
        for (JsonNode m : chatRequest.path("messages")) if (hasThoughtBesideCall(m)) return true;
        return false;
    }

    /** Whether every assistant message of a chat request that has reasoning sends it as both fields (fixed deviation 2). */
    static boolean reasoningUnderBothNames(JsonNode chatRequest) {
        for (JsonNode m : chatRequest.path("messages")) {
            if (hasReasoning(m) && !m.path("reasoning").asText("").equals(m.path("reasoning_content").asText(""))) {
                return false;
            }
        }
        return true;
    }

    /** A server's prompt text with call headers as Harmonica writes them (deviation 4). */
    static String withConstrainedCallHeaders(String text) {
        return CALL_HEADER_JSON.matcher(text).replaceAll("$1 <|constrain|>json<|message|>");
    }

    /** Whether a prompt text has a call header with {@code commentary json}. */
    static boolean hasUnconstrainedCallHeader(String text) {
        return CALL_HEADER_JSON.matcher(text).find();
    }

    /** vLLM's prompt text with its tool-result headers in openai-harmony 0.0.8's shape (deviation 3). */
    static String withHarmony008ToolHeaders(String text) {
        return TOOL_HEADER_0_0_11.matcher(text).replaceAll("<|start|>$1 to=assistant<|channel|>commentary<|message|>");
    }

    /** Whether a prompt text has a tool-result header in oss-harmony 0.0.11's shape. */
    static boolean hasToolHeader0011(String text) {
        return TOOL_HEADER_0_0_11.matcher(text).find();
    }
}
