package dev.harmonica.run;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.harmonica.endpoint.Endpoint;
import dev.harmonica.endpoint.ModelRequest;
import dev.harmonica.endpoint.RawTurn;
import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.journal.TurnRecord;
import dev.harmonica.scenario.BadInputException;
import dev.harmonica.scenario.ReplayScenario;
import dev.harmonica.scenario.swe.ReplayContext;
import dev.harmonica.scenario.swe.SweScenario;
import dev.harmonica.scenario.swe.SweTools;
import dev.harmonica.turn.Driving;
import dev.harmonica.turn.TurnAnalyzer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The runner replays SWE trajectories through {@link ReplayContext#prefix} (one prefix builder, one budget policy). */
class SwePrefixReplayTest {
    static final JsonNodeFactory F = JsonNodeFactory.instance;

    @TempDir
    Path tmp;

    /** {@code steps} bash steps whose observations are {@code obsWords} words long. */
    static ReplayScenario trajectory(int steps, int obsWords) {
        List<SweScenario.Step> list = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            list.add(new SweScenario.Step("thought " + i, null,
                    List.of(new SweScenario.ToolCall("c" + i, "bash", "{\"command\":\"cat file" + i + ".py\"}")),
                    List.of(("observation" + i + " ").repeat(obsWords))));
        }
        return ReplayScenario.of(new SweScenario("traj", "messages", SweScenario.ActionStyle.TOOL_CALLS,
                List.of(SweTools.bash()), List.of(F.objectNode().put("role", "system").put("content", "You fix bugs."),
                F.objectNode().put("role", "user").put("content", "fix the bug")), list, Map.of()));
    }

    /** Always answers with a final message naming itself; records every prompt. */
    static final class Recorder implements Endpoint {
        final List<String> prompts = new ArrayList<>();

        @Override
        public synchronized RawTurn complete(ModelRequest request) {
            prompts.add(request.mode() == ModelRequest.Mode.CHAT ? request.messages().toString() : request.promptText());
            String s = "<|channel|>final<|message|>MODEL-ANSWER-" + request.simHint().depth() + "<|return|>";
            int[] tokens = HarmonyEncoding.get().encodeWithSpecials(s);
            return new RawTurn(tokens, s, null, "stop", 0, tokens.length, 0.1, 1, 200, null, List.of(), false);
        }
    }

    static RunSpec config(String steps, int contextTokens, Variant v) {
        return new RunSpec("swe", List.of("swe:x"), List.of(v), RunSpec.EndpointSettings.simulator(), 20, 0, 0,
                false, steps, contextTokens);
    }

    static List<TurnRecord> play(RunSpec rc, ReplayScenario s, Endpoint ep) {
        List<TurnRecord> out = new ArrayList<>();
        new ScenarioPlayer(new PlayServices("swe", "1/1", rc, ep, TurnAnalyzer.harmony(), RendererFactory.harmony()), 1, out::add)
                .play(s, rc.variants().get(0));
        return out;
    }

    @Test
    void teacherForcingThePromptHoldsTheRecordingNeverTheModelsAnswers() {
        for (Variant v : List.of(RunnerTest.V008, RunnerTest.CHAT)) {
            Recorder ep = new Recorder();
            List<TurnRecord> turns = play(config("all", 0, v), trajectory(4, 5), ep);
            assertThat(turns).extracting(TurnRecord::step).containsExactly(0, 1, 2, 3);
            for (int k = 0; k < 4; k++) {
                String prompt = ep.prompts.get(k);
                assertThat(prompt).as(v.name() + " step " + k).doesNotContain("MODEL-ANSWER");
                if (k > 0) assertThat(prompt).contains("cat file" + (k - 1) + ".py").contains("observation" + (k - 1));
                assertThat(prompt).doesNotContain("file" + k + ".py");
            }
        }
    }

    @Test
    void theIncrementalPromptEqualsAFreshRenderingOfTheSamePrefix() {
        Recorder incremental = new Recorder();
        play(config("all", 0, RunnerTest.V008), trajectory(5, 3), incremental);
        Recorder fresh = new Recorder();
        play(config("last:1", 0, RunnerTest.V008), trajectory(5, 3), fresh);
        assertThat(fresh.prompts).containsExactly(incremental.prompts.get(4));
    }

    @Test
    void theContextBudgetElidesTheOldestObservationsAndTheJournalSaysSo() {
        ReplayScenario s = trajectory(8, 400); // ~800 tokens per observation
        int full = s.context().estimatedTokens(7);
        Variant v = new Variant("v", "harmony-v0.0.8", Variant.Mode.COMPLETIONS, Driving.LENIENT, 0,
                new ModelRequest.Sampling(100, null, null, null), null, null, true);
        Recorder ep = new Recorder();
        List<TurnRecord> turns = play(config("last:1", full - 1000 + 100, v), s, ep);
        TurnRecord t = turns.get(0);
        assertThat(t.step()).isEqualTo(7);
        TurnRecord.ReplayContext c = t.replayContext();
        assertThat(c.budgetTokens()).isEqualTo(full - 1000);
        assertThat(c.tokensBefore()).isEqualTo(full);
        assertThat(c.tokensAfter()).isLessThanOrEqualTo(full - 1000);
        assertThat(c.elidedSteps()).containsExactly(0, 1);
        assertThat(c.elidedObservations()).isEqualTo(2);
        assertThat(c.overBudget()).isFalse();
        assertThat(ep.prompts.get(0)).contains("[observation elided by Harmonica:").doesNotContain("observation0 ")
                .contains("observation2 ");
        assertThat(t.promptTokens()).isLessThan(full - 1000);
    }

    @Test
    void stepPlansSelectTheReplayedStepsAndSweMaxStepsCapsTheSelection() {
        assertThat(play(config("every:3", 0, RunnerTest.V008), trajectory(8, 1), new Recorder()))
                .extracting(TurnRecord::step).containsExactly(0, 3, 6, 7);
        assertThat(play(config("buckets:2", 0, RunnerTest.V008), trajectory(8, 1), new Recorder()))
                .extracting(TurnRecord::step).containsExactly(3, 7);
        RunSpec capped = new RunSpec("swe", List.of("swe:x"), List.of(RunnerTest.V008),
                RunSpec.EndpointSettings.simulator(), 20, 0, 2, false, "last:5", 0);
        assertThat(play(capped, trajectory(8, 1), new Recorder())).extracting(TurnRecord::step).containsExactly(3, 4);
        assertThat(play(config("all", 0, RunnerTest.V008), trajectory(3, 1), new Recorder()))
                .allSatisfy(t -> assertThat(t.replayContext().budgetTokens()).isZero());
    }

    @Test
    void runFileAndFlagsCarryTheSweOptions() {
        RunSpec rc = RunFile.parse("{\"scenarios\":[\"swe:datasets/swe\"],\"swe_steps\":\"buckets:4\","
                + "\"swe_context_tokens\":65536,\"variants\":[{\"name\":\"a\"}]}", "f.json");
        assertThat(rc.sweSteps()).isEqualTo("buckets:4");
        assertThat(rc.sweContextTokens()).isEqualTo(65536);
        RunSpec back = RunFile.fromJson(RunFile.toJson(rc), "again");
        assertThat(back).isEqualTo(rc);
        RunSpec d = RunFile.parse("{\"scenarios\":[\"swe:datasets/swe\"],\"variants\":[{\"name\":\"a\"}]}", "f.json");
        assertThat(d.sweSteps()).isEqualTo("all");
        assertThat(d.sweContextTokens()).isEqualTo(131_072);
        assertThatThrownBy(() -> RunFile.parse("{\"scenarios\":[\"swe:d\"],\"swe_steps\":\"some\",\"variants\":[{\"name\":\"a\"}]}", "f.json"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("f.json").hasMessageContaining("field swe_steps")
                .hasMessageContaining("every:K");
        assertThatThrownBy(() -> RunFile.parse("{\"scenarios\":[\"swe:d\"],\"swe_context_tokens\":-1,\"variants\":[{\"name\":\"a\"}]}", "f.json"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("field swe_context_tokens");
    }

    @Test
    void replayIsDeterministic() {
        Map<Integer, String> first = new HashMap<>();
        for (TurnRecord t : play(config("all", 2000, RunnerTest.V008), trajectory(6, 300), new Recorder())) {
            first.put(t.step(), t.recordDigest());
        }
        Map<Integer, String> second = new HashMap<>();
        for (TurnRecord t : play(config("all", 2000, RunnerTest.V008), trajectory(6, 300), new Recorder())) {
            second.put(t.step(), t.recordDigest());
        }
        assertThat(second).isEqualTo(first).hasSize(6);
    }

    @Test
    void aStepTheVariantStopsAtIsScoredAsNoAction() {
        Endpoint broken = request -> {
            // F3: the recipient repeated in the role and the channel sections: the strict parse fails
            String s = request.simHint().depth() == 0 ? "<|channel|>final<|message|>fine<|return|>"
                    : " to=functions.bash<|channel|>commentary to=functions.bash <|constrain|>json"
                    + "<|message|>{\"command\":\"cat file1.py\"}<|call|>";
            int[] tokens = HarmonyEncoding.get().encodeWithSpecials(s);
            return new RawTurn(tokens, s, null, "stop", 0, tokens.length, 0.1, 1, 200, null, List.of(), false);
        };
        Variant stop = new Variant("v", "harmony-v0.0.8", Variant.Mode.COMPLETIONS, Driving.STOP, 0,
                new ModelRequest.Sampling(100, null, null, null), null, null, true);
        List<TurnRecord> turns = play(config("all", 0, stop), trajectory(4, 1), broken);
        assertThat(turns).extracting(TurnRecord::step).containsExactly(0, 1);
        TurnRecord stopped = turns.get(1);
        assertThat(stopped.drivenBy()).isEqualTo("stopped");
        assertThat(stopped.replay().agreement()).isEqualTo("no_action");
        assertThat(stopped.replay().agrees()).isFalse();
        assertThat(stopped.replay().recordedActions()).isEqualTo(1);
    }
}
