package dev.harmonica.scenario.swe;

import dev.harmonica.turn.ActionScore;
import dev.harmonica.turn.ActionScorer;
import dev.harmonica.turn.ModelAction;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's synthetic trajectory has the advertised shape (150 steps, ~80k-token last prefix). No timing. */
class ReplayBenchmarkShapeTest {
    @Test
    void syntheticTrajectoryShape() {
        SweScenario s = ReplayBenchmark.syntheticScenario(ReplayBenchmark.STEPS);
        ReplayContext ctx = new ReplayContext(s, TokenCounter.harmony());
        assertThat(s.steps()).hasSize(150);
        assertThat(ctx.estimatedTokens(149)).isBetween(70_000, 95_000);
        ReplayPrefix p = ctx.prefix(149, new ContextBudget(64_000, 10));
        assertThat(p.truncated()).isTrue();
        assertThat(p.tokensAfter()).isLessThanOrEqualTo(64_000);
        assertThat(p.elidedSteps()).first().isEqualTo(0);
        ActionScorer scorer = new ActionScorer(s);
        SweScenario.ToolCall rec = s.steps().get(0).toolCalls().get(0);
        assertThat(scorer.score(0, ModelAction.of("", new ModelAction.Call(rec.name(), rec.arguments().replace("grep -rn", "grep  -rn"))))
                .level()).isEqualTo(ActionScore.Agreement.EQUIVALENT);
    }
}
