package dev.harmonica.endpoint;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class FormatErrorsTest {
    /** Messages quoted in endpoints.md §4 and §7 (vLLM, SGLang, llama.cpp, Ollama, harmony). */
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

    @ParameterizedTest
    @ValueSource(strings = {
            "CUDA out of memory",
            "The model `gpt-oss-21b` does not exist.",
            "Unexpected token < in JSON at position 0",
            "rate limit exceeded",
            "`tools` must not be an empty array.",
            ""})
    void otherErrorsAreNotFormatErrors(String message) {
        assertThat(FormatErrors.isFormatError(message)).isFalse();
    }
}
