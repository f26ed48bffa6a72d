package dev.harmonica.endpoint.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.endpoint.Json;
import dev.harmonica.harmony.Message;
import dev.harmonica.harmony.MessageJson;
import dev.harmonica.scenario.ReplayScenario;
import dev.harmonica.scenario.swe.ReplayContext;
import dev.harmonica.scenario.swe.ReplayHints;
import dev.harmonica.scenario.swe.SweScenario;
import dev.harmonica.scenario.swe.SweScenarios;
import dev.harmonica.scenario.swe.TokenCounter;
import dev.harmonica.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SWE trajectories played to a client that sends no hint: the request is the replay prefix of a step (Harmonica's own
 * {@link ReplayContext} shapes, as a plain chat client would send them), the answer is that step's recorded reply.
 */
class SweRecognitionTest {
    private static List<SweScenario> load(Path... paths) {
        return SweScenarios.load(List.of(paths));
    }

    private static ScriptBook book(List<SweScenario> s) {
        List<ReplayScenario> r = new ArrayList<>();
        for (SweScenario x : s) r.add(ReplayScenario.of(x));
        return ScriptBook.of(r);
    }

    @Test
    void everyStepPrefixOfTheBundledTrajectoriesIsAnsweredWithItsRecordedReply() {
        List<SweScenario> swe = load(SharedData.projectRoot().resolve("datasets/swe"));
        assertThat(swe).hasSize(5);
        checkEveryPrefix(swe);
    }

    @Test
    void everyStepPrefixOfTheRealTrajectoriesIsAnsweredWithItsRecordedReply() {
        Path dir = SharedData.require("swe");
        List<SweScenario> swe = load(dir.resolve("sweagent__test_data__6e44b9__sweagenttestrepo-1c2844.traj"),
                dir.resolve("mini-swe-agent_v1_textbased__tests_test_data_local.traj.json"),
                dir.resolve("openhands__tests_runtime_trajs__wrong_initial_state.json"));
        checkEveryPrefix(swe);
    }

    private static void checkEveryPrefix(List<SweScenario> swe) {
        ScriptBook book = book(swe);
        assertThat(book.ambiguities(true)).isEmpty();
        SimEngine engine = new SimEngine(SimConfig.CLEAN, book);
        int checked = 0;
        for (SweScenario s : swe) {
            ReplayContext ctx = new ReplayContext(s, TokenCounter.charsOver4());
            for (int k = 0; k < s.steps().size(); k++) {
                ArrayNode messages = Json.array();
                ctx.messagesBefore(k).forEach(messages::add);
                Transcript t = Transcript.fromChat(messages, null);
                Recognition r = book.recognise(t);
                assertThat(r).as("%s step %d: %s", s.id(), k, r).isInstanceOf(Recognition.Found.class);
                Located.At at = ((Recognition.Found) r).at();
                assertThat(at.scenarioId()).isEqualTo(s.id());
                assertThat(at.turn()).isEqualTo(k);
                assertThat(at.unmatched()).isZero();
                List<Message> want = ReplayHints.recordedReply(s, k);
                assertThat(MessageJson.readConversation(at.expected())).isEqualTo(want);
                JsonNode answer = chat(engine, messages, s.tools());
                assertFirstAction(answer, want, s.id() + " step " + k);
                checked++;
            }
        }
        assertThat(checked).isPositive();
    }

    private static JsonNode chat(SimEngine engine, ArrayNode messages, List<JsonNode> tools) {
        ObjectNode body = Json.object().put("model", "gpt-oss-120b");
        body.set("messages", messages);
        if (!tools.isEmpty()) {
            ArrayNode t = body.putArray("tools");
            tools.forEach(t::add);
        }
        SimEngine.Reply r = engine.handle("POST", "/v1/chat/completions", Json.write(body));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return Json.tryParse(r.body()).path("choices").path(0).path("message");
    }

    /** gpt-oss stops at its first call: the chat answer is the recorded first call, or the recorded text. */
    private static void assertFirstAction(JsonNode answer, List<Message> recorded, String where) {
        Message firstCall = recorded.stream().filter(m -> m.recipient() != null).findFirst().orElse(null);
        if (firstCall == null) {
            assertThat(answer.path("content").asText()).as(where).isEqualTo(recorded.get(recorded.size() - 1).text());
            return;
        }
        JsonNode call = answer.path("tool_calls").path(0).path("function");
        assertThat(call.path("name").asText()).as(where).isEqualTo(firstCall.recipient().substring("functions.".length()));
        assertThat(call.path("arguments").asText()).as(where).isEqualTo(firstCall.text());
    }

    /** A trajectory with parallel calls (step 0), a reply the scaffold rejected and dropped (step 1), and a final message. */
    static SweScenario synthetic() {
        JsonNode bash = Json.tryParse("{\"type\":\"function\",\"function\":{\"name\":\"bash\",\"parameters\":"
                + "{\"type\":\"object\",\"properties\":{\"command\":{\"type\":\"string\"}}}}}");
        List<JsonNode> prompt = List.of(Json.object().put("role", "system").put("content", "You are a careful engineer."),
                Json.object().put("role", "user").put("content", "Fix the failing test in /repo."));
        List<SweScenario.Step> steps = List.of(
                new SweScenario.Step("Look around first.", null, List.of(
                        new SweScenario.ToolCall("c1", "bash", "{\"command\": \"ls\"}"),
                        new SweScenario.ToolCall("c2", "bash", "{\"command\": \"cat test_a.py\"}")), List.of("test_a.py", "def test(): ...")),
                new SweScenario.Step("I think it is fine.", null, List.of(), List.of("Your reply had no tool call; call a tool."), false),
                new SweScenario.Step("", null, List.of(new SweScenario.ToolCall("c3", "bash", "{\"command\": \"pytest\"}")), List.of("1 passed")),
                new SweScenario.Step("Done: the test passes.", null, List.of(), List.of()));
        return new SweScenario("synthetic-parallel", "messages", SweScenario.ActionStyle.TOOL_CALLS, List.of(bash), prompt, steps, null);
    }

    @Test
    void parallelCallsAreAskedOneRequestAtATimeAndARejectedReplyMayBeMissing() {
        SweScenario s = synthetic();
        ScriptBook book = book(List.of(s));
        assertThat(book.ambiguities(true)).isEmpty();
        List<Utterance> said = new ArrayList<>(List.of(new Utterance.User("Fix the failing test in /repo.", 1)));
        Located.At first = at(book, said);
        assertThat(first.turn()).isZero();
        assertThat(MessageJson.readConversation(first.expected())).isEqualTo(ReplayHints.recordedReply(s, 0));
        said.add(new Utterance.Call("bash", "{\"command\":\"ls\"}", 2));
        said.add(new Utterance.ToolResult("test_a.py", 3));
        Located.At second = at(book, said);
        assertThat(second.turn()).isZero();
        assertThat(second.callsMade()).isEqualTo(1);
        assertThat(MessageJson.readConversation(second.expected())).isEqualTo(ReplayHints.recordedReplyAfter(s, 0, 1));
        said.add(new Utterance.Call("bash", "{\"command\": \"cat test_a.py\"}", 4));
        said.add(new Utterance.ToolResult("def test(): ...", 5));
        Located.At rejected = at(book, said);
        assertThat(rejected.turn()).isEqualTo(1);
        assertThat(MessageJson.readConversation(rejected.expected())).isEqualTo(ReplayHints.recordedReply(s, 1));
        // the scaffold dropped the rejected reply and kept its error message: the next request asks for step 2
        said.add(new Utterance.User("Your reply had no tool call; call a tool.", 6));
        Located.At third = at(book, said);
        assertThat(third.turn()).isEqualTo(2);
        assertThat(third.unmatched()).isZero();
        ReplayContext ctx = new ReplayContext(s, TokenCounter.charsOver4());
        for (int k = 0; k < s.steps().size(); k++) {
            Located.At a = at(book, Transcript.fromChat(Json.array().addAll(ctx.messagesBefore(k)), null).items());
            assertThat(a.turn()).isEqualTo(k);
            assertThat(MessageJson.readConversation(a.expected())).isEqualTo(ReplayHints.recordedReply(s, k));
        }
    }

    private static Located.At at(ScriptBook book, List<Utterance> said) {
        Recognition r = book.recognise(new Transcript(said, null));
        assertThat(r).as(String.valueOf(r)).isInstanceOf(Recognition.Found.class);
        return ((Recognition.Found) r).at();
    }

    @Test
    void aHistoryPastTheLastRecordedStepIs422() {
        SweScenario s = load(SharedData.projectRoot().resolve("datasets/swe")).get(0);
        ReplayContext ctx = new ReplayContext(s, TokenCounter.charsOver4());
        int last = s.steps().size() - 1;
        List<Utterance> said = new ArrayList<>(Transcript.fromChat(Json.array().addAll(ctx.messagesBefore(last)), null).items());
        SweScenario.Step step = s.steps().get(last);
        if (step.toolCalls().isEmpty()) said.add(new Utterance.Reply(step.assistantText(), 0));
        for (SweScenario.ToolCall c : step.toolCalls()) said.add(new Utterance.Call(c.name(), c.arguments(), 0));
        said.add(new Utterance.User("anything else?", 0));
        Recognition.Unknown u = (Recognition.Unknown) book(List.of(s)).recognise(new Transcript(said, null));
        assertThat(u.status()).isEqualTo(422);
        assertThat(u.message()).contains("the recording has " + s.steps().size() + " steps");
    }
}
