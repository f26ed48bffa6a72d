package dev.harmonica.endpoint;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Recognises server error messages that report a MODEL-FORMAT failure (a harmony parse error or a server's tool-call
 * parse failure) rather than a transport or server failure. Such errors are a result of the turn, never retried
 * (docs/endpoint.md, Client policy: classify by the body, not the status; exact texts from openai/harmony v0.0.8
 * src/encoding.rs and docs/endpoint.md, Fault catalogue).
 */
public final class FormatErrors {
    /** Lower-cased fragments; any match makes the message a format error. */
    private static final List<String> PATTERNS = List.of(
            // openai/harmony v0.0.8 (src/encoding.rs)
            "unknown role:",
            "unexpected tokens remaining in message header",
            "while expecting start token",
            "unexpected eos while waiting for message header",
            "channel marker present but no channel value",
            "message header did not contain a role",
            "could not decode header",
            "harmonyerror",
            "openai_harmony",
            // vLLM Responses API on harmony output (vllm#25003, #24170)
            "unknown recipient:",
            // Ollama / LM Studio / llama.cpp tool-call parsing (llama.cpp tools/server; Ollama / LM Studio issue trackers, F18, F20)
            "error parsing tool call",
            "failed to parse tool call",
            // llama.cpp's chat parser rejecting the finished output: ggml-org/llama.cpp common/chat.cpp,
            // common_chat_peg_parse ("The model produced output that does not match the expected <format> format";
            // gpt-oss is served with the peg-native format); older builds said "Failed to parse input at pos N"
            "does not match the expected peg-native format",
            "failed to parse input at pos",
            // llama.cpp's lazy tool-call grammar refusing a token the model sampled: ggml-org/llama.cpp
            // src/llama-grammar.cpp, llama_grammar_accept_token ("Unexpected empty grammar stack after accepting
            // piece: <piece> (<id>)"), sent as "got exception: …" by tools/server/server-context.cpp
            "unexpected empty grammar stack after accepting piece");

    /**
     * Lower-cased fragments that make a message NOT a format error even when a pattern matches: the grammar failed
     * before the model produced anything (llama.cpp answers HTTP 400 "Failed to initialize samplers: Unexpected empty
     * grammar stack …" when a request's grammar cannot even accept its own prefix), a request problem.
     */
    private static final List<String> NOT_MODEL_OUTPUT = List.of("failed to initialize samplers");

    private static final Pattern UNEXPECTED_TOKEN_ID = Pattern.compile("unexpected token \\d+");

    private FormatErrors() {
    }

    /** Whether a server error message is a model-format failure (case-insensitive fragment match). */
    public static boolean isFormatError(String message) {
        if (message == null || message.isEmpty()) return false;
        String m = message.toLowerCase(Locale.ROOT);
        for (String p : NOT_MODEL_OUTPUT) {
            if (m.contains(p)) return false;
        }
        for (String p : PATTERNS) {
            if (m.contains(p)) return true;
        }
        // "Unexpected token 12606 ..." (an id, not a JSON-decoder "Unexpected token <")
        return UNEXPECTED_TOKEN_ID.matcher(m).find();
    }
}
