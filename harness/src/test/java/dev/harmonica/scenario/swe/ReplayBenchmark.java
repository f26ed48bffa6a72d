package dev.harmonica.scenario.swe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.harmonica.scenario.swe.SweScenario.ActionStyle;
import dev.harmonica.scenario.swe.SweScenario.Step;
import dev.harmonica.scenario.swe.SweScenario.ToolCall;
import dev.harmonica.turn.ActionScorer;
import dev.harmonica.turn.ModelAction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * JMH micro-benchmark of the SWE replay overhead per replayed step: building the prefix for step k (with and without
 * a context budget that forces truncation) and scoring a model action against recorded step k, on a synthetic
 * 150-step trajectory whose last prefix is about 80k tokens. The renderer is not included (measured elsewhere).
 *
 * <p>Run: {@code mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test}
 * then {@code java -cp harness/target/test-classes:harness/target/classes:$(cat harness/cp.txt)
 * dev.harmonica.scenario.swe.ReplayBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReplayBenchmark {
    public static final int STEPS = 150;

    SweScenario scenario;
    ReplayContext context;
    ActionScorer scorer;
    List<ModelAction> actions;
    ContextBudget unlimited = ContextBudget.unlimited();
    ContextBudget tight = new ContextBudget(64_000, 10);

    /**
     * A deterministic tool-call trajectory: bash / editor views / str_replace edits, each observation ~1,300 chars of
     * code-like text, so that the prefix of the last step is about 80k o200k tokens.
     */
    public static SweScenario syntheticScenario(int steps) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        List<JsonNode> prompt = List.of(f.objectNode().put("role", "system").put("content", "You are a careful software engineer."),
                f.objectNode().put("role", "user").put("content", "Fix the bug described below.\n" + "The parser drops the last field. ".repeat(20)));
        List<Step> list = new ArrayList<>();
        for (int k = 0; k < steps; k++) {
            StringBuilder obs = new StringBuilder();
            for (int line = 1; obs.length() < 1_300; line++) {
                obs.append(String.format("%6d\t    value_%d = compute(records[%d], weight=%d.%d)  # step %d%n", line, line, k, k % 7, line, k));
            }
            ToolCall call = switch (k % 3) {
                case 0 -> new ToolCall("c" + k, "bash", "{\"command\":\"cd /repo && grep -rn \\\"compute\\\" src/module_" + k + ".py | head -50\"}");
                case 1 -> new ToolCall("c" + k, "str_replace_editor", "{\"command\":\"view\",\"path\":\"/repo/src/module_" + k + ".py\",\"view_range\":[1,60]}");
                default -> new ToolCall("c" + k, "str_replace_editor", "{\"command\":\"str_replace\",\"path\":\"/repo/src/module_" + k
                        + ".py\",\"old_str\":\"    value_3 = compute(records[1])\",\"new_str\":\"    value_3 = compute(records[1], strict=True)\"}");
            };
            list.add(new Step("Step " + k + ": let me look at the next module and check how compute() is called there.", null,
                    List.of(call), List.of(obs.toString())));
        }
        return new SweScenario("synthetic-150", "messages", ActionStyle.TOOL_CALLS, SweTools.sweAgentDefaults(), prompt, list, Map.of());
    }

    @Setup
    public void setup() {
        scenario = syntheticScenario(STEPS);
        context = new ReplayContext(scenario, TokenCounter.harmony());
        scorer = new ActionScorer(scenario);
        actions = new ArrayList<>();
        for (int k = 0; k < STEPS; k++) {
            ToolCall rec = scenario.steps().get(k).toolCalls().get(0);
            // a slightly different but canonical-equal model action: exercises parsing, schema and bash normalisation
            String args = rec.name().equals("bash") ? rec.arguments().replace("grep -rn", "grep  -rn") : rec.arguments();
            actions.add(ModelAction.of("", new ModelAction.Call(rec.name(), args)));
        }
    }

    /** Prefix for every step (no truncation needed) + scoring; time per step. */
    @Benchmark
    @OperationsPerInvocation(STEPS)
    public void prefixAndScorePerStep(Blackhole bh) {
        for (int k = 0; k < STEPS; k++) {
            bh.consume(context.prefix(k, unlimited));
            bh.consume(scorer.score(k, actions.get(k)));
        }
    }

    /** Same under a 64k-token budget (deep steps elide old observations); time per step. */
    @Benchmark
    @OperationsPerInvocation(STEPS)
    public void prefixWithTruncationAndScorePerStep(Blackhole bh) {
        for (int k = 0; k < STEPS; k++) {
            bh.consume(context.prefix(k, tight));
            bh.consume(scorer.score(k, actions.get(k)));
        }
    }

    /** Scoring only; time per step. */
    @Benchmark
    @OperationsPerInvocation(STEPS)
    public void scorePerStep(Blackhole bh) {
        for (int k = 0; k < STEPS; k++) bh.consume(scorer.score(k, actions.get(k)));
    }

    /** One-time per scenario: message conversion + token counting of the whole trajectory, and schema compilation. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 5)
    @Measurement(iterations = 15)
    public void prepareScenario(Blackhole bh) {
        bh.consume(new ReplayContext(scenario, TokenCounter.harmony()));
        bh.consume(new ActionScorer(scenario));
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(ReplayBenchmark.class.getSimpleName()).build()).run();
    }
}
