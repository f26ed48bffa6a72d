package dev.harmonica.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.endpoint.EndpointConfig;
import dev.harmonica.endpoint.EndpointEnvironment;
import dev.harmonica.endpoint.Endpoints;
import dev.harmonica.endpoint.sim.SimConfig;
import dev.harmonica.endpoint.sim.SimServer;
import dev.harmonica.endpoint.sim.TransportScript;
import dev.harmonica.journal.JournalReader;
import dev.harmonica.scenario.Scenario;
import dev.harmonica.turn.TurnAnalyzer;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The runner against the simulator over real HTTP on 127.0.0.1, with transport faults. */
class HttpSimTest {
    @TempDir
    Path tmp;

    static final Variant STREAM = Variant.of("chat-stream", "harmony-v0.0.8", Variant.Mode.CHAT_STREAM);

    static Runner.EndpointFactory http(String baseUrl) {
        return s -> Endpoints.create(EndpointConfig.http(baseUrl, "gpt-oss-sim")
                .withServer(EndpointConfig.ServerKind.HARMONICA_SIM)
                .withRetries(8, Duration.ofMillis(5), Duration.ofMillis(50))
                .withMaxRetryAfter(Duration.ofMillis(1500))
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(2))
                .withConcurrency(s.concurrency()));
    }

    static List<String> records(Path runDir) {
        List<String> out = new ArrayList<>();
        JournalReader.forEachComplete(runDir.resolve(Runner.JOURNAL), n -> {
            ObjectNode o = ((ObjectNode) n).deepCopy();
            o.remove("latency_ms");
            o.remove("attempts");
            o.remove("record_digest");
            out.add(o.toString());
        });
        Collections.sort(out);
        return out;
    }

    List<String> runAgainst(SimConfig config, String name, List<? extends Scenario> scenarios) throws Exception {
        try (SimServer server = SimServer.start(config, 0, 32)) {
            Path dir = tmp.resolve(name);
            Runner.Services services = new Runner.Services(http(server.baseUrl()), TurnAnalyzer.harmony(),
                    RendererFactory.harmony(), (rc, b, sh) -> new ArrayList<>(scenarios));
            Runner.Result r = Runner.run(RunnerTest.config(4, RunnerTest.V008, RunnerTest.CHAT, STREAM),
                    Runner.Options.defaults(dir, tmp), services);
            assertThat(r.errors()).isZero();
            List<JsonNode> sc = new ArrayList<>();
            JournalReader.forEachComplete(dir.resolve(Runner.JOURNAL), n -> {
                if (n.path("type").asText().equals("scenario")) sc.add(n);
            });
            assertThat(sc).hasSize(scenarios.size() * 3).allSatisfy(n -> {
                assertThat(n.path("status").asText()).as(n.toString()).isEqualTo("completed");
                assertThat(n.path("bfcl").path("valid").asBoolean()).as(n.toString()).isTrue();
            });
            requests = server.requestCount();
            turns = r.turns();
            return records(dir);
        }
    }

    long requests;
    long turns;

    @Test
    void theRunFileEndpointReachesAHarmonicaSimServer() throws Exception {
        try (SimServer server = SimServer.start(SimConfig.CLEAN, 0, 8)) {
            RunSpec rc = RunFile.parse("""
                    {"scenarios": ["bfcl:fake"], "variants": [{"name": "v", "renderer": "pr114"}],
                     "endpoint": {"url": "%s", "server": "harmonica-sim", "concurrency": 2}}
                    """.formatted(server.baseUrl()), "run.json");
            Path dir = tmp.resolve("file");
            Runner.Services services = Runner.Services.standard(RunEndpoints.factory())
                    .withLoader((c, b, sh) -> new ArrayList<>(Fakes.kvScenarios(3)));
            Runner.Result r = Runner.run(rc, Runner.Options.defaults(dir, tmp), services);
            assertThat(r.errors()).isZero();
            assertThat(server.requestCount()).isEqualTo(r.turns());
            // the model behind a harmonica-sim server is the simulator: run.json says so, so every report flags it
            assertThat(RunnerTest.read(dir.resolve(Runner.RUN_JSON)).path("simulator").asBoolean()).isTrue();
        }
    }

    @Test
    void everyTransportFaultIsRetriedAndNothingIsLost() throws Exception {
        var scenarios = Fakes.kvScenarios(6);
        List<String> clean = runAgainst(SimConfig.CLEAN, "clean", scenarios);
        TransportScript faults = TransportScript.parse("503x3,429x2:retry-after=1,500x2,502x1,504x1,408x1,resetx2,stallx1:ms=3000");
        List<String> faulty = runAgainst(SimConfig.CLEAN.withTransport(faults), "faulty", scenarios);
        assertThat(requests).as("every scripted fault was served once and retried").isEqualTo(turns + 13);
        assertThat(faulty).isEqualTo(clean);
    }

    /**
     * The API key goes to the server in the Authorization header and nowhere else: not into the journal, run.json or
     * any report, even when the server echoes it back in an error body.
     */
    @Test
    void theApiKeyIsNeverJournaledEvenWhenTheServerEchoesIt() throws Exception {
        String secret = "sk-run-SECRET-4f3e2d1c";
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest r) {
                    seen.add(r.getHeaders().get("Authorization"));
                    return new MockResponse.Builder().code(401).addHeader("Content-Type", "application/json")
                            .body("{\"error\":{\"message\":\"bad key '" + r.getHeaders().get("Authorization") + "'\"}}").build();
                }
            });
            server.start(InetAddress.getByName("127.0.0.1"), 0);
            EndpointEnvironment env = EndpointEnvironment.system().withEnv(n -> n.equals("RUN_TEST_KEY") ? secret : null);
            Runner.EndpointFactory factory = st -> Endpoints.create(EndpointConfig.http(server.url("/").toString(), "m")
                    .withApiKeyEnv("RUN_TEST_KEY").withConcurrency(st.concurrency()), env);
            Path dir = tmp.resolve("key");
            Runner.Services services = new Runner.Services(factory, TurnAnalyzer.harmony(), RendererFactory.harmony(),
                    (rc, b, sh) -> new ArrayList<>(Fakes.kvScenarios(2)));
            Runner.run(RunnerTest.config(2, RunnerTest.V008), Runner.Options.defaults(dir, tmp), services);
            assertThat(seen).isNotEmpty().containsOnly("Bearer " + secret);
            List<Path> files;
            try (Stream<Path> walk = Files.walk(dir)) {
                files = walk.filter(Files::isRegularFile).toList();
            }
            assertThat(files).isNotEmpty();
            for (Path f : files) assertThat(Files.readString(f)).as(f.toString()).doesNotContain(secret);
            assertThat(Files.readString(dir.resolve(Runner.JOURNAL))).contains("Bearer ***");
        }
    }
}
