package dev.harmonica.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.harmonica.endpoint.Endpoint;
import dev.harmonica.endpoint.ModelRequest;
import dev.harmonica.endpoint.RawTurn;
import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.HarmonyRenderer;
import dev.harmonica.harmony.Message;
import dev.harmonica.harmony.MessageJson;
import dev.harmonica.scenario.ExpectedCall;
import dev.harmonica.scenario.MultiTurnScenario;
import dev.harmonica.scenario.Scenario;
import dev.harmonica.scenario.ToolBackend;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code harmonica bench runner}: the runner's own cost per model turn, its concurrency efficiency against a slow
 * simulator, and its memory over a long run. Synthetic scenarios; nothing leaves the process.
 */
public final class BenchRunner {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private BenchRunner() {
    }

    /**
     * An endpoint that answers instantly with the hint's expected messages, pre-rendered once per distinct answer:
     * it isolates the runner's own overhead from the simulator's.
     */
    public static final class EchoEndpoint implements Endpoint {
        private final HarmonyRenderer renderer = HarmonyRenderer.of("harmony-v0.0.8");
        private final Map<String, RawTurn> cache = new ConcurrentHashMap<>();
        private final int latencyMs;

        public EchoEndpoint() {
            this(0);
        }

        /** @param latencyMs a timed wait per answer (no CPU), like the simulator's latency */
        public EchoEndpoint(int latencyMs) {
            this.latencyMs = latencyMs;
        }

        @Override
        public RawTurn complete(ModelRequest request) {
            if (latencyMs > 0) {
                try {
                    Thread.sleep(latencyMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            String key = request.simHint().expected().toString();
            return cache.computeIfAbsent(key, k -> {
                List<Message> expected = MessageJson.readConversation(request.simHint().expected());
                StringBuilder sb = new StringBuilder();
                for (Message m : expected) sb.append(renderer.renderMessage(m, true).text());
                String s = sb.toString();
                if (s.startsWith("<|start|>assistant")) s = s.substring("<|start|>assistant".length());
                Message last = expected.get(expected.size() - 1);
                if (s.endsWith("<|end|>")) {
                    s = s.substring(0, s.length() - 7) + (last.recipient() != null ? "<|call|>" : "<|return|>");
                }
                int[] ids = HarmonyEncoding.get().encodeWithSpecials(s);
                return new RawTurn(ids, s, null, "stop", -1, ids.length, 0.0, 1, 200, null, List.of(), false);
            });
        }
    }

    static final ArrayNode TOOLS;

    static {
        try {
            TOOLS = (ArrayNode) MAPPER.readTree("""
                    [{"type":"function","function":{"name":"put","description":"Stores a value under a key.","parameters":
                      {"type":"object","properties":{"key":{"type":"string"},"value":{"type":"integer"}},"required":["key","value"]}}}]""");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A scenario: one user turn of about {@code contextTokens} tokens, then {@code steps} tool calls and an answer. */
    static MultiTurnScenario scenario(String id, int contextTokens, int steps) {
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (text.length() < contextTokens * 4L) {
            text.append("Line ").append(i++).append(": the quick brown fox jumps over the lazy dog near the river bank.\n");
        }
        List<ExpectedCall> gt = new ArrayList<>();
        for (int s = 0; s < steps; s++) gt.add(new ExpectedCall("put", "{\"key\":\"k" + s + "\",\"value\":" + s + "}"));
        MultiTurnScenario.UserTurn turn = new MultiTurnScenario.UserTurn(List.of(text.toString()), List.of(), gt);
        return new MultiTurnScenario(id, "bfcl", "bench", TOOLS, List.of(turn), () -> new MultiTurnScenario.Play() {
            final Map<String, Long> state = new HashMap<>();

            @Override
            public ToolBackend backend() {
                return (name, args) -> {
                    JsonNode a = ScenarioPlayer.readJson(args);
                    state.put(a.path("key").asText(), a.path("value").asLong());
                    return "{\"ok\": true}";
                };
            }

            @Override
            public MultiTurnScenario.Verdict check(List<List<List<ExpectedCall>>> modelCalls) {
                return MultiTurnScenario.Verdict.VALID;
            }
        });
    }

    /** Result lines go to {@code out}. Returns 0. */
    public static int run(PrintWriter out, Path work, int contextTokens, int steps, int overheadScenarios,
                          int concurrency, int latencyMs, int memoryTurns, boolean useSim, String parts) throws IOException {
        Files.createDirectories(work);
        if (parts.contains("overhead")) overhead(out, work, contextTokens, steps, overheadScenarios, useSim);
        if (parts.contains("concurrency")) concurrency(out, work, concurrency, latencyMs);
        if (parts.contains("memory")) memory(out, work, memoryTurns);
        return 0;
    }

    static RunConfig config(String id, int concurrency, int latencyMs, int stepLimit) {
        RunConfig.EndpointSettings sim = RunConfig.EndpointSettings.simulator().withSim(false, 0, latencyMs)
                .withConcurrency(concurrency);
        return new RunConfig(id, List.of("bfcl:bench"), List.of(Variant.of("v008", "harmony-v0.0.8", Variant.Mode.COMPLETIONS)),
                sim, stepLimit, 0, 0, false);
    }

    private static void overhead(PrintWriter out, Path work, int contextTokens, int steps, int scenarios, boolean useSim)
            throws IOException {
        RunConfig rc = config("bench-overhead", 1, 0, steps + 5);
        Endpoint endpoint = useSim ? RunEndpoints.factory().create(rc.endpoint()) : new EchoEndpoint();
        Path jp = work.resolve("overhead-journal.jsonl");
        Files.deleteIfExists(jp);
        long[] last = {0};
        List<Long> deltas = new ArrayList<>();
        boolean[] measuring = {false};
        int[] prompt = {0};
        try (Journal journal = Journal.open(jp, null)) {
            ScenarioPlayer player = new ScenarioPlayer("bench", null, rc, endpoint, TurnAnalyzer.harmony(),
                    RendererFactory.harmony(), t -> {
                journal.append(t);
                long now = System.nanoTime();
                if (measuring[0] && last[0] != 0 && t.step() > 0) deltas.add(now - last[0]);
                last[0] = now;
                prompt[0] = Math.max(prompt[0], t.promptTokens());
            });
            int warm = Math.max(2, scenarios / 2);
            for (int i = 0; i < warm + scenarios; i++) {
                measuring[0] = i >= warm;
                last[0] = 0;
                player.play(scenario("bench_" + i, contextTokens, steps), rc.variants().get(0));
                journal.append(Map.of("type", "bench"));
            }
        }
        long[] d = deltas.stream().mapToLong(Long::longValue).sorted().toArray();
        out.printf(Locale.ROOT, "overhead: %d model turns measured (context %d..%d tokens, %s), per turn: median %.3f ms, p90 %.3f ms, mean %.3f ms%n",
                d.length, contextTokens, prompt[0], useSim ? "in-process simulator" : "instant echo endpoint",
                d[d.length / 2] / 1e6, d[(int) (d.length * 0.9)] / 1e6, Arrays.stream(d).average().orElse(0) / 1e6);
        out.flush();
    }

    private static void concurrency(PrintWriter out, Path work, int concurrency, int latencyMs) {
        concurrency(out, work, concurrency, latencyMs, false);
        concurrency(out, work, concurrency, latencyMs, true);
    }

    private static void concurrency(PrintWriter out, Path work, int concurrency, int latencyMs, boolean echo) {
        int scenarios = concurrency * 2;
        int steps = 9; // 10 model turns per scenario
        RunConfig rc = config("bench-concurrency", concurrency, latencyMs, 50);
        List<Scenario> list = new ArrayList<>();
        for (int i = 0; i < scenarios; i++) list.add(scenario("conc_" + i, 200, steps));
        Path dir = work.resolve("concurrency-" + System.nanoTime());
        Runner.EndpointFactory endpoints = echo ? s -> new EchoEndpoint(latencyMs) : RunEndpoints.factory();
        Runner.Services services = Runner.Services.standard(endpoints).withLoader((c, b, s) -> list);
        // warm-up: tokenizer tables, parsers, renderer and JIT, outside the measurement
        List<Scenario> warm = new ArrayList<>();
        for (int i = 0; i < 8; i++) warm.add(scenario("warm_" + i, 200, steps));
        Runner.run(config("bench-warmup", 4, 0, 50), Runner.Options.defaults(work.resolve("warmup-" + System.nanoTime()), work),
                Runner.Services.standard(RunEndpoints.factory()).withLoader((c, b, s) -> warm));
        Runner.Result r = Runner.run(rc, Runner.Options.defaults(dir, work), services);
        double ideal = concurrency * 1000.0 / latencyMs;
        double rate = r.turns() / r.seconds();
        out.printf(Locale.ROOT, "concurrency (%s): %d scenarios x %d turns, %d in flight, latency %d ms: %.1f turns/s of ideal %.1f (%.1f%%), %.2f s%n",
                echo ? "echo endpoint, runner only" : "in-process simulator", scenarios, steps + 1, concurrency, latencyMs,
                rate, ideal, 100 * rate / ideal, r.seconds());
        out.flush();
    }

    private static void memory(PrintWriter out, Path work, int turns) {
        int steps = 99; // 100 model turns per scenario
        int scenarios = Math.max(1, turns / (steps + 1));
        List<Scenario> list = new ArrayList<>();
        for (int i = 0; i < scenarios; i++) list.add(scenario("mem_" + i, 300, steps));
        RunConfig rc = config("bench-memory", 2, 0, steps + 5);
        Path dir = work.resolve("memory-" + System.nanoTime());
        Runner.EndpointFactory echo = s -> new EchoEndpoint();
        Runner.Services services = Runner.Services.standard(echo).withLoader((c, b, s) -> list);
        // warm-up (1,000 turns): loads the tokenizer, parser tables, schema and renderer caches before "before"
        List<Scenario> warm = new ArrayList<>(list.subList(0, Math.min(10, list.size())));
        Runner.run(config("bench-memory-warmup", 2, 0, steps + 5), Runner.Options.defaults(work.resolve("memwarm-" + System.nanoTime()), work),
                Runner.Services.standard(echo).withLoader((c, b, s) -> warm));
        long before = usedHeapAfterGc();
        Runner.Result r = Runner.run(rc, Runner.Options.defaults(dir, work), services);
        long after = usedHeapAfterGc();
        out.printf(Locale.ROOT, "memory: %d model turns in %d scenarios, %.1f turns/s; heap used after GC (after a 1,000-turn warm-up): before %.1f MB, after %.1f MB%n",
                r.turns(), scenarios, r.turns() / r.seconds(), before / 1e6, after / 1e6);
        out.flush();
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
