package dev.harmonica.run;

import dev.harmonica.journal.TurnRecord;
import dev.harmonica.scenario.ReplayScenario;
import dev.harmonica.scenario.swe.SweScenario;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The synthetic trajectory of {@code harmonica bench runner --parts swe} (shape and size, not timing). */
class SweBenchScenarioTest {

    @Test
    void hasTheRequestedStepsAndTheLastPromptIsAboutTheTarget() {
        ReplayScenario s = SweBenchScenario.build(7, 150, 80_000);
        List<SweScenario.Step> steps = s.trajectory().steps();
        assertThat(steps).hasSize(150);
        assertThat(steps).allSatisfy(st -> {
            assertThat(st.toolCalls()).hasSize(1);
            assertThat(st.observations()).hasSize(1);
        });
        Set<String> names = steps.stream().map(st -> st.toolCalls().get(0).name()).collect(Collectors.toSet());
        assertThat(names).contains("bash", "str_replace_editor");
        assertThat(s.trajectory().toolNames()).containsAll(names);
        int last = s.context().estimatedTokens(149);
        assertThat(last).isBetween(76_000, 84_000);
        // the prompt grows with depth
        assertThat(s.context().estimatedTokens(0)).isLessThan(2_000);
        assertThat(s.context().estimatedTokens(75)).isBetween(last / 4, last * 3 / 4);
    }

    @Test
    void isDeterministicPerSeed() {
        assertThat(SweBenchScenario.trajectory(7, 20, 10_000)).isEqualTo(SweBenchScenario.trajectory(7, 20, 10_000));
        assertThat(SweBenchScenario.trajectory(8, 20, 10_000)).isNotEqualTo(SweBenchScenario.trajectory(7, 20, 10_000));
    }

    @Test
    void replaysEveryStepThroughTheRunnerAndTheRenderedLastPromptIsNearTheEstimate() {
        ReplayScenario s = SweBenchScenario.build(3, 30, 12_000);
        RunSpec rc = SwePrefixReplayTest.config("all", 0, RunnerTest.V008);
        List<TurnRecord> turns = SwePrefixReplayTest.play(rc, s, new BenchRunner.EchoEndpoint());
        assertThat(turns).hasSize(30);
        assertThat(turns).extracting(TurnRecord::step).containsExactlyElementsOf(
                IntStream.range(0, 30).boxed().toList());
        int rendered = turns.get(29).promptTokens();
        assertThat(rendered).isBetween(10_000, 14_000);
        // the echo endpoint answers with the recorded action: every step agrees and parses strictly
        assertThat(turns).allSatisfy(t -> assertThat(t.strict().ok()).isTrue());
    }
}
