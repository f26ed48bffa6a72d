package dev.harmonica.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The HTTP client against mockwebserver3 on 127.0.0.1: request shapes, retry policy, streaming, cache, API key. */
class HttpEndpointTest {
    static final String SECRET = "sk-test-SECRET-value-9f8e7d";
    static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    static final String COMPLETION = "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"choices\":[{\"index\":0,"
            + "\"text\":\"<|channel|>final<|message|>hi<|return|>\",\"finish_reason\":\"stop\",\"token_ids\":[200005,17196,200008,3686,200002]}],"
            + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":5}}";
    static final String CHAT = "{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
            + "\"content\":null,\"reasoning_content\":\"Need weather.\",\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
            + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"SF\\\"}\"}}]},\"finish_reason\":\"tool_calls\"}],"
            + "\"usage\":{\"prompt_tokens\":30,\"completion_tokens\":20}}";

    MockWebServer server;
    final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
    EndpointEnvironment env;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        env = EndpointEnvironment.system()
                .withSleeper(sleeps::add)
                .withJitter(() -> 0.5)
                .withClock(Clock.fixed(NOW, ZoneOffset.UTC))
                .withEnv(name -> name.equals("HARMONICA_TEST_KEY") ? SECRET : null);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    EndpointConfig config() {
        return EndpointConfig.http(server.url("/").toString(), "gpt-oss-20b")
                .withRetries(4, Duration.ofSeconds(1), Duration.ofSeconds(8))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(500));
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    static ModelRequest completions(long seed) {
        return new ModelRequest(ModelRequest.Mode.COMPLETIONS, "gpt-oss-20b", new int[]{200006, 1428, 200008, 3686, 200007, 200006, 173781},
                "<|start|>user<|message|>hi<|end|><|start|>assistant", null, null, null, null, false,
                new ModelRequest.Sampling(256, 1.0, 1.0, seed),
                new ModelRequest.SimHint("sc", 0, Json.tryParse("[{\"role\":\"assistant\",\"channel\":\"final\",\"content\":\"x\"}]")));
    }

    static ModelRequest chat(boolean stream) {
        JsonNode messages = Json.tryParse("[{\"role\":\"user\",\"content\":\"Weather in SF?\"}]");
        JsonNode tools = Json.tryParse("[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}}]");
        return new ModelRequest(ModelRequest.Mode.CHAT, "gpt-oss-20b", null, null, messages, tools,
                Json.tryParse("{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}"), false, stream,
                new ModelRequest.Sampling(512, 0.0, null, 7L), null);
    }

    static JsonNode body(RecordedRequest r) {
        return Json.tryParse(r.getBody().utf8());
    }

    // ------------------------------------------------------------ request shapes

    @Test
    void completionsSendsTokenIdsAndTheHarmonyPreservingVllmExtras() throws Exception {
        server.enqueue(json(200, COMPLETION));
        try (Endpoint ep = Endpoints.create(config(), env)) {
            RawTurn t = ep.complete(completions(99));
            assertThat(t.completionText()).isEqualTo("<|channel|>final<|message|>hi<|return|>");
            assertThat(t.completionTokens()).containsExactly(200005, 17196, 200008, 3686, 200002);
            assertThat(t.finishReason()).isEqualTo("stop");
            assertThat(t.promptTokens()).isEqualTo(12);
            assertThat(t.completionTokenCount()).isEqualTo(5);
            assertThat(t.attempts()).isEqualTo(1);
            assertThat(t.httpStatus()).isEqualTo(200);
            assertThat(t.injectedFaults()).isEmpty();
            assertThat(t.cached()).isFalse();
        }
        RecordedRequest r = server.takeRequest();
        assertThat(r.getUrl().encodedPath()).isEqualTo("/v1/completions");
        JsonNode b = body(r);
        assertThat(b.get("prompt").isArray()).isTrue();
        assertThat(b.get("prompt").get(6).asInt()).isEqualTo(173781);
        assertThat(b.get("skip_special_tokens").asBoolean(true)).isFalse();
        assertThat(b.get("spaces_between_special_tokens").asBoolean(true)).isFalse();
        assertThat(b.get("include_stop_str_in_output").asBoolean()).isTrue();
        assertThat(b.get("stop_token_ids").toString()).isEqualTo("[200002,200012]");
        assertThat(b.get("return_token_ids").asBoolean()).isTrue();
        assertThat(b.get("seed").asLong()).isEqualTo(99);
        assertThat(b.get("max_tokens").asInt()).isEqualTo(256);
        assertThat(b.has(Wire.SIM_FIELD)).as("the sim hint never goes to a real server").isFalse();
        assertThat(r.getHeaders().get("Authorization")).isNull();
    }

    @Test
    void textPromptAndNoExtrasForGenericServers() throws Exception {
        server.enqueue(json(200, COMPLETION.replace(",\"token_ids\":[200005,17196,200008,3686,200002]", "")));
        EndpointConfig c = config().withServer(EndpointConfig.ServerKind.GENERIC).withTokenIds(false, true);
        try (Endpoint ep = Endpoints.create(c, env)) {
            assertThat(ep.complete(completions(1)).completionTokens()).isNull();
        }
        JsonNode b = body(server.takeRequest());
        assertThat(b.get("prompt").asText()).isEqualTo("<|start|>user<|message|>hi<|end|><|start|>assistant");
        assertThat(b.has("skip_special_tokens")).isFalse();
        assertThat(b.has("return_token_ids")).isFalse();
    }

    @Test
    void simHintIsSentOnlyToHarmonicaSimServers() throws Exception {
        server.enqueue(json(200, COMPLETION));
        try (Endpoint ep = Endpoints.create(config().withServer(EndpointConfig.ServerKind.HARMONICA_SIM), env)) {
            ep.complete(completions(1));
        }
        JsonNode hint = body(server.takeRequest()).get(Wire.SIM_FIELD);
        assertThat(hint.get("scenario_id").asText()).isEqualTo("sc");
        assertThat(hint.get("expected").get(0).get("channel").asText()).isEqualTo("final");
    }

    @Test
    void rejectedReturnTokenIdsIsDroppedForTheRestOfTheRun() throws Exception {
        server.enqueue(json(400, "{\"object\":\"error\",\"message\":\"[{'loc': ('body', 'return_token_ids'), 'msg': 'Extra inputs are not permitted'}]\",\"code\":400}"));
        server.enqueue(json(200, COMPLETION));
        server.enqueue(json(200, COMPLETION));
        try (Endpoint ep = Endpoints.create(config(), env)) {
            assertThat(ep.complete(completions(1)).attempts()).isEqualTo(2);
            ep.complete(completions(2));
        }
        assertThat(body(server.takeRequest()).has("return_token_ids")).isTrue();
        assertThat(body(server.takeRequest()).has("return_token_ids")).isFalse();
        assertThat(body(server.takeRequest()).has("return_token_ids")).isFalse();
        assertThat(sleeps).isEmpty();
    }

    @Test
    void chatSendsToolsToolChoiceAndParallelFlagAndReadsBothReasoningNames() throws Exception {
        server.enqueue(json(200, CHAT));
        try (Endpoint ep = Endpoints.create(config(), env)) {
            RawTurn t = ep.complete(chat(false));
            assertThat(t.chatMessage().get("reasoning").asText()).isEqualTo("Need weather.");
            assertThat(t.chatMessage().get("reasoning_content").asText()).isEqualTo("Need weather.");
            assertThat(t.chatMessage().get("tool_calls").get(0).get("function").get("name").asText()).isEqualTo("get_weather");
            assertThat(t.finishReason()).isEqualTo("tool_calls");
            assertThat(t.completionText()).isNull();
        }
        RecordedRequest r = server.takeRequest();
        assertThat(r.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
        JsonNode b = body(r);
        assertThat(b.get("tool_choice").get("function").get("name").asText()).isEqualTo("get_weather");
        assertThat(b.get("parallel_tool_calls").asBoolean(true)).isFalse();
        assertThat(b.get("tools").size()).isEqualTo(1);
        assertThat(b.get("messages").get(0).get("content").asText()).isEqualTo("Weather in SF?");
        assertThat(b.get("seed").asLong()).isEqualTo(7);
        assertThat(b.get("temperature").asDouble()).isZero();
        assertThat(b.has("top_p")).isFalse();
        assertThat(b.get("stream").asBoolean()).isFalse();
    }

    @Test
    void extraBodyFieldsAreMergedLast() throws Exception {
        server.enqueue(json(200, CHAT));
        var extra = Json.object().put("reasoning_effort", "high").put("temperature", 0.5);
        try (Endpoint ep = Endpoints.create(config().withExtraBody(extra), env)) {
            ep.complete(chat(false));
        }
        JsonNode b = body(server.takeRequest());
        assertThat(b.get("reasoning_effort").asText()).isEqualTo("high");
        assertThat(b.get("temperature").asDouble()).isEqualTo(0.5);
    }

    // ------------------------------------------------------------ retry policy

    @Test
    void retriesTransient503WithExponentialBackoffAndJitter() throws Exception {
        server.enqueue(json(503, "{\"error\":{\"message\":\"overloaded\"}}"));
        server.enqueue(json(503, "{\"error\":{\"message\":\"overloaded\"}}"));
        server.enqueue(json(200, COMPLETION));
        try (Endpoint ep = Endpoints.create(config(), env)) {
            RawTurn t = ep.complete(completions(1));
            assertThat(t.attempts()).isEqualTo(3);
            assertThat(t.serverError()).isNull();
        }
        // jitter 0.5: base/2 + 0.5 × base/2
        assertThat(sleeps).containsExactly(Duration.ofMillis(750), Duration.ofMillis(1500));
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void backoffIsCappedAtMaxBackoff() {
        RetryLayer retry = new RetryLayer(config().withRetries(10, Duration.ofSeconds(1), Duration.ofSeconds(8)).retry(), env);
        assertThat(retry.backoff(1)).isEqualTo(Duration.ofMillis(750));
        assertThat(retry.backoff(4)).isEqualTo(Duration.ofMillis(6000));
        assertThat(retry.backoff(9)).isEqualTo(Duration.ofMillis(6000));
    }

    @Test
    void honoursRetryAfterSecondsOn429() throws Exception {
        server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "7").body("{\"error\":{\"message\":\"rate limited\"}}").build());
        server.enqueue(json(200, COMPLETION));
        try (Endpoint ep = Endpoints.create(config(), env)) {
            assertThat(ep.complete(completions(1)).attempts()).isEqualTo(2);
        }
        assertThat(sleeps).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void honoursRetryAfterHttpDateAndCapsIt() throws Exception {
        String in5s = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(5).atZone(ZoneOffset.UTC));
        server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", in5s).body("busy").build());
        server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "86400").body("slow down").build());
        server.enqueue(json(200, COMPLETION));
        try (Endpoint ep = Endpoints.create(config().withMaxRetryAfter(Duration.ofSeconds(30)), env)) {
            assertThat(ep.complete(completions(1)).attempts()).isEqualTo(3);
        }
        assertThat(sleeps).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    @Test
    void harmonyFormatError400IsAResultAndNotRetried() throws Exception {
        server.enqueue(json(400, "{\"error\":{\"message\":\"Unknown role: final\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}}"));
        try (Endpoint ep = Endpoints.create(config(), env)) {
            RawTurn t = ep.complete(chat(false));
            assertThat(t.serverError()).isEqualTo("Unknown role: final");
            assertThat(t.httpStatus()).isEqualTo(400);
            assertThat(t.attempts()).isEqualTo(1);
            assertThat(t.chatMessage()).isNull();
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void harmonyFormatError500InTheFlatShapeIsAResultAndNotRetried() throws Exception {
        String msg = "openai_harmony.HarmonyError: unexpected tokens remaining in message header: Some(\\\"to=functions.bash\\\")";
        server.enqueue(json(500, "{\"object\":\"error\",\"message\":\"" + msg + "\",\"type\":\"InternalServerError\",\"param\":null,\"code\":500}"));
        try (Endpoint ep = Endpoints.create(config(), env)) {
            RawTurn t = ep.complete(chat(false));
            assertThat(t.serverError()).contains("unexpected tokens remaining in message header: Some(\"to=functions.bash\")");
            assertThat(t.httpStatus()).isEqualTo(500);
            assertThat(t.attempts()).isEqualTo(1);
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void other500sAreRetried() throws Exception {
        server.enqueue(json(500, "{\"error\":{\"message\":\"CUDA error: an illegal memory access\"}}"));
        server.enqueue(json(200, COMPLETION));
        try (Endpoint ep = Endpoints.create(config(), env)) {
            assertThat(ep.complete(completions(1)).attempts()).isEqualTo(2);
        }
    }

    @Test
    void other4xxFailAtOnce() {
        server.enqueue(json(404, "{\"error\":{\"message\":\"The model `gpt-oss-21b` does not exist.\",\"code\":404}}"));
        try (Endpoint ep = Endpoints.create(config(), env)) {
            assertThatThrownBy(() -> ep.complete(completions(1)))
                    .isInstanceOf(EndpointException.class)
                    .hasMessageContaining("does not exist")
                    .satisfies(e -> {
                        assertThat(((EndpointException) e).status()).isEqualTo(404);
                        assertThat(((EndpointException) e).attempts()).isEqualTo(1);
                    });
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void garbage200AndNonFormatErrorBodiesIn200AreRetried() throws Exception {
        server.enqueue(json(200, "<html>proxy error</html>"));
        server.enqueue(json(200, "{\"error\":{\"message\":\"engine dead\",\"code\":500}}"));
        server.enqueue(json(200, "{\"choices\":[]}"));
        server.enqueue(json(200, COMPLETION));
        try (Endpoint ep = Endpoints.create(config(), env)) {
            assertThat(ep.complete(completions(1)).attempts()).isEqualTo(4);
        }
    }

    @Test
    void formatErrorInsideA200IsAResult() throws Exception {
        server.enqueue(json(200, "{\"error\":{\"message\":\"Unexpected token 200002 while expecting start token 200006\",\"code\":400}}"));
        try (Endpoint ep = Endpoints.create(config(), env)) {
            RawTurn t = ep.complete(completions(1));
            assertThat(t.serverError()).isEqualTo("Unexpected token 200002 while expecting start token 200006");
            assertThat(t.httpStatus()).isEqualTo(200);
        }
    }

    @Test
    void connectionResetMidResponseIsRetried() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body(COMPLETION + " ".repeat(4000))
                .onResponseBody(new SocketEffect.CloseSocket(true, false, false)).build());
        server.enqueue(json(200, COMPLETION));
        try (Endpoint ep = Endpoints.create(config(), env)) {
            RawTurn t = ep.complete(completions(1));
            assertThat(t.attempts()).isEqualTo(2);
            assertThat(t.completionText()).isEqualTo("<|channel|>final<|message|>hi<|return|>");
        }
    }

    @Test
    void stalledResponsePastTheReadTimeoutIsRetried() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body(COMPLETION).onResponseBody(SocketEffect.Stall.INSTANCE).build());
        server.enqueue(json(200, COMPLETION));
        EndpointConfig c = config().withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(400), Duration.ofMillis(400));
        try (Endpoint ep = Endpoints.create(c, env)) {
            assertThat(ep.complete(completions(1)).attempts()).isEqualTo(2);
        }
    }

    @Test
    void givesUpAfterMaxAttemptsWithTheLastStatus() {
        for (int i = 0; i < 4; i++) server.enqueue(json(502, "bad gateway"));
        try (Endpoint ep = Endpoints.create(config(), env)) {
            assertThatThrownBy(() -> ep.complete(completions(1)))
                    .isInstanceOf(EndpointException.class)
                    .hasMessageContaining("gave up after 4 attempts")
                    .satisfies(e -> {
                        assertThat(((EndpointException) e).status()).isEqualTo(502);
                        assertThat(((EndpointException) e).attempts()).isEqualTo(4);
                    });
        }
        assertThat(sleeps).hasSize(3);
    }

    @Test
    void refusedConnectionsFailFast() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        EndpointConfig c = EndpointConfig.http("http://127.0.0.1:" + port, "m").withRetries(6, Duration.ofMillis(1), Duration.ofMillis(2));
        try (Endpoint ep = Endpoints.create(c, env)) {
            assertThatThrownBy(() -> ep.complete(completions(1)))
                    .isInstanceOf(EndpointException.class)
                    .hasMessageContaining("refused 3 connections in a row")
                    .satisfies(e -> assertThat(((EndpointException) e).attempts()).isEqualTo(3));
        }
    }

    // ------------------------------------------------------------ streaming

    static String sse(String... payloads) {
        StringBuilder sb = new StringBuilder();
        for (String p : payloads) sb.append("data: ").append(p).append("\n\n");
        return sb.toString();
    }

    static MockResponse sseResponse(String body) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream").body(body).build();
    }

    @Test
    void streamingAssemblesToolCallDeltasByIndexWithSplitArguments() throws Exception {
        server.enqueue(sseResponse(sse(
                "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"Need \"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"two calls.\"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"ci\"}}]}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"call_b\",\"type\":\"function\",\"function\":{\"name\":\"get_time\",\"arguments\":\"{\\\"tz\\\":\"}}]}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"ty\\\":\\\"SF\\\"}\"}}]}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"\\\"PST\\\"}\"}}]}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}",
                "{\"choices\":[],\"usage\":{\"prompt_tokens\":40,\"completion_tokens\":25,\"total_tokens\":65}}",
                "[DONE]")));
        try (Endpoint ep = Endpoints.create(config(), env)) {
            RawTurn t = ep.complete(chat(true));
            JsonNode m = t.chatMessage();
            assertThat(m.get("content").isNull()).isTrue();
            assertThat(m.get("reasoning").asText()).isEqualTo("Need two calls.");
            JsonNode calls = m.get("tool_calls");
            assertThat(calls).hasSize(2);
            assertThat(calls.get(0).get("id").asText()).isEqualTo("call_a");
            assertThat(calls.get(0).get("function").get("arguments").asText()).isEqualTo("{\"city\":\"SF\"}");
            assertThat(calls.get(1).get("id").asText()).isEqualTo("call_b");
            assertThat(calls.get(1).get("function").get("name").asText()).isEqualTo("get_time");
            assertThat(calls.get(1).get("function").get("arguments").asText()).isEqualTo("{\"tz\":\"PST\"}");
            assertThat(t.finishReason()).isEqualTo("tool_calls");
            assertThat(t.promptTokens()).isEqualTo(40);
            assertThat(t.completionTokenCount()).isEqualTo(25);
            assertThat(t.serverError()).isNull();
        }
        RecordedRequest r = server.takeRequest();
        assertThat(body(r).get("stream").asBoolean()).isTrue();
        assertThat(body(r).get("stream_options").get("include_usage").asBoolean()).isTrue();
        assertThat(r.getHeaders().get("Accept")).isEqualTo("text/event-stream");
    }

    @Test
    void streamingConcatenatesContentAndOldReasoningContentName() throws Exception {
        server.enqueue(sseResponse(sse(
                "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"Think\"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"The answer \"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"is 4.\"},\"finish_reason\":\"stop\"}]}",
                "[DONE]")));
        try (Endpoint ep = Endpoints.create(config(), env)) {
            RawTurn t = ep.complete(chat(true));
            assertThat(t.chatMessage().get("content").asText()).isEqualTo("The answer is 4.");
            assertThat(t.chatMessage().get("reasoning").asText()).isEqualTo("Think");
            assertThat(t.chatMessage().get("reasoning_content").asText()).isEqualTo("Think");
            assertThat(t.chatMessage().has("tool_calls")).isFalse();
        }
    }

    @Test
    void midStreamErrorEventIsRecordedAsServerError() throws Exception {
        server.enqueue(sseResponse(sse(
                "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"Need to call\"}}]}",
                "{\"error\":{\"message\":\"unexpected tokens remaining in message header: Some(\\\"to=functions.bash\\\")\",\"type\":\"BadRequestError\",\"code\":400}}",
                "[DONE]")));
        try (Endpoint ep = Endpoints.create(config(), env)) {
            RawTurn t = ep.complete(chat(true));
            assertThat(t.serverError()).isEqualTo("unexpected tokens remaining in message header: Some(\"to=functions.bash\")");
            assertThat(t.httpStatus()).isEqualTo(200);
            assertThat(t.attempts()).isEqualTo(1);
            assertThat(t.chatMessage().get("reasoning").asText()).isEqualTo("Need to call");
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void streamThatBreaksOffBeforeAFinishIsRetried() throws Exception {
        server.enqueue(sseResponse(sse("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"partial\"}}]}")));
        server.enqueue(sseResponse(sse("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"whole\"},\"finish_reason\":\"stop\"}]}", "[DONE]")));
        try (Endpoint ep = Endpoints.create(config(), env)) {
            RawTurn t = ep.complete(chat(true));
            assertThat(t.attempts()).isEqualTo(2);
            assertThat(t.chatMessage().get("content").asText()).isEqualTo("whole");
        }
    }

    @Test
    void stalledStreamPastTheIdleTimeoutIsRetried() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                .body(sse("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}]}"))
                .onResponseBody(SocketEffect.Stall.INSTANCE).build());
        server.enqueue(sseResponse(sse("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}", "[DONE]")));
        EndpointConfig c = config().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofMillis(300));
        try (Endpoint ep = Endpoints.create(c, env)) {
            RawTurn t = ep.complete(chat(true));
            assertThat(t.attempts()).isEqualTo(2);
            assertThat(t.chatMessage().get("content").asText()).isEqualTo("ok");
        }
    }

    // ------------------------------------------------------------ cache

    @Test
    void identicalRequestIsServedFromTheCacheAndCostsNothing(@TempDir Path dir) throws Exception {
        server.enqueue(json(200, COMPLETION));
        server.enqueue(json(200, COMPLETION));
        EndpointConfig c = config().withCacheDir(dir).withApiKeyEnv("HARMONICA_TEST_KEY");
        try (Endpoint ep = Endpoints.create(c, env)) {
            RawTurn first = ep.complete(completions(5));
            RawTurn second = ep.complete(completions(5));
            assertThat(first.cached()).isFalse();
            assertThat(second.cached()).isTrue();
            assertThat(first.toString()).doesNotContain(SECRET);
            assertThat(second.attempts()).isZero();
            assertThat(second.completionText()).isEqualTo(first.completionText());
            assertThat(second.completionTokens()).isEqualTo(first.completionTokens());
            assertThat(server.getRequestCount()).isEqualTo(1);
            assertThat(ep.complete(completions(6)).cached()).as("another seed is another request").isFalse();
        }
        assertThat(server.getRequestCount()).isEqualTo(2);
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> entries = files.filter(Files::isRegularFile).toList();
            assertThat(entries).hasSize(2).allSatisfy(p -> assertThat(p.getFileName().toString()).endsWith(".json"));
            for (Path p : entries) assertThat(Files.readString(p)).doesNotContain(SECRET);
        }
    }

    @Test
    void formatErrorsAndStreamsAreCachedToo(@TempDir Path dir) throws Exception {
        server.enqueue(json(400, "{\"error\":{\"message\":\"Unknown role: final\"}}"));
        server.enqueue(sseResponse(sse("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hey\"},\"finish_reason\":\"stop\"}]}", "[DONE]")));
        try (Endpoint ep = Endpoints.create(config().withCacheDir(dir), env)) {
            ep.complete(chat(false));
            ep.complete(chat(true));
            RawTurn err = ep.complete(chat(false));
            RawTurn streamed = ep.complete(chat(true));
            assertThat(err.cached()).isTrue();
            assertThat(err.serverError()).isEqualTo("Unknown role: final");
            assertThat(err.httpStatus()).isEqualTo(400);
            assertThat(streamed.cached()).isTrue();
            assertThat(streamed.chatMessage().get("content").asText()).isEqualTo("hey");
        }
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void transportFailuresAreNeverCached(@TempDir Path dir) throws Exception {
        server.enqueue(json(404, "{\"error\":{\"message\":\"no such model\"}}"));
        server.enqueue(json(200, COMPLETION));
        try (Endpoint ep = Endpoints.create(config().withCacheDir(dir), env)) {
            assertThatThrownBy(() -> ep.complete(completions(1))).isInstanceOf(EndpointException.class);
            assertThat(ep.complete(completions(1)).cached()).isFalse();
        }
    }

    @Test
    void cacheKeyIsCanonical() {
        assertThat(ResponseCache.key("u", Json.tryParse("{\"b\":1,\"a\":{\"y\":2,\"x\":[1,{\"q\":1,\"p\":2}]}}")))
                .isEqualTo(ResponseCache.key("u", Json.tryParse("{\"a\":{\"x\":[1,{\"p\":2,\"q\":1}],\"y\":2},\"b\":1}")))
                .isNotEqualTo(ResponseCache.key("v", Json.tryParse("{\"a\":{\"x\":[1,{\"p\":2,\"q\":1}],\"y\":2},\"b\":1}")))
                .hasSize(64);
    }

    // ------------------------------------------------------------ API key

    @Test
    void apiKeyIsSentAsBearerAndNeverShown() throws Exception {
        server.enqueue(json(401, "{\"error\":{\"message\":\"bad key\"}}"));
        EndpointConfig c = config().withApiKeyEnv("HARMONICA_TEST_KEY");
        try (Endpoint ep = Endpoints.create(c, env)) {
            EndpointException e = org.junit.jupiter.api.Assertions.assertThrows(EndpointException.class, () -> ep.complete(completions(1)));
            assertThat(e.getMessage()).doesNotContain(SECRET);
            assertThat(ep.toString()).doesNotContain(SECRET).contains("HARMONICA_TEST_KEY");
        }
        assertThat(c.toString()).doesNotContain(SECRET);
        assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer " + SECRET);
    }

    @Test
    void missingApiKeyVariableIsAClearConfigurationError() {
        EndpointConfig c = config().withApiKeyEnv("HARMONICA_NO_SUCH_VAR");
        assertThatThrownBy(() -> Endpoints.create(c, env))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HARMONICA_NO_SUCH_VAR");
    }

    @Test
    void badBaseUrlIsAClearConfigurationError() {
        assertThatThrownBy(() -> Endpoints.create(EndpointConfig.http("localhost:8000", "m"), env))
                .hasMessageContaining("expected an http(s) URL");
    }

    // ------------------------------------------------------------ concurrency

    @Test
    void concurrencyLimitMakesCallersWait() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                int now = inFlight.incrementAndGet();
                maxInFlight.accumulateAndGet(now, Math::max);
                Thread.sleep(80);
                inFlight.decrementAndGet();
                return json(200, COMPLETION);
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (Endpoint ep = Endpoints.create(config().withConcurrency(2), env)) {
            List<Future<RawTurn>> fs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                long seed = i;
                fs.add(pool.submit(() -> ep.complete(completions(seed))));
            }
            for (Future<RawTurn> f : fs) assertThat(f.get(30, TimeUnit.SECONDS).httpStatus()).isEqualTo(200);
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.getRequestCount()).isEqualTo(8);
        assertThat(maxInFlight.get()).isBetween(1, 2);
    }

    @Test
    void streamRequestAnsweredWithOneJsonBodyIsReadAsSuch() throws Exception {
        server.enqueue(json(200, CHAT));
        try (Endpoint ep = Endpoints.create(config(), env)) {
            RawTurn t = ep.complete(chat(true));
            assertThat(t.attempts()).isEqualTo(1);
            assertThat(t.chatMessage().get("tool_calls")).hasSize(1);
        }
    }

    @Test
    void simDirectivesInExtraBodyMergeIntoTheHintAndNeverReachRealServers() throws Exception {
        server.enqueue(json(200, COMPLETION));
        server.enqueue(json(200, COMPLETION));
        ObjectNode extra = Json.object();
        extra.putObject(Wire.SIM_FIELD).put("transport", "503x2");
        try (Endpoint sim = Endpoints.create(config().withServer(EndpointConfig.ServerKind.HARMONICA_SIM).withExtraBody(extra), env);
             Endpoint real = Endpoints.create(config().withExtraBody(extra), env)) {
            sim.complete(completions(1));
            real.complete(completions(1));
        }
        JsonNode hint = body(server.takeRequest()).get(Wire.SIM_FIELD);
        assertThat(hint.get("transport").asText()).isEqualTo("503x2");
        assertThat(hint.get("scenario_id").asText()).isEqualTo("sc");
        assertThat(body(server.takeRequest()).has(Wire.SIM_FIELD)).isFalse();
    }

    @Test
    void anUnwritableCacheNeverCostsTheTurn(@TempDir Path dir) throws Exception {
        Path notADir = Files.writeString(dir.resolve("cache-is-a-file"), "x");
        server.enqueue(json(200, COMPLETION));
        try (Endpoint ep = Endpoints.create(config().withCacheDir(notADir), env)) {
            RawTurn t = ep.complete(completions(1));
            assertThat(t.completionText()).isEqualTo("<|channel|>final<|message|>hi<|return|>");
            assertThat(t.cached()).isFalse();
        }
    }
}
