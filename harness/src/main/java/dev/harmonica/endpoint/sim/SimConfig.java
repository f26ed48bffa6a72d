package dev.harmonica.endpoint.sim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Configuration of the simulated gpt-oss endpoint (in-process or {@code harmonica sim}).
 *
 * @param faults       the harmony fault model ({@link SimModel#OFF} for clean output)
 * @param server       how chat requests treat output the STRICT parser rejects
 * @param errorStatus  HTTP status of a harmony error in {@link ServerMode#VLLM_STRICT} (400 or 500; both are seen)
 * @param errorShape   error body envelope
 * @param chatHistory  chat mode: the assumed style of the server-rendered history (vLLM: recipient-first, bare json)
 * @param latency      simulated time per request (a timed wait, no CPU); {@link Duration#ZERO} for instant answers
 * @param seed         seed for fault draws when the request has no sampling seed
 * @param transport    transport faults for the HTTP server (ignored in-process)
 * @param honourStops  end a completion at the request's stops as vLLM does (its {@code stop_token_ids} merged with
 *                     gpt-oss's generation-config stops {@code <|return|>} {@code <|call|>} {@code <|endoftext|>}
 *                     unless {@code ignore_eos}, and its {@code stop} strings), so at most one tool call per
 *                     completion; false ({@code --ignore-stop}): write every expected message into one completion,
 *                     the only way to produce text after a stop token (F11, several calls per completion)
 */
public record SimConfig(SimModel faults, ServerMode server, int errorStatus, ErrorShape errorShape,
                        HistoryStyle chatHistory, Duration latency, long seed, TransportScript transport,
                        boolean honourStops) {

    /** How the chat view treats a turn the STRICT parser rejects (docs/endpoint.md, The simulator "Server personalities"). */
    public enum ServerMode {
        /** vLLM before PR #47062: the harmony error as HTTP {@code errorStatus}, or an SSE error event when streaming. */
        VLLM_STRICT,
        /** vLLM after PR #47062: the raw output as {@code content}, normal finish_reason. */
        VLLM_LENIENT,
        /**
         * Harmonica's lenient parser ({@code HarmonyParsers.lenient()}) on the server side; when it recovers no
         * message either, the raw output as {@code content} as in {@link #VLLM_LENIENT}.
         */
        LENIENT,
        /**
         * SGLang's gpt-oss detector (SGLang python/sglang/srt/function_call/gpt_oss_detector.py): a harmony error escapes as a flat 500
         * {@code Internal server error: …}; tool calls without {@code <|constrain|>json}, with a name not in
         * {@code tools} or with arguments that are not JSON are dropped silently.
         */
        SGLANG,
        /**
         * llama.cpp server (llama.cpp tools/server): output the parser rejects becomes HTTP 500 {@code server_error}
         * "… does not match the expected peg-native format"; reasoning comes back as {@code reasoning_content}.
         */
        LLAMACPP
    }

    /** Error body envelope (vLLM vllm/entrypoints/openai/serving_chat.py). */
    public enum ErrorShape {
        /** {@code {"error":{"message","type","param","code"}}} (current vLLM). */
        NESTED,
        /** {@code {"object":"error","message","type","param","code"}} (older vLLM, SGLang). */
        FLAT
    }

    public SimConfig {
        Objects.requireNonNull(faults, "faults");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(errorShape, "errorShape");
        Objects.requireNonNull(chatHistory, "chatHistory");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(transport, "transport");
        if (errorStatus < 200 || errorStatus > 599) throw new IllegalArgumentException("errorStatus must be an HTTP status, got " + errorStatus);
    }

    /** Honouring stops. */
    public SimConfig(SimModel faults, ServerMode server, int errorStatus, ErrorShape errorShape,
                     HistoryStyle chatHistory, Duration latency, long seed, TransportScript transport) {
        this(faults, server, errorStatus, errorShape, chatHistory, latency, seed, transport, true);
    }

    /** Default faults, vLLM-strict with 400 nested errors, vLLM chat history, instant, seed 0, no transport faults, stops honoured. */
    public static final SimConfig DEFAULT = new SimConfig(SimModel.DEFAULT, ServerMode.VLLM_STRICT, 400, ErrorShape.NESTED,
            HistoryStyle.VLLM_CHAT, Duration.ZERO, 0L, TransportScript.NONE);

    /** Clean output, otherwise {@link #DEFAULT}. */
    public static final SimConfig CLEAN = DEFAULT.withFaults(SimModel.OFF);

    /**
     * A stable id of everything that decides which faults a request gets and how they surface: the fault model, the
     * seed, the server personality and error form, the assumed chat history, stop handling and the transport
     * script (not the latency). Equal ids, equal faults for equal requests. Sent as {@code x-harmonica-fault-plan}.
     */
    public String faultPlanId() {
        String canonical = "faults=" + faults + ";seed=" + seed + ";server=" + server + ";error=" + errorStatus + "/"
                + errorShape + ";history=" + chatHistory + ";stops=" + honourStops + ";transport=" + transport.steps();
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return "fp-" + HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public SimConfig withFaults(SimModel v) {
        return new SimConfig(v, server, errorStatus, errorShape, chatHistory, latency, seed, transport, honourStops);
    }

    public SimConfig withServer(ServerMode v) {
        return new SimConfig(faults, v, errorStatus, errorShape, chatHistory, latency, seed, transport, honourStops);
    }

    public SimConfig withError(int status, ErrorShape shape) {
        return new SimConfig(faults, server, status, shape, chatHistory, latency, seed, transport, honourStops);
    }

    public SimConfig withChatHistory(HistoryStyle v) {
        return new SimConfig(faults, server, errorStatus, errorShape, v, latency, seed, transport, honourStops);
    }

    public SimConfig withLatency(Duration v) {
        return new SimConfig(faults, server, errorStatus, errorShape, chatHistory, v, seed, transport, honourStops);
    }

    public SimConfig withSeed(long v) {
        return new SimConfig(faults, server, errorStatus, errorShape, chatHistory, latency, v, transport, honourStops);
    }

    public SimConfig withHonourStops(boolean v) {
        return new SimConfig(faults, server, errorStatus, errorShape, chatHistory, latency, seed, transport, v);
    }

    public SimConfig withTransport(TransportScript v) {
        return new SimConfig(faults, server, errorStatus, errorShape, chatHistory, latency, seed, v, honourStops);
    }
}
