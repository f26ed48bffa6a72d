package dev.harmonica.harmony.parse;

/**
 * One tool call found in parsed harmony messages (vLLM vllm/entrypoints/harmony_utils.py, rule L9): an assistant message with a
 * recipient, on any channel.
 *
 * @param messageIndex index of the message in the parsed list
 * @param recipient    the recipient as parsed, e.g. {@code functions.get_weather}
 * @param namespace    text before the first {@code .} ({@code functions}, {@code browser}, {@code python}…), or null
 *                     for a bare name
 * @param name         the tool name: the recipient without its namespace
 * @param channel      the message channel (null when absent); calls are recognised on every channel
 * @param contentType  e.g. {@code <|constrain|>json}, {@code json}, {@code code}, or null
 * @param arguments    the message text, as written
 * @param jsonExpected whether the arguments should be JSON (content type absent or containing {@code json})
 * @param jsonError    null when the arguments are valid JSON (or JSON is not expected); otherwise the parser message
 * @param incomplete   the JSON ended before it was complete (typical of truncation at max_tokens)
 */
public record ToolCall(int messageIndex, String recipient, String namespace, String name, String channel,
                       String contentType, String arguments, boolean jsonExpected, String jsonError,
                       boolean incomplete) {

    /** A function call: namespace {@code functions}, or a bare name (vLLM Chat Completions counts those too). */
    public boolean isFunction() {
        return namespace == null || namespace.equals("functions");
    }

    /** Whether the arguments are valid JSON (always true when JSON is not expected). */
    public boolean argumentsValid() {
        return jsonError == null;
    }
}
