package dev.harmonica.endpoint;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How to reach one model server and how to treat it (docs/endpoint.md, Client policy). Immutable; build it from a preset and
 * {@code with…} methods. Contains no secret: the API key is read from the environment variable NAMED by
 * {@link #apiKeyEnv()} when the endpoint is created, and is never stored here, logged or written.
 *
 * @param baseUrl   server root, e.g. {@code http://127.0.0.1:8000} (a trailing {@code /v1} is accepted), or
 *                  {@link #SIM} for the in-process simulator (no HTTP)
 * @param server    what kind of server it is: decides which request extras are sent
 * @param mode      the wire mode the runner should use with this endpoint (requests carry their own mode)
 * @param model     model name sent in every request
 * @param timeouts  per-attempt timeouts
 * @param retry     the retry policy, with the total time one request may take
 * @param limits    requests in flight and requests per second
 * @param apiKeyEnv NAME of the environment variable holding the API key, or null for no key
 * @param cacheDir  response cache directory, or null for no cache
 * @param wire      request-body options
 */
public record EndpointConfig(String baseUrl, ServerKind server, ModelRequest.Mode mode, String model,
                             Timeouts timeouts, RetryPolicy retry, Limits limits, String apiKeyEnv, Path cacheDir,
                             WireOptions wire) {

    /** The {@code baseUrl} that selects the in-process simulator ({@code --endpoint sim}). */
    public static final String SIM = "sim";

    /** Which request extras a server understands. */
    public enum ServerKind {
        /** vLLM: harmony-preserving completions extras (vLLM's OpenAI-compatible server docs (extra parameters)), {@code return_token_ids}. */
        VLLM("vllm"),
        /** A Harmonica simulator ({@code harmonica sim}): vLLM behaviour plus the {@code harmonica_sim} hint field. */
        HARMONICA_SIM("harmonica-sim"),
        /** Any other OpenAI-compatible server (SGLang, llama.cpp, Ollama): standard fields only. */
        GENERIC("generic");

        private final String jsonName;

        ServerKind(String jsonName) {
            this.jsonName = jsonName;
        }

        /** The name in run files and descriptions. */
        public String jsonName() {
            return jsonName;
        }

        /** The kind named {@code name} (as in run files: {@code vllm}, {@code harmonica-sim}, {@code generic}). */
        public static ServerKind parse(String name) {
            for (ServerKind k : values()) if (k.jsonName.equals(name.toLowerCase(Locale.ROOT))) return k;
            throw new IllegalArgumentException("server '" + name + "': expected vllm, harmonica-sim or generic");
        }
    }

    /**
     * How much one endpoint is asked at once.
     *
     * @param concurrency       requests in flight at once; further callers block
     * @param requestsPerSecond attempts started per second at most (0: no rate limit)
     */
    public record Limits(int concurrency, double requestsPerSecond) {
        public Limits {
            if (concurrency < 1) throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
            if (!(requestsPerSecond >= 0) || Double.isInfinite(requestsPerSecond)) {
                throw new IllegalArgumentException("requestsPerSecond must be >= 0, got " + requestsPerSecond);
            }
        }
    }

    /**
     * Request-body options.
     *
     * @param extraBody      fields merged into every request body last (e.g. {@code {"reasoning_effort":"high"}}), or null
     * @param tokenIdPrompts COMPLETIONS: send the prompt as token ids (else as text)
     * @param returnTokenIds COMPLETIONS on vLLM/sim: ask for {@code return_token_ids}; switched off automatically for
     *                       the rest of the run when the server rejects the field
     */
    public record WireOptions(ObjectNode extraBody, boolean tokenIdPrompts, boolean returnTokenIds) {
        public WireOptions {
            extraBody = extraBody == null ? null : extraBody.deepCopy();
        }

        @Override
        public ObjectNode extraBody() {
            return extraBody == null ? null : extraBody.deepCopy();
        }
    }

    public EndpointConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(wire, "wire");
    }

    /**
     * Defaults for a real server: {@link Timeouts#DEFAULT} (10 s connect, 10 min read, 2 min idle),
     * {@link RetryPolicy#DEFAULT} (6 attempts, 1 s → 60 s backoff, 15 min per request), 16 in flight, no rate limit.
     */
    public static EndpointConfig http(String baseUrl, String model) {
        return new EndpointConfig(baseUrl, ServerKind.VLLM, ModelRequest.Mode.COMPLETIONS, model, Timeouts.DEFAULT,
                RetryPolicy.DEFAULT, new Limits(16, 0), null, null, new WireOptions(null, true, true));
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

    public int concurrency() {
        return limits.concurrency();
    }

    public ObjectNode extraBody() {
        return wire.extraBody();
    }

    public boolean tokenIdPrompts() {
        return wire.tokenIdPrompts();
    }

    public boolean returnTokenIds() {
        return wire.returnTokenIds();
    }

    public EndpointConfig withServer(ServerKind v) {
        return new EndpointConfig(baseUrl, v, mode, model, timeouts, retry, limits, apiKeyEnv, cacheDir, wire);
    }

    public EndpointConfig withMode(ModelRequest.Mode v) {
        return new EndpointConfig(baseUrl, server, v, model, timeouts, retry, limits, apiKeyEnv, cacheDir, wire);
    }

    public EndpointConfig withModel(String v) {
        return new EndpointConfig(baseUrl, server, mode, v, timeouts, retry, limits, apiKeyEnv, cacheDir, wire);
    }

    public EndpointConfig withTimeouts(Duration connect, Duration read, Duration idle) {
        return withTimeouts(new Timeouts(connect, read, idle));
    }

    public EndpointConfig withTimeouts(Timeouts v) {
        return new EndpointConfig(baseUrl, server, mode, model, v, retry, limits, apiKeyEnv, cacheDir, wire);
    }

    public EndpointConfig withRetries(int attempts, Duration initial, Duration max) {
        return withRetry(retry.withAttempts(attempts, initial, max));
    }

    public EndpointConfig withMaxRetryAfter(Duration v) {
        return withRetry(retry.withMaxRetryAfter(v));
    }

    /** The longest time one request may take, all attempts and waits included (null: unbounded). */
    public EndpointConfig withTotalTimeout(Duration v) {
        return withRetry(retry.withTotalTimeout(v));
    }

    public EndpointConfig withRetry(RetryPolicy v) {
        return new EndpointConfig(baseUrl, server, mode, model, timeouts, v, limits, apiKeyEnv, cacheDir, wire);
    }

    public EndpointConfig withConcurrency(int v) {
        return new EndpointConfig(baseUrl, server, mode, model, timeouts, retry, new Limits(v, limits.requestsPerSecond()),
                apiKeyEnv, cacheDir, wire);
    }

    /** At most {@code v} attempts started per second (0: no rate limit). */
    public EndpointConfig withRateLimit(double v) {
        return new EndpointConfig(baseUrl, server, mode, model, timeouts, retry, new Limits(limits.concurrency(), v),
                apiKeyEnv, cacheDir, wire);
    }

    public EndpointConfig withApiKeyEnv(String v) {
        return new EndpointConfig(baseUrl, server, mode, model, timeouts, retry, limits, v, cacheDir, wire);
    }

    public EndpointConfig withCacheDir(Path v) {
        return new EndpointConfig(baseUrl, server, mode, model, timeouts, retry, limits, apiKeyEnv, v, wire);
    }

    public EndpointConfig withExtraBody(ObjectNode v) {
        return new EndpointConfig(baseUrl, server, mode, model, timeouts, retry, limits, apiKeyEnv, cacheDir,
                new WireOptions(v, wire.tokenIdPrompts(), wire.returnTokenIds()));
    }

    public EndpointConfig withTokenIds(boolean prompts, boolean returned) {
        return new EndpointConfig(baseUrl, server, mode, model, timeouts, retry, limits, apiKeyEnv, cacheDir,
                new WireOptions(wire.extraBody(), prompts, returned));
    }
}
