package dev.harmonica.scenario.swe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.harmonica.endpoint.EndpointException;
import dev.harmonica.endpoint.ModelRequest;
import dev.harmonica.endpoint.RawTurn;
import dev.harmonica.endpoint.sim.SimConfig;
import dev.harmonica.endpoint.sim.SimulatedEndpoint;
import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.MessageJson;
import dev.harmonica.harmony.parse.HarmonyParsers;
import dev.harmonica.harmony.parse.TurnAnalysis;
import dev.harmonica.testing.SweTrajectories;
import dev.harmonica.turn.ActionScore;
import dev.harmonica.turn.ActionScorer;
import dev.harmonica.turn.ModelAction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the faults-off simulator produces when the replay loop hands it {@link ReplayHints#recordedReply} as the hint
 * must agree with the recording on every step, in completions and chat modes, for every trajectory shape we import:
 * parallel calls (one request per call, as gpt-oss stops at {@code <|call|>}), text actions in every recorded syntax,
 * and message-only / rejected steps. The loop here is the protocol the runner's replay loop follows.
 */
class RecordedReplyAgreementTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    @ParameterizedTest
    @EnumSource(ModelRequest.Mode.class)
    void theRecordedReplyAgreesWithEveryStepOfEveryTrajectory(ModelRequest.Mode mode) throws Exception {
        SimulatedEndpoint sim = SimulatedEndpoint.create(SimConfig.CLEAN);
        int scenarios = 0;
        int steps = 0;
        int parallel = 0;
        int textSteps = 0;
        int messageOnly = 0;
        List<String> disagreements = new ArrayList<>();
        for (SweScenario s : SweTrajectories.scenarios()) {
            scenarios++;
            ActionScorer scorer = new ActionScorer(s);
            for (int k = 0; k < s.steps().size(); k++) {
                ActionScore score = scorer.score(k, replay(sim, mode, s, k));
                steps++;
                SweScenario.Step st = s.steps().get(k);
                if (st.toolCalls().size() > 1) parallel++;
                if (score.actionFromText()) textSteps++;
                if (st.messageOnly()) messageOnly++;
                if (!score.agrees() || !score.actionFormatErrors().equals(recordedFormatErrors(s, k))) {
                    disagreements.add(s.id() + " step " + k + ": " + score.level() + " " + score.actionFormatErrors());
                }
            }
        }
        assertThat(disagreements).as(mode + ": steps whose recorded reply does not agree").isEmpty();
        assertThat(scenarios).isGreaterThanOrEqualTo(12);
        assertThat(parallel).as("steps with parallel calls").isGreaterThanOrEqualTo(2);
        assertThat(textSteps).as("steps whose actions were read from text").isGreaterThanOrEqualTo(10);
        assertThat(messageOnly).as("message-only and rejected steps").isGreaterThanOrEqualTo(2);
        assertThat(steps).isGreaterThan(150);
    }

    /** The action-format errors of the recorded text itself (a rejected reply keeps its error when replayed). */
    private static List<String> recordedFormatErrors(SweScenario s, int k) {
        if (!s.actionFormat().textActions()) return List.of();
        return s.actionFormat().extract(s.steps().get(k).assistantText(), s::toolParameters).errors();
    }

    /**
     * The replay loop's protocol for one step: ask with {@link ReplayHints#recordedReplyAfter}; while the reply ended
     * in a call and {@link ReplayHints#callsLeft} is positive, ask again (the runner appends the model's call and
     * its recorded observation in between); score the combined reply.
     */
    static ModelAction replay(SimulatedEndpoint sim, ModelRequest.Mode mode, SweScenario s, int k) throws EndpointException {
        List<ModelAction> parts = new ArrayList<>();
        int made = 0;
        ModelAction part;
        do {
            JsonNode hint = MessageJson.writeAll(ReplayHints.recordedReplyAfter(s, k, made));
            RawTurn raw = sim.complete(request(mode, s, hint, k));
            part = read(mode, raw);
            parts.add(part);
            made += part.calls().size();
        } while (!part.calls().isEmpty() && ReplayHints.callsLeft(s, k, made) > 0);
        return ModelAction.combine(parts);
    }

    private static ModelAction read(ModelRequest.Mode mode, RawTurn raw) {
        if (mode == ModelRequest.Mode.CHAT) return ModelAction.fromChatMessage(raw.chatMessage());
        int[] tokens = raw.completionTokens() != null ? raw.completionTokens()
                : HarmonyEncoding.get().encodeWithSpecials(raw.completionText());
        TurnAnalysis a = HarmonyParsers.analyze(tokens, "assistant");
        assertThat(a.strict().isOk()).as(raw.completionText()).isTrue();
        return ModelAction.fromHarmony(a.strict().messages());
    }

    private static ModelRequest request(ModelRequest.Mode mode, SweScenario s, JsonNode hint, int k) {
        ModelRequest.SimHint sh = new ModelRequest.SimHint(s.id(), k, hint);
        ModelRequest.Sampling sampling = new ModelRequest.Sampling(65_536, null, null, 7L);
        if (mode == ModelRequest.Mode.COMPLETIONS) {
            String prompt = "<|start|>user<|message|>replay<|end|><|start|>assistant";
            return new ModelRequest(mode, "sim", HarmonyEncoding.get().encodeWithSpecials(prompt), prompt, null, null,
                    null, null, false, sampling, sh);
        }
        ArrayNode messages = F.arrayNode();
        messages.addObject().put("role", "user").put("content", "replay");
        ArrayNode tools = F.arrayNode();
        s.tools().forEach(tools::add);
        return new ModelRequest(mode, "sim", null, null, messages, tools, null, true, false, sampling, sh);
    }
}
