package dev.harmonica.endpoint.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.harmonica.endpoint.Json;
import dev.harmonica.endpoint.ResponseCache;
import dev.harmonica.endpoint.Wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulated gpt-oss endpoint over HTTP ({@code harmonica sim}), on the JDK's built-in server, bound to 127.0.0.1
 * only. Serves what {@link SimEngine} answers, after the simulated latency (the whole time to answer, made up by a timed
 * wait on the request's worker thread, no CPU), and injects the transport faults of {@link SimConfig#transport()} (server-wide, in request order)
 * or of a request's {@code harmonica_sim.transport} directive (per identical request body, in attempt order).
 */
public final class SimServer implements AutoCloseable {
    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final SimEngine engine;
    private final SimConfig config;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong scripted = new AtomicLong();
    private final Map<String, AtomicLong> perRequest = new ConcurrentHashMap<>();

    private SimServer(HttpServer server, ThreadPoolExecutor executor, SimConfig config) {
        this.server = server;
        this.executor = executor;
        this.config = config;
        this.engine = new SimEngine(config);
    }

    /**
     * Starts a server on 127.0.0.1:{@code port} ({@code 0}: a free port) with {@code threads} worker threads (the
     * number of requests answered at once; size it above the client's concurrency).
     */
    public static SimServer start(SimConfig config, int port, int threads) throws IOException {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true"); // small responses: no Nagle delay
        }
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor ex = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "harmonica-sim-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ex.allowCoreThreadTimeOut(true);
        http.setExecutor(ex);
        SimServer s = new SimServer(http, ex, config); // loads the tokenizer before the first request
        http.createContext("/", s::handle);
        http.start();
        return s;
    }

    public static SimServer start(SimConfig config, int port) throws IOException {
        return start(config, port, 256);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** Requests received so far (all paths). */
    public long requestCount() {
        return requests.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            long t0 = System.nanoTime();
            requests.incrementAndGet();
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            String body;
            try (InputStream in = ex.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            boolean generation = path.equals(Wire.COMPLETIONS_PATH) || path.equals(Wire.CHAT_PATH);
            TransportScript.Step fault = generation ? transportFault(body) : null;
            if (fault != null && fault.kind() != TransportScript.Kind.RESET && fault.kind() != TransportScript.Kind.STALL) {
                if (generation) waitForLatency(t0);
                sendFault(ex, fault);
                return;
            }
            SimEngine.Reply reply = engine.handle(method, path, body);
            if (generation) waitForLatency(t0);
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            reply.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            if (fault != null) {
                // declare the full length, send part of it, then cut the connection (the JDK server closes a
                // fixed-length exchange that was not completely written)
                ex.sendResponseHeaders(reply.status(), bytes.length);
                OutputStream out = ex.getResponseBody();
                out.write(bytes, 0, bytes.length / 2);
                out.flush();
                if (fault.kind() == TransportScript.Kind.STALL) sleep(fault.stallMillis());
                try {
                    out.close();
                } catch (IOException expected) {
                    // "insufficient bytes written": the point of the fault
                }
                return;
            }
            ex.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** The simulated latency is the whole time to answer: wait for what computing did not use (no CPU). */
    private void waitForLatency(long t0) {
        long remaining = config.latency().toNanos() - (System.nanoTime() - t0);
        if (remaining > 0) sleep(remaining / 1_000_000);
    }

    private TransportScript.Step transportFault(String body) {
        JsonNode json = body.contains("\"transport\"") ? Json.tryParse(body) : null;
        JsonNode directive = json == null ? null : json.path(Wire.SIM_FIELD).get("transport");
        if (directive != null && directive.isTextual()) {
            TransportScript script;
            try {
                script = TransportScript.parse(directive.textValue());
            } catch (IllegalArgumentException e) {
                return null; // the engine does not look at this field; a bad directive is simply ignored
            }
            String key = ResponseCache.key("", json);
            long attempt = perRequest.computeIfAbsent(key, k -> new AtomicLong()).getAndIncrement();
            return script.at(attempt);
        }
        if (config.transport().isEmpty()) return null;
        return config.transport().at(scripted.getAndIncrement());
    }

    private void sendFault(HttpExchange ex, TransportScript.Step f) throws IOException {
        ex.getResponseHeaders().set(Wire.SIMULATED_HEADER, "true");
        String body;
        int status;
        switch (f.kind()) {
            case GARBAGE -> {
                status = 200;
                body = "<html><body>502 upstream glitch (simulated garbage)</body></html>";
            }
            case ERROR200 -> {
                status = 200;
                body = "{\"error\":{\"message\":\"simulated engine failure reported inside an HTTP 200\",\"type\":\"InternalServerError\",\"param\":null,\"code\":500}}";
            }
            default -> {
                status = f.status();
                body = "{\"error\":{\"message\":\"simulated transient failure (HTTP " + status + ")\",\"type\":\"ServiceUnavailableError\",\"param\":null,\"code\":" + status + "}}";
                if (f.retryAfter() != null) ex.getResponseHeaders().set("Retry-After", f.retryAfter());
            }
        }
        ex.getResponseHeaders().set("Content-Type", "application/json");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
