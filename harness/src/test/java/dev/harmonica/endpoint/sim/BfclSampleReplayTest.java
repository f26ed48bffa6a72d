package dev.harmonica.endpoint.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.endpoint.Json;
import dev.harmonica.scenario.ExpectedCall;
import dev.harmonica.scenario.MultiTurnScenario;
import dev.harmonica.testing.SharedData;
import dev.harmonica.tools.bfcl.BfclScenarios;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recogniser on BFCL's own message shapes: the full FC transcripts through BFCL's loop in
 * ../shared/data/bfcl/samples/fc_sim_*.json (BFCL's own execution of the ground truth), against a simulator that loaded all four BFCL v4
 * multi-turn categories (800 scenarios, many starting with the same user message) and no hint in any request.
 */
class BfclSampleReplayTest {
    /** The samples print the SDK's tool-call objects as {@code NS(id='…', type='function', function=NS(name='…', arguments='…'))}. */
    private static final Pattern NS = Pattern.compile(
            "NS\\(id='(.*?)', type='function', function=NS\\(name='(.*?)', arguments='(.*)'\\)\\)");

    static List<MultiTurnScenario> all;
    static SimEngine engine;

    @BeforeAll
    static void load() {
        all = BfclScenarios.load(SharedData.require("bfcl/v4"), null);
        engine = new SimEngine(SimConfig.CLEAN, ScriptBook.of(all));
    }

    private static MultiTurnScenario scenario(String id) {
        return all.stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    private static JsonNode sample(String which) throws IOException {
        return Json.tryParse(Files.readString(SharedData.require("bfcl/samples/fc_sim_multi_turn_" + which + ".json")));
    }

    /** The sample's messages as BFCL sent them: tool calls back from their printed form to chat JSON. */
    private static List<ObjectNode> messages(JsonNode sample) {
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode m : sample.get("final_messages")) {
            ObjectNode copy = ((ObjectNode) m).deepCopy();
            JsonNode calls = m.get("tool_calls");
            if (calls != null && calls.isArray()) {
                ArrayNode json = copy.putArray("tool_calls");
                for (JsonNode c : calls) {
                    Matcher x = NS.matcher(c.asText());
                    assertThat(x.matches()).as(c.asText()).isTrue();
                    ObjectNode call = json.addObject().put("id", x.group(1)).put("type", "function");
                    call.putObject("function").put("name", x.group(2)).put("arguments", pyUnescape(x.group(3)));
                }
            }
            out.add(copy);
        }
        return out;
    }

    private static String pyUnescape(String s) {
        return s.replace("\\'", "'").replace("\\\\", "\\");
    }

    /** The chat tools of a scenario at a user turn, as BFCL sends them (initial tools, then released holdouts). */
    private static ArrayNode toolsAt(MultiTurnScenario s, int turn) {
        ArrayNode tools = Json.array();
        s.tools().forEach(tools::add);
        for (int t = 0; t <= turn; t++) s.turns().get(t).addedTools().forEach(tools::add);
        return tools;
    }

    @ParameterizedTest
    @ValueSource(strings = {"base_0", "base_193", "miss_func_46"})
    void everyRequestBfclMadeIsAnsweredWithItsGroundTruthCall(String which) throws IOException {
        JsonNode sample = sample(which);
        MultiTurnScenario s = scenario("multi_turn_" + which);
        List<ObjectNode> msgs = messages(sample);
        assertThat(toolsAt(s, 0)).hasSize(sample.get("n_tools").asInt());
        for (int i = 0; i < 3; i++) assertThat(toolsAt(s, 0).get(i)).isEqualTo(sample.get("tools_first_3").get(i));
        int turn = -1;
        int checked = 0;
        for (int i = 0; i < msgs.size(); i++) {
            if (msgs.get(i).get("role").asText().equals("user")) turn++;
            if (!msgs.get(i).get("role").asText().equals("assistant")) continue;
            ObjectNode body = Json.object().put("model", "openbmb/MiniCPM-SALA-FC");
            body.putArray("messages").addAll(msgs.subList(0, i));
            body.put("store", false).put("temperature", 0.001).set("tools", toolsAt(s, turn));
            SimEngine.Reply r = engine.handle("POST", "/v1/chat/completions", Json.write(body));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.headers()).containsEntry(SimEngine.SCENARIO_HEADER, s.id()).containsEntry("x-harmonica-simulated", "1");
            JsonNode answer = Json.tryParse(r.body()).path("choices").path(0).path("message");
            JsonNode recorded = msgs.get(i).get("tool_calls");
            if (recorded != null && recorded.isArray()) {
                // BFCL's fake model made the turn's calls at once; the simulator, like gpt-oss, makes the first
                assertThat(answer.get("tool_calls")).as("message %d of %s", i, s.id()).hasSize(1);
                JsonNode got = answer.get("tool_calls").get(0).get("function");
                JsonNode want = recorded.get(0).get("function");
                assertThat(got.get("name").asText()).isEqualTo(want.get("name").asText());
                assertThat(Json.tryParse(got.get("arguments").asText())).isEqualTo(Json.tryParse(want.get("arguments").asText()));
            } else {
                assertThat(answer.has("tool_calls")).as("message %d of %s: %s", i, s.id(), answer).isFalse();
                assertThat(answer.get("content").asText()).isEqualTo(TurnScript.FINAL_ANSWER);
            }
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(s.turns().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"base_0", "base_193", "miss_func_46"})
    void playedRequestByRequestTheCallsAreExactlyTheGroundTruthAndWhatBfclRecorded(String which) throws IOException {
        JsonNode sample = sample(which);
        MultiTurnScenario s = scenario("multi_turn_" + which);
        List<List<String>> results = resultsPerTurn(messages(sample));
        for (BfclLoop.Api api : BfclLoop.Api.values()) {
            BfclLoop.Played p = BfclLoop.play(engine, s, api, (t, k, c) -> results.get(t).get(k));
            JsonNode recorded = sample.get("result_file_line").get("result");
            for (int t = 0; t < s.turns().size(); t++) {
                List<ExpectedCall> gt = s.turns().get(t).groundTruth();
                List<ExpectedCall> made = p.calls().get(t);
                assertThat(made).as("%s %s turn %d: %s", api, s.id(), t, BfclLoop.describe(made)).hasSameSizeAs(gt);
                for (int k = 0; k < gt.size(); k++) assertThat(BfclLoop.same(made.get(k), gt.get(k))).isTrue();
                assertThat(BfclLoop.describe(made)).isEqualTo(BfclLoop.describe(recordedCalls(recorded.get(t))));
            }
            assertThat(p.texts()).hasSize(s.turns().size()).allMatch(TurnScript.FINAL_ANSWER::equals);
        }
    }

    @org.junit.jupiter.api.Test
    void withStopsIgnoredATurnsCallsComeInOneAnswerSoBfclsTwentyStepLimitIsNoBar() {
        // long_context alone: with all categories its first request is base_38's too, answered as base_38 (loaded first)
        ScriptBook longContext = ScriptBook.of(all.stream().filter(s -> s.category().equals("long_context")).toList());
        assertThat(longContext.ambiguities(false)).isEmpty();
        SimEngine noStops = new SimEngine(SimConfig.CLEAN.withHonourStops(false), longContext);
        MultiTurnScenario lc38 = scenario("multi_turn_long_context_38");
        assertThat(lc38.turns().get(0).groundTruth()).hasSize(34); // more than BFCL's MAXIMUM_STEP_LIMIT of 20 steps
        for (BfclLoop.Api api : BfclLoop.Api.values()) {
            BfclLoop.Played p = BfclLoop.play(noStops, lc38, api, (t, k, c) -> "{}");
            assertThat(p.requests()).isEqualTo(2 * lc38.turns().size()); // all calls of a turn, then the final answer
            for (int t = 0; t < lc38.turns().size(); t++) {
                assertThat(BfclLoop.describe(p.calls().get(t))).isEqualTo(BfclLoop.describe(lc38.turns().get(t).groundTruth()));
            }
        }
        // with stops, as gpt-oss on vLLM: one call per answer, so that turn needs 35 requests and BFCL force-quits at 20
        BfclLoop.Played oneByOne = BfclLoop.play(new SimEngine(SimConfig.CLEAN, longContext), lc38, BfclLoop.Api.CHAT,
                (t, k, c) -> "{}");
        assertThat(oneByOne.calls().get(0)).hasSize(21);
        assertThat(oneByOne.calls()).hasSize(1); // force-quit: BFCL records 1 turn of 2, "force_terminated"
    }

    /** The tool results of each user turn, in order, as BFCL's backends returned them in the sample. */
    private static List<List<String>> resultsPerTurn(List<ObjectNode> msgs) {
        List<List<String>> out = new ArrayList<>();
        for (ObjectNode m : msgs) {
            String role = m.get("role").asText();
            if (role.equals("user")) out.add(new ArrayList<>());
            if (role.equals("tool")) out.get(out.size() - 1).add(m.get("content").asText());
        }
        return out;
    }

    /** The calls of one turn of BFCL's result file ({@code [[{name: args}, …], "text", …]}), flattened. */
    private static List<ExpectedCall> recordedCalls(JsonNode turn) {
        List<ExpectedCall> out = new ArrayList<>();
        for (JsonNode step : turn) {
            if (!step.isArray()) continue;
            for (JsonNode call : step) {
                String name = call.fieldNames().next();
                out.add(new ExpectedCall(name, Json.write(Json.tryParse(call.get(name).asText()))));
            }
        }
        return out;
    }

    static Path v4() {
        return SharedData.require("bfcl/v4");
    }
}
