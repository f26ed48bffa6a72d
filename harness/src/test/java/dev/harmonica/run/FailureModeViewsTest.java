package dev.harmonica.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.endpoint.Endpoint;
import dev.harmonica.endpoint.ModelRequest;
import dev.harmonica.endpoint.RawTurn;
import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.journal.TurnRecord;
import dev.harmonica.scenario.ExpectedCall;
import dev.harmonica.scenario.MultiTurnScenario;
import dev.harmonica.turn.Driving;
import dev.harmonica.turn.TurnAnalyzer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-parser views of a turn's failure modes ({@code strict_failure_modes}, {@code lenient_failure_modes}). */
class FailureModeViewsTest {
    private static final String FINAL = "<|channel|>final<|message|>done<|return|>";
    /** vLLM issue pattern: the channel repeated after the recipient; strict keeps it in the tool name. */
    static final String LEAK = "<|channel|>commentary to=functions.get<|channel|>commentary <|constrain|>json"
            + "<|message|>{\"key\":\"k0\"}<|call|>";
    static final String BAD_JSON = "<|channel|>commentary to=functions.get <|constrain|>json<|message|>{\"key\": <|call|>";
    static final String CLEAN = "<|channel|>commentary to=functions.get <|constrain|>json<|message|>{\"key\":\"k0\"}<|call|>";

    /** Answers the first model call with {@code first} (completions text or a chat message), then a final answer. */
    private record Scripted(String first, ObjectNode firstChat) implements Endpoint {
        @Override
        public RawTurn complete(ModelRequest request) {
            boolean isFirst = request.simHint().depth() == 0;
            if (request.mode() == ModelRequest.Mode.CHAT) {
                ObjectNode m = Fakes.M.createObjectNode().put("role", "assistant");
                if (isFirst) m = firstChat;
                else m.put("content", "done");
                return new RawTurn(null, null, m, "stop", 10, 5, 0.1, 1, 200, null, List.of(), false);
            }
            String s = isFirst ? first : FINAL;
            int[] tokens = HarmonyEncoding.get().encodeWithSpecials(s);
            return new RawTurn(tokens, s, null, "stop", request.promptTokens().length, tokens.length, 0.1, 1, 200,
                    null, List.of(), false);
        }

        @Override
        public void close() {
        }
    }

    private static List<TurnRecord> play(Endpoint ep, Variant v) {
        List<List<ExpectedCall>> gt = List.of(List.of(new ExpectedCall("get", "{\"key\":\"k0\"}")));
        MultiTurnScenario s = new MultiTurnScenario("one", "bfcl", "base", Fakes.KV_TOOLS,
                List.of(new MultiTurnScenario.UserTurn(List.of("get k0"), List.of(), gt.get(0))), Fakes.kvEnvironment(gt));
        List<TurnRecord> out = new ArrayList<>();
        new ScenarioPlayer(new PlayServices("r", "1/1", RunnerTest.config(1, v), ep, TurnAnalyzer.harmony(), RendererFactory.harmony()), 1,
                out::add).play(s, v);
        return out;
    }

    @Test
    void aLeakedChannelInTheToolNameFailsStrictOnlyAndTheLenientDriverRecoversTheCall() {
        TurnRecord t = play(new Scripted(LEAK, null), RunnerTest.V008).get(0);
        assertThat(t.strict().ok()).isTrue();
        assertThat(t.strictFailureModes()).containsExactly("duplicate_channel", "tool_name_leak", "unknown_tool");
        assertThat(t.lenientFailureModes()).isEmpty();
        assertThat(t.failureModes()).containsExactly("duplicate_channel", "tool_name_leak", "unknown_tool");
        assertThat(t.drivenBy()).isEqualTo("lenient");
        TurnRecord.ToolCall c = t.toolCalls().get(0);
        assertThat(c.name()).isEqualTo("get");
        assertThat(c.view()).isEqualTo("lenient");
        assertThat(c.validName()).isTrue();
        assertThat(c.validNameStrict()).isFalse();
        assertThat(c.result()).doesNotContain("unknown");
    }

    @Test
    void underTheStopDriverTheStrictReadingIsExecutedAsWritten() {
        Variant stop = new Variant("stop", "harmony-v0.0.8", Variant.Mode.COMPLETIONS, Driving.STOP, 0,
                ModelRequest.Sampling.DEFAULT, null, null, true);
        TurnRecord t = play(new Scripted(LEAK, null), stop).get(0);
        assertThat(t.drivenBy()).isEqualTo("strict");
        assertThat(t.strictFailureModes()).containsExactly("duplicate_channel", "tool_name_leak", "unknown_tool");
        assertThat(t.lenientFailureModes()).isEmpty();
        TurnRecord.ToolCall c = t.toolCalls().get(0);
        assertThat(c.view()).isEqualTo("strict");
        assertThat(c.name()).isEqualTo("get<|channel|>commentary");
        assertThat(c.validName()).isFalse();
        assertThat(c.validNameStrict()).isFalse();
    }

    @Test
    void invalidJsonArgumentsFailBothViews() {
        TurnRecord t = play(new Scripted(BAD_JSON, null), RunnerTest.V008).get(0);
        assertThat(t.strictFailureModes()).contains("invalid_json_arguments");
        assertThat(t.lenientFailureModes()).contains("invalid_json_arguments");
        assertThat(t.toolCalls().get(0).validJson()).isFalse();
    }

    @Test
    void aCleanCallHasEmptyViews() {
        List<TurnRecord> turns = play(new Scripted(CLEAN, null), RunnerTest.V008);
        assertThat(turns).hasSize(2).allSatisfy(t -> {
            assertThat(t.failureModes()).isEmpty();
            assertThat(t.strictFailureModes()).isEmpty();
            assertThat(t.lenientFailureModes()).isEmpty();
            assertThat(t.drivenBy()).isEqualTo("strict");
        });
        TurnRecord.ToolCall c = turns.get(0).toolCalls().get(0);
        assertThat(c.view()).isEqualTo("strict");
        assertThat(c.validNameStrict()).isTrue();
    }

    @Test
    void chatModeALeakedNameFromTheServerIsALeakUnderStrictOnly() {
        ObjectNode m = Fakes.M.createObjectNode().put("role", "assistant").putNull("content");
        m.putArray("tool_calls").addObject().put("id", "c1").put("type", "function").putObject("function")
                .put("name", "get<|channel|>commentary").put("arguments", "{\"key\":\"k0\"}");
        TurnRecord t = play(new Scripted(null, m), RunnerTest.CHAT).get(0);
        assertThat(t.strictFailureModes()).containsExactly("tool_name_leak", "unknown_tool");
        assertThat(t.lenientFailureModes()).isEmpty();
        assertThat(t.toolCalls().get(0).name()).isEqualTo("get");
    }

    @Test
    void toolChoiceIsJudgedPerView() {
        Variant required = new Variant("req", "harmony-v0.0.8", Variant.Mode.CHAT, Driving.LENIENT, 0,
                ModelRequest.Sampling.DEFAULT, Fakes.M.valueToTree("none"), null, true);
        ObjectNode m = Fakes.M.createObjectNode().put("role", "assistant").putNull("content");
        m.putArray("tool_calls").addObject().put("id", "c1").put("type", "function").putObject("function")
                .put("name", "get").put("arguments", "{\"key\":\"k0\"}");
        TurnRecord t = play(new Scripted(null, m), required).get(0);
        assertThat(t.strictFailureModes()).containsExactly("tool_choice_none_called");
        assertThat(t.lenientFailureModes()).containsExactly("tool_choice_none_called");
    }
}
