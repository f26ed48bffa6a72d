package dev.harmonica.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.harmonica.endpoint.Endpoint;
import dev.harmonica.endpoint.ModelRequest;
import dev.harmonica.endpoint.RawTurn;
import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.Message;
import dev.harmonica.harmony.MessageJson;
import dev.harmonica.harmony.render.HarmonyRenderer;
import dev.harmonica.journal.Journal;
import dev.harmonica.journal.ScenarioRecord;
import dev.harmonica.journal.TurnRecord;
import dev.harmonica.scenario.ExpectedCall;
import dev.harmonica.scenario.MultiTurnScenario;
import dev.harmonica.scenario.ReplayScenario;
import dev.harmonica.scenario.Scenario;
import dev.harmonica.scenario.ToolBackend;
import dev.harmonica.turn.TurnAnalyzer;

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
 * simulator, its memory over a long run, and the per-step cost of SWE prefix replay over a long trajectory (flat in
 * depth thanks to incremental rendering, until elision forces rebuilds). Synthetic scenarios; nothing leaves the
 * process.
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
                    JsonNode a = JsonValues.read(args);
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
        return run(out, work, contextTokens, steps, overheadScenarios, concurrency, latencyMs, memoryTurns, useSim, parts,
                SweOptions.DEFAULTS);
    }

    /**
     * Options of the {@code swe} part.
     *
     * @param steps            steps of the synthetic trajectory
     * @param lastPromptTokens the (estimated) prompt tokens of the last step
     * @param replays          measured replays per configuration (after one warm-up replay)
     * @param elideContext     the context window of the elision configuration (prompt budget = this minus
     *                         max_tokens 4096)
     * @param seed             trajectory seed
     */
    public record SweOptions(int steps, int lastPromptTokens, int replays, int elideContext, long seed) {
        public static final SweOptions DEFAULTS = new SweOptions(150, 80_000, 5, 65_536, 7L);
    }

    /** As {@link #run} with explicit {@code swe} part options. */
    public static int run(PrintWriter out, Path work, int contextTokens, int steps, int overheadScenarios,
                          int concurrency, int latencyMs, int memoryTurns, boolean useSim, String parts,
                          SweOptions swe) throws IOException {
        Files.createDirectories(work);
        if (parts.contains("overhead")) overhead(out, work, contextTokens, steps, overheadScenarios, useSim);
        if (parts.contains("concurrency")) concurrency(out, work, concurrency, latencyMs);
        if (parts.contains("memory")) memory(out, work, memoryTurns);
        if (parts.contains("swe")) swe(out, work, swe);
        return 0;
    }

    /** One replayed step as the sink saw it. */
    private record SweStep(int step, long nanos, int promptTokens, int elided, boolean rebuilt) {
    }

    /**
     * SWE prefix replay of a synthetic long trajectory through the runner's real path ({@link ScenarioPlayer}:
     * ReplayContext prefix, ReplayHistory incremental sync or rebuild, render, request, three parses, scoring,
     * journal line), against an instant endpoint. Per-step time = from the previous step's journal line to this
     * one's (step 1: from the start of the replay).
     */
    static void swe(PrintWriter out, Path work, SweOptions o) throws IOException {
        long t0 = System.nanoTime();
        ReplayScenario scenario = SweBenchScenario.build(o.seed(), o.steps(), o.lastPromptTokens());
        long built = System.nanoTime();
        scenario.context(); // counts the tokens of the whole trajectory, once per scenario
        long ctx = System.nanoTime();
        out.printf(Locale.ROOT, "swe: synthetic trajectory %s: %d steps (bash/str_replace_editor), estimated last prompt %,d tokens; "
                        + "generated in %.0f ms (incl. tokenizer load on first use), prefix builder (once per scenario) %.0f ms%n",
                scenario.id(), o.steps(), scenario.context().estimatedTokens(o.steps() - 1), (built - t0) / 1e6,
                (ctx - built) / 1e6);
        out.flush();
        // warm-up: one replay of every configuration before any is measured (JIT, tokenizer and renderer caches)
        for (boolean sim : new boolean[]{false, true}) {
            for (int window : new int[]{0, o.elideContext()}) sweReplays(out, work, scenario, o, sim, window, 0);
        }
        for (boolean sim : new boolean[]{false, true}) {
            for (int window : new int[]{0, o.elideContext()}) sweReplays(out, work, scenario, o, sim, window, o.replays());
        }
    }

    /** One warm-up replay then {@code measured} replays of one configuration; prints nothing when none is measured. */
    private static void sweReplays(PrintWriter out, Path work, ReplayScenario scenario, SweOptions o, boolean sim,
                                   int window, int measured) throws IOException {
        RunSpec.EndpointSettings settings = RunSpec.EndpointSettings.simulator().withSim(false, 0, 0).withConcurrency(1);
        RunSpec rc = new RunSpec("bench-swe", List.of("swe:bench"),
                List.of(Variant.of("v008", "harmony-v0.0.8", Variant.Mode.COMPLETIONS)), settings, 20, 0, 0, false,
                "all", window);
        Endpoint endpoint = sim ? RunEndpoints.factory().create(settings) : new EchoEndpoint();
        Path jp = work.resolve("swe-journal.jsonl");
        Files.deleteIfExists(jp);
        List<List<SweStep>> replays = new ArrayList<>();
        long[] last = {0};
        List<SweStep> current = new ArrayList<>();
        long[] perReplay = new long[measured];
        try (Journal journal = Journal.open(jp, null)) {
            ScenarioPlayer player = new ScenarioPlayer(new PlayServices("bench", null, rc, endpoint, TurnAnalyzer.harmony(), RendererFactory.harmony()), 1, t -> {
                journal.append(t);
                long now = System.nanoTime();
                TurnRecord.ReplayContext c = t.replayContext();
                int elided = c == null ? 0 : c.elidedObservations();
                // ReplayHistory rebuilds the conversation when the prefix stops extending the previous one:
                // here, whenever the set of elided observations changes
                boolean rebuilt = !current.isEmpty() && elided != current.get(current.size() - 1).elided();
                current.add(new SweStep(t.step(), now - last[0], t.promptTokens(), elided, rebuilt));
                last[0] = System.nanoTime();
            });
            for (int i = 0; i <= measured; i++) { // replay 0 is the warm-up
                current.clear();
                long start = System.nanoTime();
                last[0] = start;
                ScenarioRecord r = player.play(scenario, rc.variants().get(0));
                long end = System.nanoTime();
                journal.append(r);
                if (current.size() != o.steps()) {
                    throw new IllegalStateException("swe bench: replay journaled " + current.size() + " of "
                            + o.steps() + " steps (status " + r.status() + ", " + r.error() + ")");
                }
                if (i > 0) {
                    replays.add(List.copyOf(current));
                    perReplay[i - 1] = end - start;
                }
            }
        }
        if (measured == 0) return;
        long[] all = replays.stream().flatMap(List::stream).mapToLong(SweStep::nanos).sorted().toArray();
        long rebuilt = replays.get(0).stream().filter(SweStep::rebuilt).count();
        int firstElided = replays.get(0).stream().filter(s -> s.elided() > 0).mapToInt(SweStep::step).findFirst().orElse(-1);
        Arrays.sort(perReplay);
        String budget = window <= 0 ? "context unlimited"
                : String.format(Locale.ROOT, "context %,d (prompt budget %,d): old observations elided from step %d, "
                + "history rebuilt at %d steps", window, rc.sweBudget(rc.variants().get(0)).maxPromptTokens(),
                firstElided + 1, rebuilt);
        out.printf(Locale.ROOT, "swe (%s, %s): %d replays x %d steps; per step median %.3f ms, "
                        + "p90 %.3f ms; per replay median %.0f ms (after a warm-up replay of every configuration)%n",
                sim ? "in-process simulator, faults off" : "instant echo endpoint", budget, replays.size(), o.steps(),
                all[all.length / 2] / 1e6, all[(int) (all.length * 0.9)] / 1e6, perReplay[perReplay.length / 2] / 1e6);
        int buckets = 5;
        for (int b = 0; b < buckets; b++) {
            int from = (int) ((long) b * o.steps() / buckets);
            int to = (int) ((long) (b + 1) * o.steps() / buckets); // steps [from, to), printed 1-based
            List<SweStep> in = new ArrayList<>();
            for (List<SweStep> rep : replays) for (SweStep s : rep) if (s.step() >= from && s.step() < to) in.add(s);
            long[] d = in.stream().mapToLong(SweStep::nanos).sorted().toArray();
            int minP = in.stream().mapToInt(SweStep::promptTokens).min().orElse(0);
            int maxP = in.stream().mapToInt(SweStep::promptTokens).max().orElse(0);
            long el = replays.get(0).stream().filter(s -> s.step() >= from && s.step() < to && s.rebuilt()).count();
            out.printf(Locale.ROOT, "  steps %3d-%3d: prompt %,7d..%,7d tokens: median %.3f ms, p90 %.3f ms%s%n",
                    from + 1, to, minP, maxP, d[d.length / 2] / 1e6, d[(int) (d.length * 0.9)] / 1e6,
                    el > 0 ? " (" + el + " rebuilt)" : "");
        }
        out.flush();
    }

    static RunSpec config(String id, int concurrency, int latencyMs, int stepLimit) {
        RunSpec.EndpointSettings sim = RunSpec.EndpointSettings.simulator().withSim(false, 0, latencyMs)
                .withConcurrency(concurrency);
        return new RunSpec(id, List.of("bfcl:bench"), List.of(Variant.of("v008", "harmony-v0.0.8", Variant.Mode.COMPLETIONS)),
                sim, stepLimit, 0, 0, false);
    }

    private static void overhead(PrintWriter out, Path work, int contextTokens, int steps, int scenarios, boolean useSim)
            throws IOException {
        RunSpec rc = config("bench-overhead", 1, 0, steps + 5);
        Endpoint endpoint = useSim ? RunEndpoints.factory().create(rc.endpoint()) : new EchoEndpoint();
        Path jp = work.resolve("overhead-journal.jsonl");
        Files.deleteIfExists(jp);
        long[] last = {0};
        List<Long> deltas = new ArrayList<>();
        boolean[] measuring = {false};
        int[] prompt = {0};
        try (Journal journal = Journal.open(jp, null)) {
            ScenarioPlayer player = new ScenarioPlayer(new PlayServices("bench", null, rc, endpoint, TurnAnalyzer.harmony(), RendererFactory.harmony()), 1, t -> {
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
        RunSpec rc = config("bench-concurrency", concurrency, latencyMs, 50);
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
        RunSpec rc = config("bench-memory", 2, 0, steps + 5);
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
