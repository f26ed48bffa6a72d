package dev.harmonica.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.regex.Pattern;

/**
 * The measured differences between Harmonica's completions prompt and a server's rendering of the chat request
 * Harmonica sends for the same conversation, each with who is right per openai-harmony 0.0.8. The tests apply them
 * explicitly (and check that they still occur), so that any other difference fails.
 *
 * <ol>
 *   <li><b>The recorded thought beside a call</b> (SWE replay, a step with text and a call but no recorded reasoning):
 *       completions mode renders the text as an {@code analysis} message (run/Conversation, "the thought"); chat mode
 *       sends it as the assistant {@code content}, which every gpt-oss server renders as a {@code commentary}
 *       preamble (vLLM {@code parse_chat_input_to_harmony_message}; the test template likewise). Both are valid
 *       harmony; the two modes replay different prompts for the same step. Applied here: such content moves to
 *       {@code reasoning}, i.e. what completions mode renders.</li>
 *   <li><b>llama.cpp reads {@code reasoning_content}, not {@code reasoning}</b>, from input messages: the
 *       {@code reasoning} field Harmonica sends back (vLLM's name) is silently dropped by llama-server b11434, so in
 *       chat mode against llama.cpp the model never sees its earlier reasoning. Applied here (llama.cpp only): the
 *       reasoning is sent under both names.</li>
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

    /** The chat request as completions mode means it: deviations 1 and (for llama.cpp) 2 applied. */
    static JsonNode asCompletionsMeansIt(JsonNode chatRequest, TinyServer.Kind kind) {
        ObjectNode q = chatRequest.deepCopy();
        for (JsonNode n : q.path("messages")) {
            ObjectNode m = (ObjectNode) n;
            if (hasThoughtBesideCall(m)) {
                m.put("reasoning", m.path("content").asText());
                m.putNull("content");
            }
            if (kind == TinyServer.Kind.LLAMA && m.hasNonNull("reasoning") && !m.has("reasoning_content")) {
                m.set("reasoning_content", m.get("reasoning"));
            }
        }
        return q;
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
