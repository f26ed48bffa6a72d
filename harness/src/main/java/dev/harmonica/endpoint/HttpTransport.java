package dev.harmonica.endpoint;

import dev.harmonica.endpoint.EndpointException.Attempt;
import dev.harmonica.endpoint.EndpointException.Cause;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Sends one attempt to an OpenAI-compatible server over HTTP (okhttp): the request body of {@link Wire}, the API key
 * as a bearer header, the connect and read timeouts (streams: the idle timeout between reads), each capped to the time
 * left before the request's deadline. The answer is read whole (a stream up to {@code [DONE]}), at most
 * {@value #MAX_RESPONSE_BYTES} bytes, and judged by {@link ResponseInterpreter}.
 *
 * <p>Connection hygiene: a connection that answered 5xx, broke mid-answer or carried a stream is never handed to
 * another request, and an idle one is dropped before servers drop it ({@link #IDLE_KEEP_ALIVE}). A
 * network interceptor reads a 5xx answer whole and closes the socket while the connection still belongs to its
 * call, so the pool can never reuse it (a server such as llama.cpp may drop a kept-alive connection after a 503
 * without saying {@code Connection: close}, and the next request on it would fail for nothing); a call that failed
 * mid-answer is cancelled, which closes its socket too. Healthy connections are kept alive. okhttp's own silent
 * retries are off, so every request sent is an attempt the retry layer counts. Redirects are not followed: the API
 * key goes to the configured address only.
 */
final class HttpTransport implements Transport {
    private static final MediaType JSON = MediaType.get("application/json");
    /** Largest response body read (model output is untrusted; a bigger body is an error, not a memory problem). */
    static final long MAX_RESPONSE_BYTES = 64L << 20;
    /**
     * How long an idle connection stays in the pool. Servers close idle connections after 5 s (vLLM through uvicorn's
     * default keep-alive timeout; llama.cpp's cpp-httplib says {@code Keep-Alive: timeout=5, max=100}), and okhttp
     * checks a pooled connection's health only after 10 s idle: a connection idle for 5-10 s would be handed out dead
     * and cost an attempt that never reaches the server (measured, harness/src/test/java/dev/harmonica/it).
     */
    static final Duration IDLE_KEEP_ALIVE = Duration.ofSeconds(4);

    private final EndpointConfig config;
    private final EndpointEnvironment env;
    private final ApiKey apiKey;
    private final HttpUrl root;
    private final OkHttpClient client;
    private final OkHttpClient streamClient;
    private volatile boolean returnTokenIds;

    HttpTransport(EndpointConfig config, EndpointEnvironment env) {
        this.config = config;
        this.env = env;
        this.root = HttpUrl.parse(config.root());
        if (root == null) {
            throw new IllegalArgumentException("endpoint '" + describeUrl(config.root())
                    + "': expected an http(s) URL such as http://127.0.0.1:8000, or 'sim' for the built-in simulator");
        }
        this.apiKey = ApiKey.fromEnv(config.apiKeyEnv(), env.env());
        Timeouts t = config.timeouts();
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(Math.max(64, config.concurrency() * 2));
        dispatcher.setMaxRequestsPerHost(Math.max(64, config.concurrency() * 2));
        this.client = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(config.concurrency() + 4, IDLE_KEEP_ALIVE.toMillis(),
                        TimeUnit.MILLISECONDS))
                .connectTimeout(t.connect())
                .readTimeout(t.read())
                .writeTimeout(t.read())
                .callTimeout(t.read().plus(t.connect()))
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .followSslRedirects(false)
                .addNetworkInterceptor(HttpTransport::closeAfterServerError)
                .build();
        this.streamClient = client.newBuilder().readTimeout(t.idle()).callTimeout(Duration.ZERO).build();
        this.returnTokenIds = config.returnTokenIds() && config.server() != EndpointConfig.ServerKind.GENERIC;
    }

    @Override
    public Exchange send(ModelRequest r) throws EndpointException {
        boolean stream = r.mode() == ModelRequest.Mode.CHAT && r.stream();
        boolean rti = returnTokenIds && r.mode() == ModelRequest.Mode.COMPLETIONS;
        Call call = (stream ? streamClient : client).newCall(request(r, stream, rti));
        Duration limit = capToDeadline(call, r, stream);
        long t0 = System.nanoTime();
        boolean answered = false;
        try (Response resp = call.execute()) {
            answered = true;
            Exchange ex = read(r.mode(), resp, stream, rti, t0);
            if (ex.outcome() instanceof ResponseInterpreter.Retry rt && rt.dropReturnTokenIds()) returnTokenIds = false;
            return ex;
        } catch (IOException e) {
            call.cancel();
            Cause cause = classify(e, stream, answered);
            throw EndpointException.of(new Attempt(cause, -1, redact(messageOf(cause, e, limit)), null, null,
                    (System.nanoTime() - t0) / 1e6), e);
        }
    }

    private Request request(ModelRequest r, boolean stream, boolean rti) {
        String body = Json.write(Wire.requestBody(r, config, rti));
        Request.Builder rb = new Request.Builder().url(config.root() + Wire.path(r.mode()))
                .post(RequestBody.create(body.getBytes(StandardCharsets.UTF_8), JSON));
        if (apiKey != null) rb.header("Authorization", apiKey.authorizationHeader());
        // a streamed connection is not reused: llama.cpp closes it after every stream without saying so (no
        // "Connection: close"), and the next request on it would fail for nothing (measured with llama-server b11434)
        if (stream) rb.header("Accept", "text/event-stream").header("Connection", "close");
        return rb.build();
    }

    /** Caps the call's timeout to the time left before the deadline; returns the limit in force (null: none). */
    private Duration capToDeadline(Call call, ModelRequest r, boolean stream) {
        Duration own = stream ? null : config.timeouts().connect().plus(config.timeouts().read());
        Duration left = r.timeLeft(env.clock().instant());
        if (left == null) return own;
        Duration t = own == null || left.compareTo(own) < 0 ? left : own;
        call.timeout().timeout(Math.max(1, t.toMillis()), TimeUnit.MILLISECONDS);
        return t;
    }

    private Exchange read(ModelRequest.Mode mode, Response resp, boolean stream, boolean rti, long t0) throws IOException {
        int status = resp.code();
        String contentType = resp.header("Content-Type", "");
        boolean sse = stream && status == 200 && !contentType.startsWith("application/json");
        Answer.Headers headers = new Answer.Headers(resp.header("Retry-After"), resp.header("Location"),
                Answer.Headers.isSimulatedMark(resp.header(Wire.SIMULATED_HEADER)), resp.header(Wire.SIM_FAULTS_HEADER));
        BufferedSource src = resp.body().source();
        String body = sse ? readStream(src) : readBody(src);
        double ms = (System.nanoTime() - t0) / 1e6;
        if (body == null) {
            Answer a = new Answer(status, "", sse, headers);
            return new Exchange(a, new ResponseInterpreter.Fatal(new ResponseInterpreter.Failure(Cause.MALFORMED_RESPONSE,
                    status, "answer larger than MAX_RESPONSE_BYTES (" + (MAX_RESPONSE_BYTES >> 20) + " MiB)", null)),
                    1, ms, false);
        }
        if (status < 200 || status >= 300) body = redact(body);
        return Exchange.of(mode, new Answer(status, body, sse, headers), rti, ms);
    }

    /** The whole body, or null when it is larger than {@link #MAX_RESPONSE_BYTES}. */
    private static String readBody(BufferedSource src) throws IOException {
        if (src.request(MAX_RESPONSE_BYTES + 1)) return null;
        return src.readUtf8();
    }

    /** The event stream up to and including the {@code data: [DONE]} line (or its end), or null when too large. */
    static String readStream(BufferedSource src) throws IOException {
        StringBuilder raw = new StringBuilder();
        for (String line = src.readUtf8Line(); line != null; line = src.readUtf8Line()) {
            raw.append(line).append('\n');
            if (raw.length() > MAX_RESPONSE_BYTES) return null;
            if (Sse.isDone(line)) break;
        }
        return raw.toString();
    }

    /**
     * A 5xx answer over HTTP/1.x, read whole (at most one byte over {@link #MAX_RESPONSE_BYTES}), with its
     * connection's socket closed: inside the chain the connection still belongs to this call, so no other call can have taken it, and the
     * pool drops a connection whose socket is closed instead of handing it out.
     */
    private static Response closeAfterServerError(Interceptor.Chain chain) throws IOException {
        Response resp = chain.proceed(chain.request());
        Connection connection = chain.connection();
        // HTTP/2 multiplexes other calls on the connection and tells of a shutdown itself (GOAWAY): leave it alone
        if (resp.code() < 500 || connection == null || connection.protocol() == Protocol.HTTP_2) return resp;
        ResponseBody body = resp.body();
        Buffer buffered = new Buffer();
        try (BufferedSource src = body.source()) {
            src.request(MAX_RESPONSE_BYTES + 1);
            buffered.write(src.getBuffer(), Math.min(src.getBuffer().size(), MAX_RESPONSE_BYTES + 1));
        } finally {
            connection.socket().close();
        }
        return resp.newBuilder().body(ResponseBody.create(buffered, body.contentType(), buffered.size())).build();
    }

    private static Cause classify(IOException e, boolean stream, boolean answered) {
        if (Thread.currentThread().isInterrupted()) return Cause.INTERRUPTED;
        if (e instanceof ConnectException) return Cause.CONNECTION_REFUSED;
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (e instanceof SocketTimeoutException && m.contains("connect")) return Cause.CONNECT_TIMEOUT;
        if (e instanceof SocketTimeoutException) return stream ? Cause.IDLE_TIMEOUT : Cause.READ_TIMEOUT;
        if (e instanceof InterruptedIOException) return Cause.READ_TIMEOUT; // the whole call ran out of time
        return stream && answered ? Cause.TRUNCATED_STREAM : Cause.TRANSPORT;
    }

    private String messageOf(Cause cause, IOException e, Duration limit) {
        String at = root.host() + ":" + root.port();
        Timeouts t = config.timeouts();
        return switch (cause) {
            case CONNECTION_REFUSED -> "connection refused by " + at;
            case CONNECT_TIMEOUT -> "no connection to " + at + " within " + t.connect().toMillis() + " ms";
            case IDLE_TIMEOUT -> "stream silent for " + t.idle().toMillis() + " ms";
            case READ_TIMEOUT -> "no complete answer within " + (limit == null ? "the time allowed" : limit.toMillis() + " ms");
            case INTERRUPTED -> "interrupted while waiting for the answer";
            case TRUNCATED_STREAM -> "stream broke off: " + describe(e);
            default -> describe(e);
        };
    }

    /** The exception in one line, without the URLs okhttp puts into some messages ("… on http://host/path"). */
    private static String describe(IOException e) {
        String m = e.getMessage();
        if (m != null) m = m.replaceAll("\\s*\\bon https?://\\S+", "").replaceAll("https?://\\S+", "the server");
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    private String redact(String s) {
        return apiKey == null ? s : apiKey.redact(s);
    }

    /** {@code url} without user info, query or fragment (no secret can travel in a description). */
    static String describeUrl(String url) {
        HttpUrl u = HttpUrl.parse(url);
        if (u == null) return url.replaceAll("//[^/@]*@", "//");
        String s = u.newBuilder().username("").password("").query(null).fragment(null).build().toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public String describe() {
        return describeUrl(config.root()) + " (" + config.server().jsonName() + ")";
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    @Override
    public String toString() {
        return "http[" + describe() + ", model=" + config.model() + (apiKey == null ? "" : ", " + apiKey) + "]";
    }
}
