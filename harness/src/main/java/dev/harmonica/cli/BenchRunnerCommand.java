package dev.harmonica.cli;

import dev.harmonica.run.BenchRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code harmonica bench runner}: runner overhead per turn and concurrency efficiency against the simulator. */
@Command(name = "runner", mixinStandardHelpOptions = true,
        description = {"Benchmark: runner overhead per turn and concurrency efficiency against the simulator.",
                "overhead: one scenario at a time, a ~N-token first user message then S tool-call steps; per-turn time "
                        + "= render + request + the three parses + validation + tool execution + journal line "
                        + "(median after warm-up).",
                "concurrency: 2x C scenarios of 10 turns, C in flight, simulator latency L ms; ideal = C * 1000 / L turns/s.",
                "memory: a run of T turns; heap used after GC before and after."})
public final class BenchRunnerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--context", description = "first-message size in tokens (default ${DEFAULT-VALUE})", defaultValue = "20000")
    int context;

    @Option(names = "--steps", description = "tool-call steps per overhead scenario (default ${DEFAULT-VALUE})", defaultValue = "100")
    int steps;

    @Option(names = "--scenarios", description = "measured overhead scenarios (default ${DEFAULT-VALUE})", defaultValue = "6")
    int scenarios;

    @Option(names = "--concurrency", description = "requests in flight (default ${DEFAULT-VALUE})", defaultValue = "64")
    int concurrency;

    @Option(names = "--latency-ms", description = "simulator latency for the concurrency part (default ${DEFAULT-VALUE})", defaultValue = "200")
    int latencyMs;

    @Option(names = "--memory-turns", description = "turns of the memory run (default ${DEFAULT-VALUE})", defaultValue = "100000")
    int memoryTurns;

    @Option(names = "--sim", description = "overhead part: answer with the in-process simulator instead of the instant echo endpoint")
    boolean sim;

    @Option(names = "--parts", description = "which parts: overhead,concurrency,memory (default ${DEFAULT-VALUE})", defaultValue = "overhead,concurrency,memory")
    String parts;

    @Option(names = "--work", description = "scratch directory (default: a temporary directory)")
    Path work;

    @Override
    public Integer call() throws Exception {
        Path dir = work != null ? work : Files.createTempDirectory("harmonica-bench-runner");
        return BenchRunner.run(spec.commandLine().getOut(), dir, context, steps, scenarios, concurrency, latencyMs,
                memoryTurns, sim, parts);
    }
}
