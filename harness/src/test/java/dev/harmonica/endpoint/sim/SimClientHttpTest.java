package dev.harmonica.endpoint.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.endpoint.Json;
import dev.harmonica.endpoint.Wire;
import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.Message;
import dev.harmonica.harmony.Rendering;
import dev.harmonica.harmony.render.HarmonyRenderer;
import dev.harmonica.harmony.render.OpenAiTools;
import dev.harmonica.scenario.MultiTurnScenario;
import dev.harmonica.testing.SharedData;
import dev.harmonica.tools.bfcl.BfclScenarios;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code harmonica sim --scenarios} over real HTTP, driven as a plain OpenAI client drives it (no hint field):
 * chat (plain and streamed), completions (a rendered harmony prompt as text and as token ids), responses (plain and
 * streamed), unknown conversations, faults as configured, and the hint path next to it.
 */
class SimClientHttpTest {
    static final MediaType JSON = MediaType.get("application/json");
    static final String FIRST = "Go into my notes folder and make a new folder called archive there.";

    static List<MultiTurnScenario> bundled;
    static MultiTurnScenario base0;
    static ScriptBook book;
    static SimServer server;
    static final OkHttpClient client = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();

    @BeforeAll
    static void start() throws IOException {
        bundled = BfclScenarios.load(SharedData.projectRoot().resolve("datasets/bfcl"), null);
        base0 = ScriptBookTest.scenario(bundled, "harmonica_multi_turn_base_0");
        book = ScriptBook.of(bundled);
        server = SimServer.start(SimConfig.CLEAN, SimServer.Options.loopback(0, 8), book);
    }

    @AfterAll
    static void stop() {
        server.close();
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    record Answer(int status, String body, Response headers) {
        JsonNode json() {
            return Json.tryParse(body);
        }

        String header(String name) {
            return headers.header(name);
        }
    }

    static Answer post(SimServer s, String path, JsonNode body) throws IOException {
        Request r = new Request.Builder().url(s.baseUrl() + path).post(RequestBody.create(Json.write(body), JSON)).build();
        try (Response resp = client.newCall(r).execute()) {
            return new Answer(resp.code(), resp.body().string(), resp);
        }
    }

    static ArrayNode tools() {
        ArrayNode a = Json.array();
        base0.tools().forEach(a::add);
        return a;
    }

    static ObjectNode chat(JsonNode... messages) {
        ObjectNode b = Json.object().put("model", "gpt-oss-20b");
        b.putArray("messages").addAll(List.of(messages));
        b.set("tools", tools());
        return b;
    }

    static ObjectNode user(String text) {
        return Json.object().put("role", "user").put("content", text);
    }

    @Test
    void plainChatGetsTheGroundTruthCallAndSaysItIsSimulated() throws IOException {
        Answer a = post(server, Wire.CHAT_PATH, chat(user(FIRST)));
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.header(Wire.SIMULATED_HEADER)).isEqualTo("1");
        assertThat(a.header(Wire.FAULT_PLAN_HEADER)).isEqualTo(SimConfig.CLEAN.faultPlanId());
        assertThat(a.header(SimEngine.SCENARIO_HEADER)).isEqualTo("harmonica_multi_turn_base_0");
        JsonNode call = a.json().path("choices").path(0).path("message").path("tool_calls").path(0).path("function");
        assertThat(call.path("name").asText()).isEqualTo("cd");
        assertThat(Json.tryParse(call.path("arguments").asText())).isEqualTo(Json.tryParse("{\"folder\":\"notes\"}"));
        JsonNode rec = a.json().path(Wire.SIM_FIELD).path("recognised");
        assertThat(rec.path("scenario_id").asText()).isEqualTo("harmonica_multi_turn_base_0");
        assertThat(rec.path("turn").asInt()).isZero();
    }

    @Test
    void streamedChatCarriesTheSameCallInDeltas() throws IOException {
        ObjectNode body = chat(user(FIRST));
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        Answer a = post(server, Wire.CHAT_PATH, body);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.header(Wire.SIMULATED_HEADER)).isEqualTo("1");
        StringBuilder name = new StringBuilder();
        StringBuilder args = new StringBuilder();
        String finish = null;
        JsonNode usageChunk = null;
        for (String line : a.body().split("\n")) {
            if (!line.startsWith("data: ") || line.equals("data: [DONE]")) continue;
            JsonNode chunk = Json.tryParse(line.substring(6));
            if (chunk.path("choices").isEmpty()) usageChunk = chunk;
            for (JsonNode c : chunk.path("choices")) {
                for (JsonNode tc : c.path("delta").path("tool_calls")) {
                    name.append(tc.path("function").path("name").asText(""));
                    args.append(tc.path("function").path("arguments").asText(""));
                }
                if (!c.path("finish_reason").isNull()) finish = c.path("finish_reason").asText();
            }
        }
        assertThat(a.body()).endsWith("data: [DONE]\n\n");
        assertThat(name.toString()).isEqualTo("cd");
        assertThat(Json.tryParse(args.toString())).isEqualTo(Json.tryParse("{\"folder\":\"notes\"}"));
        assertThat(finish).isEqualTo("tool_calls");
        assertThat(usageChunk.path(Wire.SIM_FIELD).path("recognised").path("scenario_id").asText()).isEqualTo(base0.id());
    }

    /** The conversation so far, rendered as a client of /v1/completions renders it (harmony v0.0.8, tools in the developer message). */
    static Rendering prompt() {
        List<Message> msgs = new ArrayList<>();
        msgs.add(OpenAiTools.systemMessage(dev.harmonica.harmony.Content.ReasoningEffort.LOW, "2025-06-28"));
        msgs.add(OpenAiTools.developerMessage(null, tools()));
        msgs.add(Message.text("user", FIRST));
        msgs.add(Message.text("assistant", "I should call cd.").withChannel("analysis"));
        msgs.add(Message.toolCall("cd", "{\"folder\":\"notes\"}"));
        msgs.add(Message.toolResult("cd", "{\"current_working_directory\": \"notes\"}"));
        return HarmonyRenderer.of("harmony-v0.0.8").renderForCompletion(msgs, "assistant", true);
    }

    @Test
    void aRenderedHarmonyPromptAsTextOrTokenIdsIsRecognised() throws IOException {
        Rendering r = prompt();
        ObjectNode text = Json.object().put("model", "gpt-oss-20b").put("prompt", r.text()).put("skip_special_tokens", false);
        ObjectNode ids = Json.object().put("model", "gpt-oss-20b").put("skip_special_tokens", false).put("return_token_ids", true);
        ArrayNode p = ids.putArray("prompt");
        for (int t : r.tokenIds()) p.add(t);
        for (ObjectNode body : List.of(text, ids)) {
            Answer a = post(server, Wire.COMPLETIONS_PATH, body);
            assertThat(a.status()).as(a.body()).isEqualTo(200);
            assertThat(a.header(SimEngine.SCENARIO_HEADER)).isEqualTo(base0.id());
            String out = a.json().path("choices").path(0).path("text").asText();
            assertThat(out).contains("to=functions.mkdir", "{\"dir_name\":\"archive\"}");
            assertThat(a.json().path(Wire.SIM_FIELD).path("recognised").path("calls_made").asInt()).isEqualTo(1);
        }
        JsonNode tokenIds = post(server, Wire.COMPLETIONS_PATH, ids).json().path("choices").path(0).path("token_ids");
        assertThat(tokenIds.get(tokenIds.size() - 1).asInt()).isEqualTo(HarmonyEncoding.CALL);
    }

    static ObjectNode responses(JsonNode input) {
        ObjectNode b = Json.object().put("model", "gpt-oss-20b").put("store", false);
        b.set("input", input);
        b.set("tools", BfclLoop.flat(tools()));
        return b;
    }

    @Test
    void responsesAnswersWithFunctionCallItemsAndTakesTheirOutputsBack() throws IOException {
        ArrayNode input = Json.array().add(user(FIRST));
        Answer a = post(server, SimEngine.RESPONSES_PATH, responses(input));
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.header(Wire.SIMULATED_HEADER)).isEqualTo("1");
        JsonNode out = a.json().get("output");
        assertThat(a.json().path("object").asText()).isEqualTo("response");
        assertThat(out).extracting(i -> i.path("type").asText()).containsExactly("reasoning", "function_call");
        assertThat(out.get(0).path("content").path(0).path("type").asText()).isEqualTo("reasoning_text");
        JsonNode fc = out.get(1);
        assertThat(fc.path("name").asText()).isEqualTo("cd");
        assertThat(fc.path("id").asText()).startsWith("fc_");
        assertThat(fc.path("call_id").asText()).startsWith("call_");
        out.forEach(input::add);
        input.addObject().put("type", "function_call_output").put("call_id", fc.path("call_id").asText())
                .put("output", "{\"current_working_directory\": \"notes\"}");
        Answer b = post(server, SimEngine.RESPONSES_PATH, responses(input));
        JsonNode next = b.json().get("output").get(1);
        assertThat(next.path("name").asText()).isEqualTo("mkdir");
        assertThat(Json.tryParse(next.path("arguments").asText())).isEqualTo(Json.tryParse("{\"dir_name\":\"archive\"}"));
        assertThat(b.json().path("usage").path("total_tokens").asInt()).isPositive();
    }

    @Test
    void streamedResponsesEndWithTheCompletedResponse() throws IOException {
        ObjectNode body = responses(Json.array().add(user(FIRST)));
        body.put("stream", true);
        Answer a = post(server, SimEngine.RESPONSES_PATH, body);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.header("Content-Type")).startsWith("text/event-stream");
        List<String> types = new ArrayList<>();
        JsonNode completed = null;
        StringBuilder args = new StringBuilder();
        int seq = 0;
        for (String line : a.body().split("\n")) {
            if (!line.startsWith("data: ")) continue;
            JsonNode e = Json.tryParse(line.substring(6));
            assertThat(e.path("sequence_number").asInt()).isEqualTo(seq++);
            types.add(e.path("type").asText());
            if (e.path("type").asText().equals("response.function_call_arguments.delta")) args.append(e.path("delta").asText());
            if (e.path("type").asText().equals("response.completed")) completed = e.get("response");
        }
        assertThat(types.get(0)).isEqualTo("response.created");
        assertThat(types).contains("response.output_item.added", "response.reasoning_text.delta",
                "response.function_call_arguments.done", "response.output_item.done");
        assertThat(types.get(types.size() - 1)).isEqualTo("response.completed");
        assertThat(Json.tryParse(args.toString())).isEqualTo(Json.tryParse("{\"folder\":\"notes\"}"));
        assertThat(completed.path("output").get(1).path("name").asText()).isEqualTo("cd");
    }

    @Test
    void anUnknownConversationIsAClear4xxInOpenAisErrorShapeOnEveryRoute() throws IOException {
        Answer chat = post(server, Wire.CHAT_PATH, chat(user("Book me a flight to Lisbon.")));
        assertThat(chat.status()).isEqualTo(404);
        assertThat(chat.header(Wire.SIMULATED_HEADER)).isEqualTo("1");
        assertThat(chat.header(Wire.FAULT_PLAN_HEADER)).isEqualTo(SimConfig.CLEAN.faultPlanId());
        JsonNode err = chat.json().get("error");
        assertThat(err.path("message").asText()).contains("no loaded scenario starts with the user message 'Book me a flight to Lisbon.'");
        assertThat(err.path("code").asText()).isEqualTo("conversation_not_found");
        assertThat(err.path("type").asText()).isEqualTo("NotFoundError");
        Answer diverged = post(server, SimEngine.RESPONSES_PATH, responses(Json.array().add(user(FIRST))
                .add(Json.object().put("type", "function_call").put("call_id", "c1").put("name", "cd").put("arguments", "{\"folder\":\"notes\"}"))
                .add(Json.object().put("type", "function_call_output").put("call_id", "c1").put("output", "{}"))
                .add(user("Something else entirely."))));
        assertThat(diverged.status()).isEqualTo(422);
        assertThat(diverged.json().path("error").path("message").asText()).contains("diverges at message 3",
                "expected the user message of turn 1: 'How many lines does todo.txt have?'", "got 'Something else entirely.'");
        ObjectNode prompt = Json.object().put("prompt", "<|start|>user<|message|>Book me a flight.<|end|><|start|>assistant");
        Answer completions = post(server, Wire.COMPLETIONS_PATH, prompt);
        assertThat(completions.status()).isEqualTo(404);
        assertThat(completions.header(Wire.SIMULATED_HEADER)).isEqualTo("1");
    }

    @Test
    void faultsApplyAsConfiguredAndRepeatForTheSameConversationPosition() throws IOException {
        SimConfig f23 = SimConfig.CLEAN.withFaults(SimModel.parse("off,F23=1"));
        try (SimServer s = SimServer.start(f23, SimServer.Options.loopback(0, 4), book)) {
            Answer one = post(s, Wire.CHAT_PATH, chat(user(FIRST)));
            Answer two = post(s, Wire.CHAT_PATH, chat(user(FIRST)));
            assertThat(one.header(Wire.SIM_FAULTS_HEADER)).isEqualTo("F23").isEqualTo(two.header(Wire.SIM_FAULTS_HEADER));
            assertThat(one.body()).isEqualTo(two.body());
            JsonNode call = one.json().path("choices").path(0).path("message").path("tool_calls").path(0);
            String args = call.path("function").path("arguments").asText();
            assertThat(args).isEqualTo("{\"folder\":\"notes??\"}");
            // the client ran the faulted call: it matches no ground truth, and the same call is asked again
            ObjectNode assistant = Json.object().put("role", "assistant").putNull("content");
            assistant.putArray("tool_calls").add(call);
            ObjectNode tool = Json.object().put("role", "tool").put("tool_call_id", call.path("id").asText())
                    .put("content", "{\"error\": \"cd: notes??: No such file or directory\"}");
            Answer again = post(s, Wire.CHAT_PATH, chat(user(FIRST), assistant, tool));
            JsonNode rec = again.json().path(Wire.SIM_FIELD).path("recognised");
            assertThat(rec.path("unmatched").asInt()).isEqualTo(1);
            assertThat(rec.path("depth").asInt()).isEqualTo(1);
            assertThat(again.json().path("choices").path(0).path("message").path("tool_calls").path(0).path("function")
                    .path("name").asText()).isEqualTo("cd");
        }
    }

    @Test
    void aRequestWithAHintIsStillAnsweredFromItsHint() throws IOException {
        ObjectNode body = chat(user(FIRST));
        ObjectNode hint = body.putObject(Wire.SIM_FIELD).put("scenario_id", "mine").put("depth", 0);
        hint.putArray("expected").addObject().put("role", "assistant").put("channel", "final").put("content", "From the hint.");
        Answer a = post(server, Wire.CHAT_PATH, body);
        assertThat(a.json().path("choices").path(0).path("message").path("content").asText()).isEqualTo("From the hint.");
        assertThat(a.header(SimEngine.SCENARIO_HEADER)).isNull();
        assertThat(a.json().path(Wire.SIM_FIELD).has("recognised")).isFalse();
    }
}
