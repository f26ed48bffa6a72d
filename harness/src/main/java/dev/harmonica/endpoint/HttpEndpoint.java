package dev.harmonica.endpoint;

import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * An OpenAI-compatible server over HTTP (okhttp). Implements the client policy of endpoints.md §6: connect, read and
 * (streaming) idle timeouts; retries with exponential backoff and jitter on transport errors, 408, 429 (honouring
 * {@code Retry-After} in seconds or as an HTTP date), 502/503/504, 5xx that are not format errors, 2xx bodies that
 * are garbage or carry a non-format error, and streams that break off; no retry on other 4xx or on format errors
 * (those come back as {@link RawTurn#serverError()}); three consecutive refused connections end the request early;
 * a per-endpoint concurrency limit (callers block); the optional response cache.
 */
final class HttpEndpoint implements Endpoint {
    private static final MediaType JSON = MediaType.get("application/json");
    /** Largest response body read (model output is untrusted; a bigger body is an error, not a memory problem). */
    static final long MAX_RESPONSE_BYTES = 64L << 20;
    /** Consecutive refused connections after which the endpoint is taken to be down. */
    static final int MAX_CONSECUTIVE_REFUSED = 3;

    private final EndpointConfig config;
    private final EndpointEnvironment env;
    private final ApiKey apiKey;
    private final OkHttpClient client;
    private final OkHttpClient streamClient;
    private final Semaphore permits;
    private final ResponseCache cache;
    private volatile boolean returnTokenIds;

    HttpEndpoint(EndpointConfig config, EndpointEnvironment env) {
        this.config = config;
        this.env = env;
        this.apiKey = ApiKey.fromEnv(config.apiKeyEnv(), env.env());
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(Math.max(64, config.concurrency() * 2));
        dispatcher.setMaxRequestsPerHost(Math.max(64, config.concurrency() * 2));
        this.client = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(config.concurrency() + 4, 5, TimeUnit.MINUTES))
                .connectTimeout(config.connectTimeout())
                .readTimeout(config.readTimeout())
                .writeTimeout(config.readTimeout())
                .callTimeout(config.readTimeout().plus(config.connectTimeout()))
                .retryOnConnectionFailure(false)
                .build();
        this.streamClient = client.newBuilder().readTimeout(config.idleTimeout()).callTimeout(Duration.ZERO).build();
        this.permits = new Semaphore(config.concurrency(), true);
        this.cache = config.cacheDir() == null ? null : new ResponseCache(config.cacheDir());
        this.returnTokenIds = config.returnTokenIds() && config.server() != EndpointConfig.ServerKind.GENERIC;
    }

    @Override
    public RawTurn complete(ModelRequest request) throws EndpointException {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EndpointException("interrupted while waiting for a free request slot", -1, 0, e);
        }
        try {
            return completeWithRetries(request);
        } finally {
            permits.release();
        }
    }

    private RawTurn completeWithRetries(ModelRequest request) throws EndpointException {
        boolean stream = request.mode() == ModelRequest.Mode.CHAT && request.stream();
        String url = config.root() + Wire.path(request.mode());
        boolean rti = returnTokenIds && request.mode() == ModelRequest.Mode.COMPLETIONS;
        ObjectNode body = Wire.requestBody(request, config, rti);
        String key = cache == null ? null : ResponseCache.key(url, body);
        if (key != null) {
            Optional<ResponseCache.Entry> hit = cache.get(key);
            if (hit.isPresent()) {
                RawTurn t = fromCache(request, hit.get());
                if (t != null) return t;
            }
        }
        int attempt = 0;
        int refusedInARow = 0;
        ResponseInterpreter.Retry last = null;
        Throwable lastCause = null;
        while (attempt < config.maxAttempts()) {
            attempt++;
            long t0 = System.nanoTime();
            ResponseInterpreter.Outcome outcome;
            Captured captured = new Captured();
            try {
                outcome = attemptOnce(url, body, request, stream, rti, captured);
                refusedInARow = 0;
            } catch (IOException e) {
                lastCause = e;
                refusedInARow = e instanceof ConnectException ? refusedInARow + 1 : 0;
                outcome = new ResponseInterpreter.Retry(-1, "transport failure: " + describe(e), null, false);
            }
            double latency = (System.nanoTime() - t0) / 1e6;
            if (outcome instanceof ResponseInterpreter.Turn t) {
                if (key != null) cache.put(key, new ResponseCache.Entry(t.status(), stream && captured.stream, captured.body, captured.simFaults));
                return toRawTurn(t, latency, attempt, false);
            }
            if (outcome instanceof ResponseInterpreter.Fatal f) {
                throw new EndpointException(f.message() + " (" + url + ")", f.status(), attempt, null);
            }
            ResponseInterpreter.Retry r = (ResponseInterpreter.Retry) outcome;
            last = r;
            if (r.dropReturnTokenIds()) {
                returnTokenIds = false;
                rti = false;
                body = Wire.requestBody(request, config, false);
                key = cache == null ? null : ResponseCache.key(url, body);
                continue; // not the server's fault: try again at once
            }
            if (refusedInARow >= MAX_CONSECUTIVE_REFUSED) {
                throw new EndpointException("endpoint " + url + " refused " + refusedInARow
                        + " connections in a row; is the server running?", -1, attempt, lastCause);
            }
            if (attempt < config.maxAttempts()) sleep(delay(attempt, r.retryAfter()), attempt);
        }
        throw new EndpointException("gave up after " + attempt + " attempts: " + (last == null ? "?" : last.message())
                + " (" + url + ")", last == null ? -1 : last.status(), attempt, lastCause);
    }

    /** What an attempt saw, for the cache. */
    private static final class Captured {
        String body;
        String simFaults;
        boolean stream = true;
    }

    private ResponseInterpreter.Outcome attemptOnce(String url, ObjectNode body, ModelRequest request, boolean stream,
                                                    boolean rti, Captured captured) throws IOException {
        Request.Builder rb = new Request.Builder().url(url)
                .post(RequestBody.create(Json.write(body).getBytes(StandardCharsets.UTF_8), JSON));
        if (apiKey != null) rb.header("Authorization", apiKey.authorizationHeader());
        if (stream) rb.header("Accept", "text/event-stream");
        Call call = (stream ? streamClient : client).newCall(rb.build());
        try (Response resp = call.execute()) {
            int status = resp.code();
            String simFaults = resp.header(Wire.SIM_FAULTS_HEADER);
            captured.simFaults = simFaults;
            ResponseBody rbody = resp.body();
            String contentType = resp.header("Content-Type", "");
            if (stream && status == 200 && !contentType.startsWith("application/json")) {
                ChatStreamAssembler a = new ChatStreamAssembler();
                StringBuilder raw = new StringBuilder();
                BufferedSource src = rbody.source();
                readSse(src, a, raw);
                captured.body = raw.toString();
                return ResponseInterpreter.interpretStream(a, simFaults);
            }
            BufferedSource source = rbody.source();
            if (source.request(MAX_RESPONSE_BYTES + 1)) {
                return new ResponseInterpreter.Fatal(status, "HTTP " + status + ": response body larger than "
                        + (MAX_RESPONSE_BYTES >> 20) + " MiB");
            }
            String text = source.readUtf8();
            captured.body = text;
            // a server that ignores "stream": true answers with one JSON body; read it as such
            captured.stream = false;
            return ResponseInterpreter.interpret(request.mode(), status, text, resp.header("Retry-After"), simFaults, rti);
        }
    }

    /** Reads SSE lines, feeding {@code data:} payloads to the assembler until {@code [DONE]} or end of stream. */
    static void readSse(BufferedSource src, ChatStreamAssembler a, StringBuilder raw) throws IOException {
        StringBuilder data = new StringBuilder();
        String line;
        try {
            while ((line = src.readUtf8Line()) != null) {
                raw.append(line).append('\n');
                if (raw.length() > MAX_RESPONSE_BYTES) throw new IOException("stream larger than " + (MAX_RESPONSE_BYTES >> 20) + " MiB");
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        boolean more = a.acceptData(data.toString());
                        data.setLength(0);
                        if (!more) return;
                    }
                } else if (line.startsWith("data:")) {
                    if (data.length() > 0) data.append('\n');
                    String payload = line.substring(5);
                    data.append(payload.startsWith(" ") ? payload.substring(1) : payload);
                }
                // "event:", "id:", "retry:" and ":" comment lines carry nothing we need
            }
            if (data.length() > 0) a.acceptData(data.toString());
        } catch (Wire.MalformedResponseException e) {
            throw new IOException("malformed stream: " + e.getMessage(), e);
        }
    }

    private RawTurn fromCache(ModelRequest request, ResponseCache.Entry e) {
        ResponseInterpreter.Outcome o;
        if (e.stream() && e.status() == 200) {
            ChatStreamAssembler a = new ChatStreamAssembler();
            try {
                readSse(new okio.Buffer().writeUtf8(e.body()), a, new StringBuilder());
            } catch (IOException ex) {
                return null;
            }
            o = ResponseInterpreter.interpretStream(a, e.simFaults());
        } else {
            o = ResponseInterpreter.interpret(request.mode(), e.status(), e.body(), null, e.simFaults(), false);
        }
        return o instanceof ResponseInterpreter.Turn t ? toRawTurn(t, 0, 0, true) : null;
    }

    static RawTurn toRawTurn(ResponseInterpreter.Turn t, double latency, int attempts, boolean cached) {
        Wire.Parts p = t.parts();
        return new RawTurn(p.completionTokens(), p.completionText(), p.chatMessage(), p.finishReason(),
                p.promptTokens(), p.completionTokenCount(), latency, attempts, t.status(), t.serverError(),
                p.injectedFaults(), cached);
    }

    /** The wait before the next attempt: {@code Retry-After} when given, else exponential backoff with jitter. */
    Duration delay(int attempt, String retryAfter) {
        Duration ra = parseRetryAfter(retryAfter, env.clock().instant());
        if (ra != null) return ra.compareTo(config.maxRetryAfter()) > 0 ? config.maxRetryAfter() : ra;
        long base = config.initialBackoff().toMillis() << Math.min(30, attempt - 1);
        long capped = Math.min(base, config.maxBackoff().toMillis());
        // "equal jitter": half fixed, half random, so that parallel clients spread out but never retry at once
        return Duration.ofMillis(capped / 2 + (long) (env.jitter().getAsDouble() * (capped - capped / 2)));
    }

    /** {@code Retry-After}: delta-seconds or an HTTP date; null when absent or unparseable. */
    static Duration parseRetryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) return null;
        String v = value.strip();
        try {
            long s = Long.parseLong(v);
            return Duration.ofSeconds(Math.max(0, s));
        } catch (NumberFormatException ignored) {
            // not seconds
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(now, at);
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private void sleep(Duration d, int attempt) throws EndpointException {
        try {
            env.sleeper().sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EndpointException("interrupted while waiting to retry", -1, attempt, e);
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    @Override
    public String toString() {
        return "HttpEndpoint[" + config.root() + ", model=" + config.model() + ", server=" + config.server()
                + (apiKey == null ? "" : ", " + apiKey) + "]";
    }
}
