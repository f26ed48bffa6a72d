package dev.harmonica.endpoint.sim;

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
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The simulator's hygiene: it says it is simulated everywhere, resets, binds where told, and bounds each request. */
class SimHygieneTest {
    static final MediaType JSON = MediaType.get("application/json");

    final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
    final EndpointEnvironment env = EndpointEnvironment.system().withSleeper(sleeps::add).withJitter(() -> 0);
    final OkHttpClient client = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();

    @AfterEach
    void closeClient() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    static ModelRequest request(int depth) {
        return SimEndpointTest.completions(SimEndpointTest.CALL, depth, "hyg");
    }

    EndpointConfig httpConfig(SimServer s) {
        return EndpointConfig.simServer(s.baseUrl()).withRetries(5, Duration.ofMillis(10), Duration.ofMillis(100))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    Response call(SimServer s, String method, String path, String body) throws IOException {
        RequestBody rb = body == null ? null : RequestBody.create(body, JSON);
        return client.newCall(new Request.Builder().url(s.baseUrl() + path).method(method, rb).build()).execute();
    }

    @Test
    void everyRouteAndEveryErrorCarriesTheSimulatorHeaders() throws Exception {
        SimConfig cfg = SimConfig.CLEAN.withTransport(TransportScript.parse("503x1,garbage"));
        String completion = "{\"prompt\":\"<|start|>user<|message|>hi<|end|><|start|>assistant\",\"max_tokens\":50}";
        try (SimServer s = SimServer.start(cfg, 0, 4)) {
            List<Integer> seen = new ArrayList<>();
            String[][] calls = {{"GET", "/v1/models", null}, {"POST", "/v1/completions", completion},
                    {"POST", "/v1/completions", completion}, {"POST", "/v1/completions", completion},
                    {"GET", "/nowhere", null}, {"GET", Wire.COMPLETIONS_PATH, null}, {"POST", Wire.CHAT_PATH, "{not json"},
                    {"POST", SimServer.RESET_PATH, ""}};
            for (String[] c : calls) {
                try (Response r = call(s, c[0], c[1], c[2])) {
                    assertThat(r.header(Wire.SIMULATED_HEADER)).as("%s %s", c[0], c[1]).isEqualTo("1");
                    assertThat(r.header(Wire.FAULT_PLAN_HEADER)).as("%s %s", c[0], c[1]).isEqualTo(cfg.faultPlanId());
                    seen.add(r.code());
                }
            }
            assertThat(seen).containsExactly(200, 503, 200, 200, 404, 405, 400, 200);
        }
    }

    @Test
    void theFaultPlanIdIsStableAndNamesTheFaultConfiguration() {
        String id = SimConfig.DEFAULT.faultPlanId();
        assertThat(id).matches("fp-[0-9a-f]{16}");
        assertThat(SimConfig.DEFAULT.withLatency(Duration.ofMillis(250)).faultPlanId()).as("latency is no fault").isEqualTo(id);
        assertThat(new SimConfig(SimModel.DEFAULT, SimConfig.ServerMode.VLLM_STRICT, 400, SimConfig.ErrorShape.NESTED,
                HistoryStyle.VLLM_CHAT, Duration.ZERO, 0L, TransportScript.NONE).faultPlanId()).isEqualTo(id);
        assertThat(List.of(SimConfig.DEFAULT.withSeed(1), SimConfig.CLEAN, SimConfig.DEFAULT.withError(500, SimConfig.ErrorShape.NESTED),
                SimConfig.DEFAULT.withTransport(TransportScript.parse("503")), SimConfig.DEFAULT.withHonourStops(false)))
                .extracting(SimConfig::faultPlanId).doesNotContain(id).doesNotHaveDuplicates();
    }

    @Test
    void resetReturnsTheServerToItsStartState() throws Exception {
        try (SimServer s = SimServer.start(SimConfig.DEFAULT.withTransport(TransportScript.parse("503x2")), 0, 4);
             Endpoint ep = Endpoints.create(httpConfig(s), env)) {
            RawTurn first = ep.complete(request(3));
            assertThat(first.attempts()).isEqualTo(3);
            assertThat(ep.complete(request(3)).attempts()).as("script used up").isEqualTo(1);
            try (Response r = call(s, "POST", SimServer.RESET_PATH, "")) {
                assertThat(r.code()).isEqualTo(200);
                assertThat(Json.tryParse(r.body().string()).get("reset").asBoolean()).isTrue();
            }
            assertThat(s.requestCount()).isZero();
            RawTurn again = ep.complete(request(3));
            assertThat(again.attempts()).as("the script starts again").isEqualTo(3);
            assertThat(again.completionText()).as("equal requests, equal answers").isEqualTo(first.completionText());
            assertThat(again.injectedFaults()).isEqualTo(first.injectedFaults());
            assertThat(again.simulated()).isTrue();
            assertThat(s.requestCount()).isEqualTo(3);
        }
    }

    @Test
    void resetForgetsPerRequestDirectivesToo() throws Exception {
        ObjectNode extra = Json.object();
        extra.putObject(Wire.SIM_FIELD).put("transport", "503x1");
        try (SimServer s = SimServer.start(SimConfig.CLEAN, 0, 4);
             Endpoint ep = Endpoints.create(httpConfig(s).withExtraBody(extra), env)) {
            assertThat(ep.complete(request(0)).attempts()).isEqualTo(2);
            assertThat(ep.complete(request(0)).attempts()).isEqualTo(1);
            s.reset();
            assertThat(ep.complete(request(0)).attempts()).isEqualTo(2);
        }
    }

    @Test
    void inProcessTheSameLayersApplyAndTransportFaultsAreRetried() throws Exception {
        SimConfig cfg = SimConfig.CLEAN.withTransport(TransportScript.parse("503x1,reset,stall,error200,garbage"));
        try (SimulatedEndpoint ep = new SimulatedEndpoint(EndpointConfig.inProcessSim().withRetries(6,
                Duration.ofMillis(10), Duration.ofMillis(10)), cfg, env)) {
            RawTurn t = ep.complete(request(0));
            assertThat(t.attempts()).isEqualTo(6);
            assertThat(t.simulated()).isTrue();
            assertThat(ep.complete(request(0)).attempts()).isEqualTo(1);
            ep.reset();
            assertThat(ep.complete(request(0)).attempts()).isEqualTo(6);
            assertThat(ep.describe()).isEqualTo("in-process simulator");
            assertThat(ep.inProcessSimulator()).isTrue();
            assertThat(ep.toString()).contains("limit(64 in flight) → retry(6 attempts) → transport-faults → sim[");
        }
        assertThat(sleeps).hasSize(10);
    }

    @Test
    void transportFaultsBeyondTheRetryBudgetInProcessNameTheirCause() {
        SimConfig cfg = SimConfig.CLEAN.withTransport(TransportScript.parse("stallx9"));
        try (Endpoint ep = new SimulatedEndpoint(EndpointConfig.inProcessSim().withRetries(2, Duration.ofMillis(1),
                Duration.ofMillis(1)), cfg, env)) {
            EndpointException e = org.junit.jupiter.api.Assertions.assertThrows(EndpointException.class, () -> ep.complete(request(0)));
            assertThat(e.cause()).isEqualTo(EndpointException.Cause.READ_TIMEOUT);
            assertThat(e.attempts()).isEqualTo(2);
        }
    }

    @Test
    void bindsLoopbackByDefaultAndAnotherAddressWhenAsked() throws Exception {
        try (SimServer s = SimServer.start(SimConfig.CLEAN, 0, 2)) {
            assertThat(s.address().getAddress().isLoopbackAddress()).isTrue();
            assertThat(s.baseUrl()).startsWith("http://127.0.0.1:");
        }
        SimServer other;
        try {
            other = SimServer.start(SimConfig.CLEAN, SimServer.Options.loopback(0, 2).withHost("127.0.0.2"));
        } catch (BindException e) {
            assumeTrue(false, "this machine cannot bind 127.0.0.2: " + e.getMessage());
            return;
        }
        try (other) {
            assertThat(other.baseUrl()).startsWith("http://127.0.0.2:");
            assertThat(other.address().getAddress()).isEqualTo(InetAddress.getByName("127.0.0.2"));
        }
    }

    @Test
    @Timeout(30)
    void aLatencyBeyondTheRequestTimeoutIsAnswered503() throws Exception {
        SimServer.Options o = SimServer.Options.loopback(0, 2).withRequestTimeout(Duration.ofMillis(200));
        try (SimServer s = SimServer.start(SimConfig.CLEAN.withLatency(Duration.ofSeconds(60)), o);
             Response r = call(s, "POST", Wire.COMPLETIONS_PATH, "{\"prompt\":\"x\"}")) {
            assertThat(r.code()).isEqualTo(503);
            assertThat(r.header(Wire.SIMULATED_HEADER)).isEqualTo("1");
            assertThat(r.body().string()).contains("exceeds the request timeout (200 ms)");
        }
    }

    @Test
    @Timeout(30)
    void aStallIsCutAtTheRequestTimeout() throws Exception {
        SimServer.Options o = SimServer.Options.loopback(0, 2).withRequestTimeout(Duration.ofMillis(300));
        try (SimServer s = SimServer.start(SimConfig.CLEAN.withTransport(TransportScript.parse("stall:ms=60000")), o);
             Endpoint ep = Endpoints.create(httpConfig(s).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(60),
                     Duration.ofSeconds(60)), env)) {
            RawTurn t = ep.complete(request(0));
            assertThat(t.attempts()).as("cut after 300 ms, not 60 s; then served").isEqualTo(2);
        }
    }

    /** A client that never finishes its request body does not hold a worker for ever. */
    @Test
    @Timeout(30)
    void aConnectionStillBeingHandledAtTheRequestTimeoutIsClosed() throws Exception {
        SimServer.Options o = SimServer.Options.loopback(0, 1).withRequestTimeout(Duration.ofMillis(300));
        try (SimServer s = SimServer.start(SimConfig.CLEAN, o);
             Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), s.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"pro").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            int read;
            try {
                read = in.read();
            } catch (SocketException reset) {
                read = -1;
            }
            assertThat(read).as("closed by the server, no answer").isEqualTo(-1);
            // the one worker is free again
            try (Response r = call(s, "GET", "/v1/models", null)) {
                assertThat(r.code()).isEqualTo(200);
            }
        }
    }
}
