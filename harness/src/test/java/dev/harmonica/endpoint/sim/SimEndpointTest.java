package dev.harmonica.endpoint.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.endpoint.Endpoint;
import dev.harmonica.endpoint.EndpointConfig;
import dev.harmonica.endpoint.EndpointEnvironment;
import dev.harmonica.endpoint.EndpointException;
import dev.harmonica.endpoint.Endpoints;
import dev.harmonica.endpoint.Json;
import dev.harmonica.endpoint.ModelRequest;
import dev.harmonica.endpoint.RawTurn;
import dev.harmonica.endpoint.Wire;
import dev.harmonica.harmony.HarmonyEncoding;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The simulator in process and over real HTTP on 127.0.0.1, driven by the endpoint clients. */
class SimEndpointTest {
    static final JsonNode CALL = Json.tryParse(SimFaultInjectionTest.CALL);
    static final JsonNode TWO_CALLS = Json.tryParse("[{\"role\":\"assistant\",\"channel\":\"analysis\",\"content\":\"Two lookups.\"},"
            + "{\"role\":\"assistant\",\"recipient\":\"functions.get_weather\",\"channel\":\"commentary\",\"content\":\"{\\\"city\\\":\\\"SF\\\"}\"},"
            + "{\"role\":\"assistant\",\"recipient\":\"functions.get_time\",\"channel\":\"commentary\",\"content\":\"{\\\"tz\\\":\\\"PST\\\"}\"}]");
    static final JsonNode TOOLS = Json.tryParse("[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\"}}},"
            + "{\"type\":\"function\",\"function\":{\"name\":\"get_time\",\"parameters\":{\"type\":\"object\"}}}]");
    static final String PROMPT = "<|start|>user<|message|>Weather in SF?<|end|><|start|>assistant";

    final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
    final EndpointEnvironment env = EndpointEnvironment.system().withSleeper(sleeps::add).withJitter(() -> 0);

    static ModelRequest completions(JsonNode expected, int depth, String scenario) {
        return new ModelRequest(ModelRequest.Mode.COMPLETIONS, null, HarmonyEncoding.get().encodeWithSpecials(PROMPT), PROMPT,
                null, null, null, null, false, new ModelRequest.Sampling(2048, 1.0, 1.0, 3L),
                new ModelRequest.SimHint(scenario, depth, expected));
    }

    static ModelRequest chat(JsonNode expected, boolean stream, JsonNode toolChoice, Boolean parallel) {
        return new ModelRequest(ModelRequest.Mode.CHAT, null, null, null,
                Json.tryParse("[{\"role\":\"user\",\"content\":\"Weather in SF?\"}]"), TOOLS, toolChoice, parallel, stream,
                new ModelRequest.Sampling(2048, 1.0, null, 3L), new ModelRequest.SimHint("chat-1", 0, expected));
    }

    EndpointConfig httpConfig(SimServer s) {
        return EndpointConfig.simServer(s.baseUrl())
                .withRetries(5, Duration.ofMillis(10), Duration.ofMillis(100))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(1500));
    }

    @Test
    void inProcessCompletionsAnswerTheHintAsGptOssWould() throws Exception {
        try (Endpoint ep = SimulatedEndpoint.create(SimConfig.CLEAN)) {
            RawTurn t = ep.complete(completions(CALL, 0, "s"));
            assertThat(t.completionText()).isEqualTo("<|channel|>analysis<|message|>Need weather.<|end|>"
                    + "<|start|>assistant<|channel|>commentary to=functions.get_weather <|constrain|>json<|message|>{\"city\": \"SF\"}<|call|>");
            assertThat(HarmonyEncoding.get().decode(t.completionTokens())).isEqualTo(t.completionText());
            assertThat(t.finishReason()).isEqualTo("stop");
            assertThat(t.injectedFaults()).isEmpty();
            assertThat(t.promptTokens()).isEqualTo(HarmonyEncoding.get().encodeWithSpecials(PROMPT).length);
            assertThat(t.completionTokenCount()).isEqualTo(t.completionTokens().length);
            assertThat(t.attempts()).isEqualTo(1);
        }
    }

    @Test
    void httpAndInProcessTurnsAreIdentical() throws Exception {
        SimConfig cfg = SimConfig.DEFAULT.withFaults(SimModel.parse("default,scale=20"));
        try (SimServer s = SimServer.start(cfg, 0, 16);
             Endpoint http = Endpoints.create(httpConfig(s), env);
             Endpoint local = SimulatedEndpoint.create(cfg)) {
            int faulty = 0;
            for (int depth = 0; depth < 25; depth++) {
                List<ModelRequest> requests = List.of(completions(CALL, depth, "same"), completions(TWO_CALLS, depth, "two"),
                        withPrompt(SimModelTest.V008_HISTORY, "v008-" + depth), withPrompt(SimModelTest.PR114_HISTORY, "pr114-" + depth));
                for (ModelRequest req : requests) {
                    RawTurn a = http.complete(req);
                    RawTurn b = local.complete(req);
                    assertThat(a.completionText()).isEqualTo(b.completionText());
                    assertThat(a.completionTokens()).isEqualTo(b.completionTokens());
                    assertThat(a.injectedFaults()).isEqualTo(b.injectedFaults());
                    assertThat(a.promptTokens()).isEqualTo(b.promptTokens());
                    assertThat(a.finishReason()).isEqualTo(b.finishReason());
                    if (!a.injectedFaults().isEmpty()) faulty++;
                }
                for (boolean stream : new boolean[]{false, true}) {
                    RawTurn c = http.complete(chat(depth % 2 == 0 ? CALL : TWO_CALLS, stream, null, null));
                    RawTurn d = local.complete(chat(depth % 2 == 0 ? CALL : TWO_CALLS, stream, null, null));
                    assertThat(c.promptTokens()).isEqualTo(d.promptTokens());
                    assertThat(c.finishReason()).isEqualTo(d.finishReason());
                    assertThat(c.chatMessage()).isEqualTo(d.chatMessage());
                    assertThat(c.serverError()).isEqualTo(d.serverError());
                    assertThat(c.httpStatus()).isEqualTo(d.httpStatus());
                    assertThat(c.injectedFaults()).isEqualTo(d.injectedFaults());
                }
            }
            assertThat(faulty).isPositive();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "503x2, 3", "429x1:retry-after=2, 2", "500x2, 3", "502, 2", "504, 2", "408, 2",
            "reset, 2", "stall:ms=4000, 2", "error200, 2", "garbage, 2", "503;reset;garbage, 4"})
    void transportFaultsAreSurvivedWithTheRightNumberOfAttempts(String spec, int attempts) throws Exception {
        try (SimServer s = SimServer.start(SimConfig.CLEAN, 0, 8)) {
            ObjectNode extra = Json.object();
            extra.putObject(Wire.SIM_FIELD).put("transport", spec.replace(';', ','));
            for (boolean stream : new boolean[]{false, true}) {
                ObjectNode e = extra.deepCopy();
                ((ObjectNode) e.get(Wire.SIM_FIELD)).put("stream_variant", stream); // a distinct request per variant
                try (Endpoint ep = Endpoints.create(httpConfig(s).withExtraBody(e), env)) {
                    ModelRequest r = stream ? chat(null, true, null, null) : completions(null, 0, "t");
                    RawTurn t = ep.complete(r);
                    assertThat(t.attempts()).as("%s stream=%s", spec, stream).isEqualTo(attempts);
                    assertThat(t.serverError()).isNull();
                    if (stream) assertThat(t.chatMessage().get("content").asText()).contains("simulated answer");
                    else assertThat(t.completionText()).endsWith("<|return|>");
                }
            }
        }
        if (spec.startsWith("429")) assertThat(sleeps).contains(Duration.ofSeconds(2));
    }

    @Test
    void serverWideScriptAppliesToTheFirstRequests() throws Exception {
        try (SimServer s = SimServer.start(SimConfig.CLEAN.withTransport(TransportScript.parse("503x2")), 0, 8);
             Endpoint ep = Endpoints.create(httpConfig(s), env)) {
            assertThat(ep.complete(completions(CALL, 0, "a")).attempts()).isEqualTo(3);
            assertThat(ep.complete(completions(CALL, 1, "a")).attempts()).isEqualTo(1);
        }
    }

    @Test
    void transportFaultsBeyondTheRetryBudgetSurfaceAsEndpointException() throws Exception {
        try (SimServer s = SimServer.start(SimConfig.CLEAN.withTransport(TransportScript.parse("503x9")), 0, 8);
             Endpoint ep = Endpoints.create(httpConfig(s), env)) {
            assertThatThrownBy(() -> ep.complete(completions(CALL, 0, "a")))
                    .isInstanceOf(EndpointException.class).hasMessageContaining("gave up after 5 attempts");
        }
    }

    @Test
    void chatStrictHarmonyErrorIsA400ResultWithTheFaultListed() throws Exception {
        SimConfig cfg = SimConfig.CLEAN.withFaults(SimModel.parse("F3=1"));
        try (SimServer s = SimServer.start(cfg, 0, 8); Endpoint ep = Endpoints.create(httpConfig(s), env)) {
            RawTurn t = ep.complete(chat(CALL, false, null, null));
            assertThat(t.serverError()).isEqualTo("unexpected tokens remaining in message header: Some(\"to=functions.get_weather\")");
            assertThat(t.httpStatus()).isEqualTo(400);
            assertThat(t.attempts()).isEqualTo(1);
            assertThat(t.injectedFaults()).containsExactly("F3");
            assertThat(s.requestCount()).isEqualTo(1);
        }
    }

    @Test
    void chatStrictHarmonyErrorAs500FlatAndAsStreamErrorEvent() throws Exception {
        SimConfig cfg = SimConfig.CLEAN.withFaults(SimModel.parse("F7=1")).withError(500, SimConfig.ErrorShape.FLAT);
        JsonNode fin = Json.tryParse(SimFaultInjectionTest.FINAL);
        try (SimServer s = SimServer.start(cfg, 0, 8); Endpoint ep = Endpoints.create(httpConfig(s), env)) {
            RawTurn t = ep.complete(chat(fin, false, null, null));
            assertThat(t.serverError()).startsWith("Unknown role: ");
            assertThat(t.httpStatus()).isEqualTo(500);
            assertThat(t.attempts()).isEqualTo(1);
            RawTurn st = ep.complete(chat(fin, true, null, null));
            assertThat(st.serverError()).isEqualTo(t.serverError());
            assertThat(st.httpStatus()).isEqualTo(200);
            assertThat(st.injectedFaults()).containsExactly("F7");
        }
    }

    /** vLLM's chat endpoint stops at the first {@code <|call|>} (gpt-oss generation config): one tool call per response. */
    @Test
    void chatToolCallsLikeVllmOneCallPerResponseStreamingAndNot() throws Exception {
        try (Endpoint ep = SimulatedEndpoint.create(SimConfig.CLEAN)) {
            RawTurn t = ep.complete(chat(TWO_CALLS, false, null, null));
            JsonNode m = t.chatMessage();
            assertThat(m.get("reasoning").asText()).isEqualTo("Two lookups.");
            assertThat(m.get("content").isNull()).isTrue();
            assertThat(m.get("tool_calls")).hasSize(1);
            assertThat(m.get("tool_calls").get(0).get("function").get("name").asText()).isEqualTo("get_weather");
            assertThat(m.get("tool_calls").get(0).get("function").get("arguments").asText()).isEqualTo("{\"city\":\"SF\"}");
            assertThat(m.get("tool_calls").get(0).get("id").asText()).startsWith("call_");
            assertThat(t.finishReason()).isEqualTo("tool_calls");
            RawTurn st = ep.complete(chat(TWO_CALLS, true, null, null));
            assertThat(st.chatMessage()).isEqualTo(m);
            assertThat(st.finishReason()).isEqualTo("tool_calls");
            RawTurn named = ep.complete(chat(TWO_CALLS, false, Json.tryParse("{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}"), null));
            assertThat(named.finishReason()).isEqualTo("stop");
        }
    }

    @Test
    void withStopsIgnoredChatReturnsEveryCallUnlessParallelCallsAreOff() throws Exception {
        try (Endpoint ep = SimulatedEndpoint.create(SimConfig.CLEAN.withHonourStops(false))) {
            RawTurn t = ep.complete(chat(TWO_CALLS, false, null, null));
            JsonNode m = t.chatMessage();
            assertThat(m.get("tool_calls")).hasSize(2);
            assertThat(m.get("tool_calls").get(1).get("function").get("arguments").asText()).isEqualTo("{\"tz\":\"PST\"}");
            assertThat(ep.complete(chat(TWO_CALLS, true, null, null)).chatMessage()).isEqualTo(m);
            assertThat(ep.complete(chat(TWO_CALLS, false, null, false)).chatMessage().get("tool_calls")).hasSize(1);
        }
    }

    @Test
    void completionsEndAtTheFirstCallLikeVllm() throws Exception {
        try (Endpoint ep = SimulatedEndpoint.create(SimConfig.CLEAN)) {
            RawTurn t = ep.complete(completions(TWO_CALLS, 0, "s"));
            assertThat(t.completionText()).isEqualTo("<|channel|>analysis<|message|>Two lookups.<|end|><|start|>assistant"
                    + "<|channel|>commentary to=functions.get_weather <|constrain|>json<|message|>{\"city\":\"SF\"}<|call|>");
            assertThat(t.completionTokens()[t.completionTokens().length - 1]).isEqualTo(HarmonyEncoding.CALL);
            assertThat(t.finishReason()).isEqualTo("stop");
        }
        try (Endpoint ep = SimulatedEndpoint.create(SimConfig.CLEAN.withHonourStops(false))) {
            assertThat(ep.complete(completions(TWO_CALLS, 0, "s")).completionText())
                    .contains("functions.get_weather", "functions.get_time").endsWith("<|call|>");
        }
    }

    private static JsonNode rawCompletion(SimEngine engine, String extraFields) {
        String body = "{\"model\":\"m\",\"prompt\":" + Json.write(Json.tryParse("\"" + PROMPT + "\"")) + ","
                + "\"skip_special_tokens\":false,\"return_token_ids\":true," + extraFields
                + "\"harmonica_sim\":{\"scenario_id\":\"r\",\"depth\":0,\"expected\":" + Json.write(TWO_CALLS) + "}}";
        SimEngine.Reply r = engine.handle("POST", Wire.COMPLETIONS_PATH, body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return Json.tryParse(r.body()).get("choices").get(0);
    }

    /** vLLM semantics of stop_token_ids, stop strings, include_stop_str_in_output and ignore_eos (vLLM's OpenAI-compatible server docs (extra parameters)). */
    @Test
    void requestStopsAreHonouredAsVllmDoes() {
        SimEngine engine = new SimEngine(SimConfig.CLEAN);
        JsonNode kept = rawCompletion(engine, "\"include_stop_str_in_output\":true,\"stop_token_ids\":[200002,200012],");
        assertThat(kept.get("text").asText()).endsWith("{\"city\":\"SF\"}<|call|>").doesNotContain("get_time");
        assertThat(kept.get("stop_reason").asInt()).isEqualTo(HarmonyEncoding.CALL);
        JsonNode ids = kept.get("token_ids");
        assertThat(ids.get(ids.size() - 1).asInt()).isEqualTo(HarmonyEncoding.CALL);

        JsonNode dropped = rawCompletion(engine, "");
        assertThat(dropped.get("text").asText()).endsWith("{\"city\":\"SF\"}");
        assertThat(dropped.get("token_ids").get(dropped.get("token_ids").size() - 1).asInt()).isEqualTo(HarmonyEncoding.CALL);

        // <|end|> as a stop token: only the analysis message
        JsonNode atEnd = rawCompletion(engine, "\"include_stop_str_in_output\":true,\"stop_token_ids\":[200007],");
        assertThat(atEnd.get("text").asText()).isEqualTo("<|channel|>analysis<|message|>Two lookups.<|end|>");
        assertThat(atEnd.get("finish_reason").asText()).isEqualTo("stop");

        JsonNode str = rawCompletion(engine, "\"stop\":[\"lookups\"],\"include_stop_str_in_output\":true,");
        assertThat(str.get("text").asText()).isEqualTo("<|channel|>analysis<|message|>Two lookups");
        assertThat(str.get("stop_reason").asText()).isEqualTo("lookups");
        JsonNode strDropped = rawCompletion(engine, "\"stop\":\"lookups\",");
        assertThat(strDropped.get("text").asText()).isEqualTo("<|channel|>analysis<|message|>Two ");

        // ignore_eos drops the generation-config stops, not the request's own stop_token_ids
        assertThat(rawCompletion(engine, "\"ignore_eos\":true,\"stop_token_ids\":[200012],").get("text").asText())
                .doesNotContain("get_time");
        assertThat(rawCompletion(engine, "\"ignore_eos\":true,").get("text").asText()).contains("get_time");

        SimEngine.Reply bad = engine.handle("POST", Wire.COMPLETIONS_PATH,
                "{\"prompt\":\"x\",\"stop_token_ids\":[\"call\"]}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("stop_token_ids[0]: not a token id");
    }

    /** F11 needs text after <|return|>: vllm#50690 (chat, ignore_eos:true) yes; completions naming <|return|> as a stop, no. */
    @Test
    void f11OnlyWhenTheRequestDoesNotStopAtReturn() throws Exception {
        JsonNode fin = Json.tryParse(SimFaultInjectionTest.FINAL);
        ObjectNode ignoreEos = Json.object().put("ignore_eos", true);
        try (Endpoint ep = new SimulatedEndpoint(EndpointConfig.inProcessSim().withExtraBody(ignoreEos), SimConfig.CLEAN)) {
            RawTurn chat = ep.complete(chat(fin, false, null, null));
            assertThat(chat.injectedFaults()).containsExactly("F11");
            assertThat(chat.serverError()).isEqualTo("Unexpected token 200002 while expecting start token 200006");
            RawTurn c = ep.complete(completions(fin, 0, "s"));
            assertThat(c.injectedFaults()).isEmpty();
            assertThat(c.completionText()).endsWith("4<|return|>");
        }
        try (Endpoint ep = SimulatedEndpoint.create(SimConfig.CLEAN.withFaults(SimModel.parse("F11=1")))) {
            assertThat(ep.complete(completions(fin, 0, "s")).injectedFaults()).as("F11 at rate 1, stops honoured").isEmpty();
        }
        try (Endpoint ep = SimulatedEndpoint.create(SimConfig.CLEAN.withFaults(SimModel.parse("F11=1")).withHonourStops(false))) {
            RawTurn t = ep.complete(completions(fin, 0, "s"));
            assertThat(t.injectedFaults()).containsExactly("F11");
            assertThat(t.completionText()).endsWith("<|return|><|return|>");
        }
    }

    @Test
    void chatToolNameLeakF1ReachesTheClient() throws Exception {
        try (Endpoint ep = SimulatedEndpoint.create(SimConfig.CLEAN.withFaults(SimModel.parse("F1=1")))) {
            RawTurn t = ep.complete(chat(CALL, false, null, null));
            assertThat(t.chatMessage().get("tool_calls").get(0).get("function").get("name").asText())
                    .isEqualTo("get_weather<|channel|>commentary");
            assertThat(t.serverError()).isNull();
            assertThat(t.injectedFaults()).containsExactly("F1");
        }
    }

    @Test
    void lenientServerModeRecoversWhatStrictRejects() throws Exception {
        SimConfig cfg = SimConfig.CLEAN.withFaults(SimModel.parse("F3=1")).withServer(SimConfig.ServerMode.LENIENT);
        try (Endpoint ep = SimulatedEndpoint.create(cfg)) {
            RawTurn t = ep.complete(chat(CALL, false, null, null));
            assertThat(t.serverError()).isNull();
            assertThat(t.injectedFaults()).containsExactly("F3");
            assertThat(t.chatMessage().get("tool_calls").get(0).get("function").get("name").asText()).isEqualTo("get_weather");
            assertThat(t.finishReason()).isEqualTo("tool_calls");
        }
    }

    @Test
    void vllmLenientReturnsTheRawTextAsContent() throws Exception {
        SimConfig cfg = SimConfig.CLEAN.withFaults(SimModel.parse("F3=1")).withServer(SimConfig.ServerMode.VLLM_LENIENT);
        try (Endpoint ep = SimulatedEndpoint.create(cfg)) {
            RawTurn t = ep.complete(chat(CALL, false, null, null));
            assertThat(t.serverError()).isNull();
            assertThat(t.chatMessage().get("content").asText()).contains("to=functions.get_weather<|channel|>commentary to=functions.get_weather");
            assertThat(t.finishReason()).isEqualTo("stop");
        }
    }

    @Test
    void responsesSayTheyAreSimulated() throws Exception {
        try (SimServer s = SimServer.start(SimConfig.CLEAN, 0, 4)) {
            OkHttpClient client = new OkHttpClient();
            try (Response r = client.newCall(new Request.Builder().url(s.baseUrl() + "/v1/models").build()).execute()) {
                assertThat(r.code()).isEqualTo(200);
                assertThat(r.header(Wire.SIMULATED_HEADER)).isEqualTo("1");
                assertThat(r.header(Wire.FAULT_PLAN_HEADER)).isEqualTo(SimConfig.CLEAN.faultPlanId());
                assertThat(Json.tryParse(r.body().string()).get("data").get(0).get("owned_by").asText()).isEqualTo("harmonica-sim");
            }
            // a plain client that knows nothing of harmony: vLLM defaults apply (special tokens skipped)
            String body = "{\"model\":\"x\",\"prompt\":\"" + PROMPT.replace("\"", "\\\"") + "\",\"max_tokens\":100}";
            try (Response r = client.newCall(new Request.Builder().url(s.baseUrl() + "/v1/completions")
                    .post(okhttp3.RequestBody.create(body, okhttp3.MediaType.get("application/json"))).build()).execute()) {
                JsonNode j = Json.tryParse(r.body().string());
                assertThat(j.get(Wire.SIM_FIELD).get("simulated").asBoolean()).isTrue();
                assertThat(j.get("choices").get(0).get("text").asText()).doesNotContain("<|").startsWith("analysis");
                assertThat(r.header(Wire.SIM_FAULTS_HEADER)).isEmpty();
            }
            try (Response r = client.newCall(new Request.Builder().url(s.baseUrl() + "/v2/nothing").build()).execute()) {
                assertThat(r.code()).isEqualTo(404);
            }
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    @Test
    void badHintIsABadRequestNamingTheField() {
        JsonNode bad = Json.tryParse("[{\"channel\":\"final\",\"content\":\"x\"}]");
        try (Endpoint ep = SimulatedEndpoint.create(SimConfig.CLEAN)) {
            assertThatThrownBy(() -> ep.complete(completions(bad, 0, "s")))
                    .isInstanceOf(EndpointException.class)
                    .hasMessageContaining("harmonica_sim.expected: messages[0].role");
        }
    }

    @Test
    void simulatedLatencyIsWaitedNotComputed() throws Exception {
        try (Endpoint ep = SimulatedEndpoint.create(SimConfig.CLEAN.withLatency(Duration.ofMillis(120)))) {
            long t0 = System.nanoTime();
            RawTurn t = ep.complete(completions(CALL, 0, "s"));
            assertThat((System.nanoTime() - t0) / 1e6).isGreaterThanOrEqualTo(120);
            assertThat(t.latencyMillis()).isGreaterThanOrEqualTo(120);
        }
    }

    @Test
    void faultsDependOnTheRenderedHistoryInCompletionsMode() throws Exception {
        SimConfig cfg = SimConfig.CLEAN.withFaults(SimModel.parse("F1=0.1,recipient-first=8,slope=0"));
        int v008 = 0;
        int pr114 = 0;
        try (Endpoint ep = SimulatedEndpoint.create(cfg)) {
            for (int i = 0; i < 200; i++) {
                v008 += ep.complete(withPrompt(SimModelTest.V008_HISTORY, "s" + i)).injectedFaults().size();
                pr114 += ep.complete(withPrompt(SimModelTest.PR114_HISTORY, "s" + i)).injectedFaults().size();
            }
        }
        assertThat(v008).isGreaterThan(3 * pr114);
    }

    private static ModelRequest withPrompt(String prompt, String scenario) {
        return new ModelRequest(ModelRequest.Mode.COMPLETIONS, null, HarmonyEncoding.get().encodeWithSpecials(prompt), prompt,
                null, null, null, null, false, new ModelRequest.Sampling(2048, 1.0, 1.0, 1L),
                new ModelRequest.SimHint(scenario, 3, CALL));
    }

    @Test
    void sglangPersonalityDropsBareJsonCallsAndFailsWithAFlat500() throws Exception {
        SimConfig bare = SimConfig.CLEAN.withFaults(SimModel.parse("F14=1")).withServer(SimConfig.ServerMode.SGLANG);
        try (Endpoint ep = SimulatedEndpoint.create(bare)) {
            RawTurn t = ep.complete(chat(CALL, false, null, null));
            assertThat(t.serverError()).isNull();
            assertThat(t.chatMessage().has("tool_calls")).as("SGLang's regex needs <|constrain|>json").isFalse();
            assertThat(t.finishReason()).isEqualTo("stop");
        }
        SimConfig broken = SimConfig.CLEAN.withFaults(SimModel.parse("F3=1")).withServer(SimConfig.ServerMode.SGLANG);
        try (Endpoint ep = SimulatedEndpoint.create(broken)) {
            RawTurn t = ep.complete(chat(CALL, false, null, null));
            assertThat(t.httpStatus()).isEqualTo(500);
            assertThat(t.serverError()).startsWith("Internal server error: unexpected tokens remaining in message header");
        }
    }

    @Test
    void llamacppPersonalityUsesReasoningContentAndThePegError() throws Exception {
        try (Endpoint ep = SimulatedEndpoint.create(SimConfig.CLEAN.withServer(SimConfig.ServerMode.LLAMACPP))) {
            RawTurn t = ep.complete(chat(CALL, false, null, null));
            assertThat(t.chatMessage().get("reasoning_content").asText()).isEqualTo("Need weather.");
            assertThat(t.chatMessage().get("reasoning").asText()).as("client normalises the name").isEqualTo("Need weather.");
        }
        SimConfig broken = SimConfig.CLEAN.withFaults(SimModel.parse("F9=1")).withServer(SimConfig.ServerMode.LLAMACPP);
        try (Endpoint ep = SimulatedEndpoint.create(broken)) {
            RawTurn t = ep.complete(chat(CALL, false, null, null));
            assertThat(t.httpStatus()).isEqualTo(500);
            assertThat(t.serverError()).isEqualTo("The model produced output that does not match the expected peg-native format");
        }
    }
}
