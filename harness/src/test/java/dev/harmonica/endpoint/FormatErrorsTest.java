package dev.harmonica.endpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class FormatErrorsTest {
    /** Messages quoted in docs/endpoint.md; docs/endpoint.md, Fault catalogue (vLLM, SGLang, llama.cpp, Ollama, harmony). */
    @ParameterizedTest
    @ValueSource(strings = {
            "Unknown role: assistant<|channel|>commentary",
            "Unknown role: final",
            "unexpected tokens remaining in message header: Some(\"to=functions.bash\")",
            "unexpected tokens remaining in message header: [\"––commentary\"]",
            "Unexpected token 200002 while expecting start token 200006",
            "Unexpected token 12606 while expecting start token 200006",
            "Unexpected EOS while waiting for message header to complete",
            "channel marker present but no channel value found in header",
            "openai_harmony.HarmonyError: unexpected tokens remaining in message header: Some(\"to=functions.web-browsing\")",
            "Unknown recipient: <|constrain|>functions.get_weather",
            "error parsing tool call: raw='{\"content\":\"a\nb\"}', err=invalid character",
            "The model produced output that does not match the expected peg-native format",
            "Failed to parse input at pos 12"})
    void recognisesHarmonyAndToolCallFormatErrors(String message) {
        assertThat(FormatErrors.isFormatError(message)).isTrue();
    }

    /**
     * llama.cpp b11434 serving gpt-oss (measured with the tiny model, harness/src/test/python/README.md) rejects the
     * model's output with these messages; both are the server refusing what the model wrote, i.e. judged format
     * failures, never retried. Sources: ggml-org/llama.cpp {@code common/chat.cpp} ({@code common_chat_peg_parse}
     * throws "The model produced output that does not match the expected " + format name + " format") and
     * {@code src/llama-grammar.cpp} ({@code llama_grammar_accept_token} throws "Unexpected empty grammar stack after
     * accepting piece: " + piece + " (" + id + ")"), which {@code tools/server/server-context.cpp} sends as
     * "got exception: " + what().
     */
    @ParameterizedTest
    @ValueSource(strings = {
            "The model produced output that does not match the expected peg-native format",
            "got exception: Unexpected empty grammar stack after accepting piece: <|end|> (200007)",
            "got exception: Unexpected empty grammar stack after accepting piece: <|call|> (200012)",
            "Unexpected empty grammar stack after accepting piece: } (92)"})
    void recognisesLlamaCppRejectingTheModelsOutput(String message) {
        assertThat(FormatErrors.isFormatError(message)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "CUDA out of memory",
            "The model `gpt-oss-21b` does not exist.",
            "Unexpected token < in JSON at position 0",
            "rate limit exceeded",
            "`tools` must not be an empty array.",
            // llama.cpp, HTTP 400: the request's grammar could not accept its own prefix; the model wrote nothing
            "Failed to initialize samplers: Unexpected empty grammar stack after accepting piece: assistant (13892)",
            "got exception: std::bad_alloc",
            ""})
    void otherErrorsAreNotFormatErrors(String message) {
        assertThat(FormatErrors.isFormatError(message)).isFalse();
    }

    // --- the same texts as llama.cpp sends them, through the interpreter every transport uses -------------------

    private static final String PEG = "{\"error\":{\"code\":500,\"message\":\"The model produced output that does not"
            + " match the expected peg-native format\",\"type\":\"server_error\"}}";
    private static final String GRAMMAR = "{\"error\":{\"code\":500,\"message\":\"got exception: Unexpected empty grammar"
            + " stack after accepting piece: <|end|> (200007)\",\"type\":\"server_error\"}}";
    private static final String FIRST_CHUNK = "data: {\"choices\":[{\"finish_reason\":null,\"index\":0,\"delta\":"
            + "{\"role\":\"assistant\",\"content\":null}}],\"object\":\"chat.completion.chunk\"}\n\n";

    private static ResponseInterpreter.Outcome chat(int status, String body, boolean sse) {
        return ResponseInterpreter.interpret(ModelRequest.Mode.CHAT, new Answer(status, body, sse, Answer.Headers.NONE),
                false);
    }

    @Test
    void llamaCppHttp500RejectionsAreJudgedTurnsNotRetries() {
        for (String body : new String[] {PEG, GRAMMAR}) {
            ResponseInterpreter.Outcome o = chat(500, body, false);
            assertThat(o).as(body).isInstanceOf(ResponseInterpreter.Turn.class);
            assertThat(((ResponseInterpreter.Turn) o).serverError()).isNotBlank();
            assertThat(((ResponseInterpreter.Turn) o).status()).isEqualTo(500);
        }
    }

    /**
     * Streaming, llama.cpp sends the rejection as an error event inside the 200 stream and then ends the stream
     * without {@code [DONE]} (bytes measured from llama-server b11434): a judged format failure, not a
     * {@code truncated_stream} and not a {@code stream_error}.
     */
    @Test
    void llamaCppStreamRejectionsAreJudgedTurnsNotTruncatedStreams() {
        for (String error : new String[] {PEG, GRAMMAR}) {
            ResponseInterpreter.Outcome o = chat(200, FIRST_CHUNK + "data: " + error + "\n\n", true);
            assertThat(o).as(error).isInstanceOf(ResponseInterpreter.Turn.class);
            assertThat(((ResponseInterpreter.Turn) o).serverError()).isNotBlank();
        }
    }

    @Test
    void aStreamThatEndsWithoutDoneAndWithoutAnErrorIsTruncated() {
        ResponseInterpreter.Outcome o = chat(200, FIRST_CHUNK, true);
        assertThat(o).isInstanceOf(ResponseInterpreter.Retry.class);
        assertThat(((ResponseInterpreter.Retry) o).failure().cause()).isEqualTo(EndpointException.Cause.TRUNCATED_STREAM);
    }

    @Test
    void aStreamErrorThatIsNotAboutTheOutputIsAStreamError() {
        String oom = "{\"error\":{\"code\":500,\"message\":\"got exception: std::bad_alloc\",\"type\":\"server_error\"}}";
        ResponseInterpreter.Outcome o = chat(200, FIRST_CHUNK + "data: " + oom + "\n\n", true);
        assertThat(o).isInstanceOf(ResponseInterpreter.Retry.class);
        assertThat(((ResponseInterpreter.Retry) o).failure().cause()).isEqualTo(EndpointException.Cause.STREAM_ERROR);
    }

    @Test
    void aSamplerSetUpFailureIsAFatalRequestError() {
        String body = "{\"error\":{\"code\":400,\"message\":\"Failed to initialize samplers: Unexpected empty grammar stack"
                + " after accepting piece: assistant (13892)\",\"type\":\"invalid_request_error\"}}";
        ResponseInterpreter.Outcome o = chat(400, body, false);
        assertThat(o).isInstanceOf(ResponseInterpreter.Fatal.class);
        assertThat(((ResponseInterpreter.Fatal) o).failure().cause()).isEqualTo(EndpointException.Cause.HTTP_4XX);
    }
}
