package dev.harmonica.endpoint.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.harmonica.endpoint.Json;
import dev.harmonica.endpoint.Wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulated gpt-oss endpoint over HTTP ({@code harmonica sim}), on the JDK's built-in server, bound to 127.0.0.1
 * unless told otherwise. Serves what {@link SimEngine} answers, after the simulated latency (the whole time to answer,
 * made up by a timed wait on the request's worker thread, no CPU), and injects the transport faults of
 * {@link TransportFaults} (the {@link SimConfig#transport()} script in request order, or a request's
 * {@code harmonica_sim.transport} directive per identical body in attempt order). Every answer, on every route and
 * for every error or fault, carries {@value Wire#SIMULATED_HEADER} {@code 1} and {@value Wire#FAULT_PLAN_HEADER}.
 *
 * <p>{@code POST }{@value #RESET_PATH} (or {@link #reset()}) returns the server to its start state: the transport
 * script starts again, per-request attempt counts and the request count are forgotten. Fault draws need no reset:
 * they are a pure function of (seed, scenario, depth, fault), so equal requests get equal faults at any time.
 *
 * <p>No request is handled for longer than {@link Options#requestTimeout()}: the simulated latency and stalls are cut
 * at it (a generation whose latency alone exceeds it is answered 503), and a connection still being handled a second
 * later (a client that never finishes sending its body) is closed.
 */
public final class SimServer implements AutoCloseable {
    /** The route that resets the simulator ({@code POST}). */
    public static final String RESET_PATH = "/harmonica/reset";
    /** How long after the request timeout a connection still being handled is closed: time to send the 503. */
    private static final long KILL_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final ScheduledExecutorService watchdog;
    private final SimEngine engine;
    private final SimConfig config;
    private final Options options;
    private final TransportFaults faults;
    private final AtomicLong requests = new AtomicLong();

    /**
     * Where and how the server listens.
     *
     * @param host           address to bind ({@code 127.0.0.1} by default: loopback only)
     * @param port           TCP port; 0 picks a free one
     * @param threads        worker threads: requests answered at once (size it above the client's concurrency)
     * @param requestTimeout longest time one request is handled
     */
    public record Options(String host, int port, int threads, Duration requestTimeout) {
        public Options {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, got " + port);
            if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            if (requestTimeout.isNegative() || requestTimeout.isZero()) throw new IllegalArgumentException("requestTimeout must be positive");
        }

        /** Loopback, the given port and threads, 10 min per request (a real server's read timeout, cf. llama.cpp). */
        public static Options loopback(int port, int threads) {
            return new Options("127.0.0.1", port, threads, Duration.ofMinutes(10));
        }

        public Options withHost(String v) {
            return new Options(v, port, threads, requestTimeout);
        }

        public Options withRequestTimeout(Duration v) {
            return new Options(host, port, threads, v);
        }
    }

    private SimServer(HttpServer server, ThreadPoolExecutor executor, SimConfig config, Options options, ScriptBook scripts) {
        this.server = server;
        this.executor = executor;
        this.config = config;
        this.options = options;
        this.engine = new SimEngine(config, scripts);
        this.faults = new TransportFaults(config.transport());
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "harmonica-sim-watchdog");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts a server as {@code options} say; requests without a hint get a short final answer. */
    public static SimServer start(SimConfig config, Options options) throws IOException {
        return start(config, options, ScriptBook.EMPTY);
    }

    /**
     * Starts a server as {@code options} say that also answers plain OpenAI requests (no hint) by recognising their
     * conversation among {@code scripts}.
     */
    public static SimServer start(SimConfig config, Options options, ScriptBook scripts) throws IOException {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true"); // small responses: no Nagle delay
        }
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getByName(options.host()), options.port()), 1024);
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor ex = new ThreadPoolExecutor(options.threads(), options.threads(), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "harmonica-sim-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ex.allowCoreThreadTimeOut(true);
        http.setExecutor(ex);
        SimServer s = new SimServer(http, ex, config, options, scripts); // loads the tokenizer before the first request
        http.createContext("/", s::handle);
        http.start();
        return s;
    }

    /** Starts a server on 127.0.0.1:{@code port} ({@code 0}: a free port) with {@code threads} worker threads. */
    public static SimServer start(SimConfig config, int port, int threads) throws IOException {
        return start(config, Options.loopback(port, threads));
    }

    public static SimServer start(SimConfig config, int port) throws IOException {
        return start(config, port, 256);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The address the server listens on. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** {@code http://HOST:PORT} with the bound host ({@code 127.0.0.1} unless another was asked for). */
    public String baseUrl() {
        String h = server.getAddress().getAddress().getHostAddress();
        return "http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port();
    }

    /** Requests received since the start or the last reset (all paths). */
    public long requestCount() {
        return requests.get();
    }

    /** Back to the start state: transport script, per-request attempt memory and request count. */
    public void reset() {
        faults.reset();
        requests.set(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        long t0 = System.nanoTime();
        long deadline = t0 + options.requestTimeout().toNanos();
        ScheduledFuture<?> kill = watchdog.schedule(ex::close, options.requestTimeout().toNanos() + KILL_GRACE_NANOS,
                TimeUnit.NANOSECONDS);
        try (ex) {
            requests.incrementAndGet();
            engine.markHeaders().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            String body;
            try (InputStream in = ex.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (path.equals(RESET_PATH) && method.equals("POST")) {
                reset();
                send(ex, 200, "{\"reset\":true,\"fault_plan\":\"" + config.faultPlanId() + "\"}", null);
                return;
            }
            boolean generation = SimEngine.isGeneration(path);
            TransportScript.Step fault = generation ? faults.next(body.contains("\"transport\"") ? Json.tryParse(body) : null) : null;
            if (fault != null && fault.kind() != TransportScript.Kind.RESET && fault.kind() != TransportScript.Kind.STALL) {
                if (waitForLatency(ex, t0, deadline)) sendCanned(ex, TransportFaults.canned(fault));
                return;
            }
            SimEngine.Reply reply = engine.handle(method, path, body);
            if (generation && !waitForLatency(ex, t0, deadline)) return;
            reply.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            if (fault != null) sendPart(ex, reply, fault, deadline);
            else send(ex, reply.status(), reply.body(), null);
        } finally {
            kill.cancel(false);
        }
    }

    private void sendCanned(HttpExchange ex, TransportFaults.Canned c) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        send(ex, c.status(), c.body(), c.retryAfter());
    }

    private static void send(HttpExchange ex, int status, String body, String retryAfter) throws IOException {
        if (retryAfter != null) ex.getResponseHeaders().set("Retry-After", retryAfter);
        if (!ex.getResponseHeaders().containsKey("Content-Type")) ex.getResponseHeaders().set("Content-Type", "application/json");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * A {@code reset} or {@code stall} fault: declare the full length, send half, (stall: go silent until the fault's
     * time or the request timeout), then cut the connection.
     */
    private static void sendPart(HttpExchange ex, SimEngine.Reply reply, TransportScript.Step fault, long deadline)
            throws IOException {
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(reply.status(), bytes.length);
        OutputStream out = ex.getResponseBody();
        out.write(bytes, 0, bytes.length / 2);
        out.flush();
        if (fault.kind() == TransportScript.Kind.STALL) {
            sleepNanos(Math.min(TimeUnit.MILLISECONDS.toNanos(fault.stallMillis()), deadline - System.nanoTime()));
        }
        try {
            out.close();
        } catch (IOException expected) {
            // "insufficient bytes written": the point of the fault
        }
        // the JDK server would keep the connection open, waiting for its next request; a handler that throws makes
        // it close the connection (ServerImpl.Exchange.run), which is the cut the client must see
        throw new IOException("simulated transport fault: connection cut after " + bytes.length / 2 + " of "
                + bytes.length + " bytes");
    }

    /**
     * Waits out the simulated latency (the whole time to answer: only what computing did not use). Returns false,
     * after answering 503, when the latency does not fit in the request timeout.
     */
    private boolean waitForLatency(HttpExchange ex, long t0, long deadline) throws IOException {
        long end = t0 + config.latency().toNanos();
        if (end - deadline > 0) {
            sleepNanos(deadline - System.nanoTime());
            send(ex, 503, "{\"error\":{\"message\":\"simulator: the simulated latency (" + config.latency().toMillis()
                    + " ms) exceeds the request timeout (" + options.requestTimeout().toMillis()
                    + " ms)\",\"type\":\"ServiceUnavailableError\",\"param\":null,\"code\":503}}", null);
            return false;
        }
        sleepNanos(end - System.nanoTime());
        return true;
    }

    private static void sleepNanos(long nanos) {
        if (nanos <= 0) return;
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        watchdog.shutdownNow();
    }

    @Override
    public String toString() {
        return "SimServer[" + baseUrl() + ", fault plan " + config.faultPlanId() + "]";
    }
}
