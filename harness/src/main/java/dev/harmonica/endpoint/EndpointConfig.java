package dev.harmonica.endpoint;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach one model server and how to treat it (endpoints.md §6). Immutable; build it from a preset and
 * {@code with…} methods. Contains no secret: the API key is read from the environment variable NAMED by
 * {@link #apiKeyEnv()} when the endpoint is created, and is never stored here, logged or written.
 *
 * @param baseUrl        server root, e.g. {@code http://127.0.0.1:8000} (a trailing {@code /v1} is accepted), or
 *                       {@link #SIM} for the in-process simulator (no HTTP)
 * @param server         what kind of server it is: decides which request extras are sent
 * @param mode           the wire mode the runner should use with this endpoint (requests carry their own mode)
 * @param model          model name sent in every request
 * @param connectTimeout TCP connect timeout
 * @param readTimeout    non-streaming: longest wait for the whole response (and for any single read)
 * @param idleTimeout    streaming: longest silence between two chunks (a stalled stream is a transport failure)
 * @param maxAttempts    attempts per request including the first (1 = no retry)
 * @param initialBackoff first retry delay; doubles each retry, with jitter, up to {@code maxBackoff}
 * @param maxBackoff     cap of the exponential backoff
 * @param maxRetryAfter  cap on a server's {@code Retry-After} (longer values are clamped to this)
 * @param concurrency    requests in flight at once for this endpoint; further callers block
 * @param apiKeyEnv      NAME of the environment variable holding the API key, or null for no key
 * @param cacheDir       response cache directory, or null for no cache
 * @param extraBody      fields merged into every request body last (e.g. {@code {"reasoning_effort":"high"}}), or null
 * @param tokenIdPrompts COMPLETIONS: send the prompt as token ids (else as text)
 * @param returnTokenIds COMPLETIONS on vLLM/sim: ask for {@code return_token_ids}; switched off automatically for
 *                       the rest of the run when the server rejects the field
 */
public record EndpointConfig(String baseUrl, ServerKind server, ModelRequest.Mode mode, String model,
                             Duration connectTimeout, Duration readTimeout, Duration idleTimeout,
                             int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter,
                             int concurrency, String apiKeyEnv, Path cacheDir, ObjectNode extraBody,
                             boolean tokenIdPrompts, boolean returnTokenIds) {

    /** The {@code baseUrl} that selects the in-process simulator ({@code --endpoint sim}). */
    public static final String SIM = "sim";

    /** Which request extras a server understands. */
    public enum ServerKind {
        /** vLLM: harmony-preserving completions extras (endpoints.md §2.2), {@code return_token_ids}. */
        VLLM,
        /** A Harmonica simulator ({@code harmonica sim}): vLLM behaviour plus the {@code harmonica_sim} hint field. */
        HARMONICA_SIM,
        /** Any other OpenAI-compatible server (SGLang, llama.cpp, Ollama): standard fields only. */
        GENERIC
    }

    public EndpointConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
        extraBody = extraBody == null ? null : extraBody.deepCopy();
    }

    /** Defaults for a real server: 10 s connect, 10 min read, 2 min idle, 6 attempts, 1 s → 60 s backoff, 16 in flight. */
    public static EndpointConfig http(String baseUrl, String model) {
        return new EndpointConfig(baseUrl, ServerKind.VLLM, ModelRequest.Mode.COMPLETIONS, model,
                Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofMinutes(2),
                6, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(5),
                16, null, null, null, true, true);
    }

    /** A {@code harmonica sim} server at {@code baseUrl}: HTTP defaults, and the sim hint is sent. */
    public static EndpointConfig simServer(String baseUrl) {
        return http(baseUrl, "gpt-oss-sim").withServer(ServerKind.HARMONICA_SIM);
    }

    /** The in-process simulator's endpoint settings (64 in flight); the simulator itself is configured apart. */
    public static EndpointConfig inProcessSim() {
        return http(SIM, "gpt-oss-sim").withServer(ServerKind.HARMONICA_SIM).withConcurrency(64);
    }

    public boolean isInProcessSim() {
        return SIM.equals(baseUrl);
    }

    /** {@code baseUrl} without a trailing {@code /} or {@code /v1}. */
    public String root() {
        String u = baseUrl;
        while (u.endsWith("/")) u = u.substring(0, u.length() - 1);
        if (u.endsWith("/v1")) u = u.substring(0, u.length() - 3);
        return u;
    }

    @Override
    public ObjectNode extraBody() {
        return extraBody == null ? null : extraBody.deepCopy();
    }

    public EndpointConfig withServer(ServerKind v) {
        return new EndpointConfig(baseUrl, v, mode, model, connectTimeout, readTimeout, idleTimeout, maxAttempts, initialBackoff, maxBackoff, maxRetryAfter, concurrency, apiKeyEnv, cacheDir, extraBody, tokenIdPrompts, returnTokenIds);
    }

    public EndpointConfig withMode(ModelRequest.Mode v) {
        return new EndpointConfig(baseUrl, server, v, model, connectTimeout, readTimeout, idleTimeout, maxAttempts, initialBackoff, maxBackoff, maxRetryAfter, concurrency, apiKeyEnv, cacheDir, extraBody, tokenIdPrompts, returnTokenIds);
    }

    public EndpointConfig withModel(String v) {
        return new EndpointConfig(baseUrl, server, mode, v, connectTimeout, readTimeout, idleTimeout, maxAttempts, initialBackoff, maxBackoff, maxRetryAfter, concurrency, apiKeyEnv, cacheDir, extraBody, tokenIdPrompts, returnTokenIds);
    }

    public EndpointConfig withTimeouts(Duration connect, Duration read, Duration idle) {
        return new EndpointConfig(baseUrl, server, mode, model, connect, read, idle, maxAttempts, initialBackoff, maxBackoff, maxRetryAfter, concurrency, apiKeyEnv, cacheDir, extraBody, tokenIdPrompts, returnTokenIds);
    }

    public EndpointConfig withRetries(int attempts, Duration initial, Duration max) {
        return new EndpointConfig(baseUrl, server, mode, model, connectTimeout, readTimeout, idleTimeout, attempts, initial, max, maxRetryAfter, concurrency, apiKeyEnv, cacheDir, extraBody, tokenIdPrompts, returnTokenIds);
    }

    public EndpointConfig withMaxRetryAfter(Duration v) {
        return new EndpointConfig(baseUrl, server, mode, model, connectTimeout, readTimeout, idleTimeout, maxAttempts, initialBackoff, maxBackoff, v, concurrency, apiKeyEnv, cacheDir, extraBody, tokenIdPrompts, returnTokenIds);
    }

    public EndpointConfig withConcurrency(int v) {
        return new EndpointConfig(baseUrl, server, mode, model, connectTimeout, readTimeout, idleTimeout, maxAttempts, initialBackoff, maxBackoff, maxRetryAfter, v, apiKeyEnv, cacheDir, extraBody, tokenIdPrompts, returnTokenIds);
    }

    public EndpointConfig withApiKeyEnv(String v) {
        return new EndpointConfig(baseUrl, server, mode, model, connectTimeout, readTimeout, idleTimeout, maxAttempts, initialBackoff, maxBackoff, maxRetryAfter, concurrency, v, cacheDir, extraBody, tokenIdPrompts, returnTokenIds);
    }

    public EndpointConfig withCacheDir(Path v) {
        return new EndpointConfig(baseUrl, server, mode, model, connectTimeout, readTimeout, idleTimeout, maxAttempts, initialBackoff, maxBackoff, maxRetryAfter, concurrency, apiKeyEnv, v, extraBody, tokenIdPrompts, returnTokenIds);
    }

    public EndpointConfig withExtraBody(ObjectNode v) {
        return new EndpointConfig(baseUrl, server, mode, model, connectTimeout, readTimeout, idleTimeout, maxAttempts, initialBackoff, maxBackoff, maxRetryAfter, concurrency, apiKeyEnv, cacheDir, v, tokenIdPrompts, returnTokenIds);
    }

    public EndpointConfig withTokenIds(boolean prompts, boolean returned) {
        return new EndpointConfig(baseUrl, server, mode, model, connectTimeout, readTimeout, idleTimeout, maxAttempts, initialBackoff, maxBackoff, maxRetryAfter, concurrency, apiKeyEnv, cacheDir, extraBody, prompts, returned);
    }

}
