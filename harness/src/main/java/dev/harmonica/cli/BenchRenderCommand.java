package dev.harmonica.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.Message;
import dev.harmonica.harmony.MessageJson;
import dev.harmonica.harmony.RendererPresets;
import dev.harmonica.harmony.Rendering;
import dev.harmonica.harmony.render.HarmonyRenderer;
import dev.harmonica.harmony.render.IncrementalRenderer;
import dev.harmonica.scenario.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code harmonica bench render}: full and incremental rendering on the harmony perf inputs. */
@Command(name = "render", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmark: full and incremental rendering on the harmony perf inputs.",
                "1. full render_conversation_for_completion of perf_c (100 turns with tools,",
                "   ~49k tokens), with and without analysis dropping (target < 30 ms;",
                "   openai/harmony takes ~90 ms);",
                "2. the next-turn prompt after appending one message to perf_c (target < 1 ms);",
                "3. a 200-turn (~100k-token) conversation grown turn by turn: per-turn cost of",
                "   the incremental renderer (append the turn's 5 messages + next prompt)",
                "   next to a full re-render.",
                "Warm-up first, then medians of wall-clock and thread CPU time (CPU time is the",
                "robust number on a loaded machine). Data: --data DIR (default ../shared/data)."})
public final class BenchRenderCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", description = "Shared data folder (holds harmony/perf/). Default ../shared/data.")
    Path data = Path.of("../shared/data");

    @Option(names = "--iterations", paramLabel = "N", description = "Timed iterations per measurement (default ${DEFAULT-VALUE}).")
    int iterations = 30;

    @Option(names = "--warmup", paramLabel = "N", description = "Warm-up iterations per measurement (default ${DEFAULT-VALUE}).")
    int warmup = 15;

    @Option(names = "--renderer", paramLabel = "SPEC", description = "Renderer preset or spec (default ${DEFAULT-VALUE}).")
    String renderer = RendererPresets.V0_0_8_NAME;

    @Option(names = "--growing-turns", paramLabel = "N", description = "Turns of the growing conversation (default ${DEFAULT-VALUE}).")
    int growingTurns = 200;

    private long sink;

    @Override
    public Integer call() throws IOException {
        if (iterations < 1 || warmup < 0 || growingTurns < 10) throw new BadInputException("--iterations >= 1, --warmup >= 0, --growing-turns >= 10");
        Path file = data.resolve("harmony/perf/perf_c_conversation.json");
        if (!Files.exists(file)) {
            throw new BadInputException(file.toAbsolutePath().normalize() + ": not found (pass --data DIR, the folder holding harmony/perf/)");
        }
        PrintWriter out = spec.commandLine().getOut();
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        List<Message> messages = MessageJson.readConversation(root.get("conversation"));
        String nextRole = root.path("next_turn_role").asText("assistant");
        long t0 = System.nanoTime();
        HarmonyEncoding enc = HarmonyEncoding.get();
        HarmonyRenderer r;
        try {
            r = new HarmonyRenderer(enc, RendererPresets.parse(renderer));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--renderer: " + e.getMessage());
        }
        out.printf("harmonica bench render: renderer %s, %d warm-up + %d timed iterations, encoding loaded in %.0f ms%n",
                RendererPresets.id(r.options()), warmup, iterations, (System.nanoTime() - t0) / 1e6);
        out.printf("input: %s (%d messages)%n%n", file, messages.size());

        // 1. full render
        for (boolean drop : new boolean[]{false, true}) {
            int tokens = r.renderForCompletion(messages, nextRole, drop).tokenCount();
            Timing t = median(() -> sink += r.renderForCompletion(messages, nextRole, drop).tokenCount());
            out.printf("full render, auto_drop_analysis=%-5s  %6d tokens  %s  %5.2f M tokens/s (cpu)%n",
                    drop, tokens, t, tokens / t.cpuMs() / 1000);
        }
        out.flush();

        // 2. next turn after one appended message
        Message extra = Message.text("user", "One more question: what about the second region?");
        IncrementalRenderer inc = r.incremental(true);
        for (Message m : messages) inc.append(m);
        Rendering before = inc.promptFor(nextRole);
        double[] nextTurn = new double[iterations], nextTurnCpu = new double[iterations];
        for (int i = 0; i < warmup + iterations; i++) {
            IncrementalRenderer fresh = r.incremental(true);
            for (Message m : messages) fresh.append(m);
            fresh.promptFor(nextRole);
            long c = cpuNow(), s = System.nanoTime();
            fresh.append(extra);
            sink += fresh.promptFor(nextRole).tokenCount();
            if (i >= warmup) {
                nextTurn[i - warmup] = (System.nanoTime() - s) / 1e6;
                nextTurnCpu[i - warmup] = (cpuNow() - c) / 1e6;
            }
        }
        List<Message> plusOne = new ArrayList<>(messages);
        plusOne.add(extra);
        Timing fullPlusOne = median(() -> sink += r.renderForCompletion(plusOne, nextRole, true).tokenCount());
        out.printf("%nnext turn after 1 appended message (%d -> %d tokens):%n", before.tokenCount(),
                r.renderForCompletion(plusOne, nextRole, true).tokenCount());
        out.printf("  incremental append + prompt  %s%n", new Timing(median(nextTurn), median(nextTurnCpu)));
        out.printf("  full re-render               %s%n", fullPlusOne);
        out.flush();

        // 3. growing conversation
        growing(r, messages, nextRole, out);
        out.flush();
        if (sink == 42) out.println(); // keeps the results observable to the JIT
        return Main.OK;
    }

    private void growing(HarmonyRenderer r, List<Message> perf, String nextRole, PrintWriter out) {
        // perf_c = system, developer, then 100 turns of [user, analysis, tool call, tool result, final]
        List<Message> head = perf.subList(0, 2);
        List<List<Message>> turns = new ArrayList<>();
        for (int i = 2; i + 5 <= perf.size(); i += 5) turns.add(perf.subList(i, i + 5));
        if (turns.isEmpty()) throw new BadInputException("perf_c has no turns of 5 messages");
        int reps = Math.max(3, iterations / 5);
        double[][] perTurn = new double[growingTurns][reps];
        double[][] perTurnCpu = new double[growingTurns][reps];
        int[] promptTokens = new int[growingTurns];
        int[] addedTokens = new int[growingTurns];
        for (int rep = -Math.max(1, warmup / 5); rep < reps; rep++) {
            IncrementalRenderer inc = r.incremental(true);
            for (Message m : head) inc.append(m);
            int previous = inc.promptFor(nextRole).tokenCount();
            for (int t = 0; t < growingTurns; t++) {
                List<Message> turn = turns.get(t % turns.size());
                long c = cpuNow(), s = System.nanoTime();
                for (Message m : turn) inc.append(m);
                Rendering p = inc.promptFor(nextRole);
                long e = System.nanoTime();
                if (rep >= 0) {
                    perTurn[t][rep] = (e - s) / 1e6;
                    perTurnCpu[t][rep] = (cpuNow() - c) / 1e6;
                }
                promptTokens[t] = p.tokenCount();
                addedTokens[t] = p.tokenCount() - previous;
                previous = p.tokenCount();
            }
        }
        out.printf("%ngrowing conversation: %d turns of 5 messages, %d tokens at the end (median of %d runs)%n",
                growingTurns, promptTokens[growingTurns - 1], reps);
        out.printf("  %5s  %8s  %12s  %20s  %20s  %12s%n", "turn", "prompt", "tokens added", "incremental ms",
                "full render ms", "incr tok/s");
        out.printf("  %5s  %8s  %12s  %20s  %20s  %12s%n", "", "tokens", "this turn", "wall / cpu", "wall / cpu", "(cpu)");
        List<Message> all = new ArrayList<>(head);
        for (int t = 0; t < growingTurns; t++) {
            all.addAll(turns.get(t % turns.size()));
            int turn = t + 1;
            if (turn == 10 || turn == 50 || turn == 100 || turn == 200 || turn == growingTurns) {
                List<Message> snapshot = List.copyOf(all);
                Timing full = median(() -> sink += r.renderForCompletion(snapshot, nextRole, true).tokenCount(), Math.max(5, iterations / 3));
                double inc = median(perTurn[t]), incCpu = median(perTurnCpu[t]);
                out.printf("  %5d  %8d  %12d  %9.3f / %8.3f  %9.2f / %8.2f  %12.0f%n", turn, promptTokens[t], addedTokens[t],
                        inc, incCpu, full.wallMs(), full.cpuMs(), addedTokens[t] / incCpu * 1000);
                if (turn == growingTurns) break;
            }
        }
        out.println("  incremental = render the turn's 5 new messages + hand out the prompt. Rendering work is proportional to");
        out.println("  what was added; the only part that grows with the conversation is copying the result into the");
        out.println("  returned Rendering (an int[] and a String, a memcpy of a few bytes per token).");
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Wall and thread-CPU medians in ms (CPU time is the robust number on a shared, loaded machine). */
    private record Timing(double wallMs, double cpuMs) {
        @Override
        public String toString() {
            return String.format("median %8.3f ms wall, %8.3f ms cpu", wallMs, cpuMs);
        }
    }

    private static long cpuNow() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    private Timing median(Runnable task) {
        return median(task, iterations);
    }

    private Timing median(Runnable task, int n) {
        for (int i = 0; i < warmup; i++) task.run();
        double[] wall = new double[n], cpu = new double[n];
        for (int i = 0; i < n; i++) {
            long c = cpuNow(), s = System.nanoTime();
            task.run();
            wall[i] = (System.nanoTime() - s) / 1e6;
            cpu[i] = (cpuNow() - c) / 1e6;
        }
        return new Timing(median(wall), median(cpu));
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
