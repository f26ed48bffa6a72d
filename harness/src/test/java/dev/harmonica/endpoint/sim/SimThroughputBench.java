package dev.harmonica.endpoint.sim;

import dev.harmonica.endpoint.Endpoint;
import dev.harmonica.endpoint.EndpointConfig;
import dev.harmonica.endpoint.Endpoints;
import dev.harmonica.endpoint.Json;
import dev.harmonica.endpoint.ModelRequest;
import dev.harmonica.harmony.HarmonyEncoding;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark hook for the runner (not a test): sustained turns/s of the simulator with a simulated latency and a fixed
 * number of concurrent callers, in process and over HTTP (completions and chat). The ideal is
 * {@code concurrency / latency}; with 200 ms and 64 callers, 320 turns/s.
 *
 * <pre>
 * mvn -B -ntp -o -q test-compile
 * java -cp harness/target/test-classes:harness/target/classes:$(cat cp.txt) dev.harmonica.endpoint.sim.SimThroughputBench [latencyMs] [concurrency] [seconds] [rounds]
 * </pre>
 */
public final class SimThroughputBench {
    public static void main(String[] args) throws Exception {
        int latencyMs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        double ideal = concurrency * 1000.0 / latencyMs;
        SimConfig cfg = SimConfig.DEFAULT.withLatency(Duration.ofMillis(latencyMs));
        System.out.printf("ideal: %.1f turns/s (%d callers, %d ms latency)%n", ideal, concurrency, latencyMs);
        try (Endpoint local = new SimulatedEndpoint(EndpointConfig.inProcessSim().withConcurrency(concurrency), cfg)) {
            report("in-process completions", local, ModelRequest.Mode.COMPLETIONS, concurrency, seconds, rounds, ideal);
        }
        try (SimServer server = SimServer.start(cfg, 0, concurrency * 2);
             Endpoint http = Endpoints.create(EndpointConfig.http(server.baseUrl(), "gpt-oss-sim")
                     .withServer(EndpointConfig.ServerKind.HARMONICA_SIM).withConcurrency(concurrency))) {
            report("HTTP completions", http, ModelRequest.Mode.COMPLETIONS, concurrency, seconds, rounds, ideal);
            report("HTTP chat", http, ModelRequest.Mode.CHAT, concurrency, seconds, rounds, ideal);
        }
    }

    static void report(String name, Endpoint ep, ModelRequest.Mode mode, int concurrency, int seconds, int rounds,
                       double ideal) throws Exception {
        measure(ep, mode, concurrency, 5); // warm-up (JIT, connection pool)
        double[] rates = new double[rounds];
        for (int i = 0; i < rounds; i++) rates[i] = measure(ep, mode, concurrency, seconds);
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        double median = sorted[rounds / 2];
        System.out.printf("%-24s median %.1f turns/s = %.1f%% of ideal; rounds %s%n", name, median, 100 * median / ideal,
                Arrays.toString(Arrays.stream(rates).map(r -> Math.round(r * 10) / 10.0).toArray()));
    }

    static double measure(Endpoint ep, ModelRequest.Mode mode, int concurrency, int seconds) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        CountDownLatch finished = new CountDownLatch(concurrency);
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int c = 0; c < concurrency; c++) {
            int caller = c;
            Thread t = new Thread(() -> {
                int depth = 0;
                while (!stop.get()) {
                    try {
                        ep.complete(request(mode, "bench-" + caller, depth++ % 30));
                        done.incrementAndGet();
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
                finished.countDown();
            });
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        Thread.sleep(seconds * 1000L);
        long count = done.get();
        long elapsed = System.nanoTime() - t0;
        stop.set(true);
        finished.await();
        if (errors.get() > 0) System.out.println("  errors: " + errors.get());
        return count / (elapsed / 1e9);
    }

    static ModelRequest request(ModelRequest.Mode mode, String scenario, int depth) {
        ModelRequest.SimHint hint = new ModelRequest.SimHint(scenario, depth, SimEndpointTest.CALL);
        if (mode == ModelRequest.Mode.CHAT) {
            return new ModelRequest(mode, null, null, null,
                    Json.tryParse("[{\"role\":\"user\",\"content\":\"Weather in SF?\"}]"),
                    SimEndpointTest.TOOLS, null, null, false, ModelRequest.Sampling.DEFAULT, hint);
        }
        int[] prompt = HarmonyEncoding.get().encodeWithSpecials(SimEndpointTest.PROMPT);
        return new ModelRequest(mode, null, prompt, SimEndpointTest.PROMPT, null, null, null, null, false,
                ModelRequest.Sampling.DEFAULT, hint);
    }
}
