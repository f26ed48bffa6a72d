package dev.harmonica.cli;

import dev.harmonica.run.BenchRunner;
import dev.harmonica.scenario.BadInputException;
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
                "memory: a run of T turns; heap used after GC before and after.",
                "swe (~15 s): SWE prefix replay of a synthetic trajectory (default 150 bash/str_replace_editor steps, last prompt "
                        + "~80k tokens) through the runner's real replay path against an instant echo endpoint and the "
                        + "simulator (faults off), context unlimited and a context small enough to force elision; per-step "
                        + "overhead (prefix + incremental render + request + three parses + scoring + journal line), median "
                        + "and p90 overall and per depth bucket, after a warm-up replay of every configuration."})
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

    @Option(names = "--parts", description = "which parts: overhead,concurrency,memory,swe (default ${DEFAULT-VALUE})", defaultValue = "overhead,concurrency,memory,swe")
    String parts;

    @Option(names = "--swe-steps", description = "swe part: steps of the synthetic trajectory (default ${DEFAULT-VALUE})", defaultValue = "150")
    int sweSteps;

    @Option(names = "--swe-prompt-tokens", description = "swe part: prompt tokens of the last step (default ${DEFAULT-VALUE})", defaultValue = "80000")
    int swePromptTokens;

    @Option(names = "--swe-replays", description = "swe part: measured replays per configuration (default ${DEFAULT-VALUE})", defaultValue = "5")
    int sweReplays;

    @Option(names = "--swe-elide-context", description = "swe part: context window of the elision configuration (default ${DEFAULT-VALUE})", defaultValue = "65536")
    int sweElideContext;

    @Option(names = "--work", description = "scratch directory (default: a temporary directory)")
    Path work;

    @Override
    public Integer call() throws Exception {
        if (sweSteps < 2 || swePromptTokens < 1000 || sweReplays < 1 || sweElideContext < 0) {
            throw new BadInputException("--swe-steps must be >= 2, --swe-prompt-tokens >= 1000, --swe-replays >= 1 "
                    + "and --swe-elide-context >= 0");
        }
        Path dir = work != null ? work : Files.createTempDirectory("harmonica-bench-runner");
        return BenchRunner.run(spec.commandLine().getOut(), dir, context, steps, scenarios, concurrency, latencyMs,
                memoryTurns, sim, parts, new BenchRunner.SweOptions(sweSteps, swePromptTokens, sweReplays,
                        sweElideContext, BenchRunner.SweOptions.DEFAULTS.seed()));
    }
}
