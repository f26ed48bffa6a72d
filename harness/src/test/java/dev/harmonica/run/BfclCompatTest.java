package dev.harmonica.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.endpoint.Endpoint;
import dev.harmonica.endpoint.EndpointConfig;
import dev.harmonica.endpoint.EndpointException;
import dev.harmonica.endpoint.ModelRequest;
import dev.harmonica.endpoint.RawTurn;
import dev.harmonica.endpoint.Wire;
import dev.harmonica.journal.JournalReader;
import dev.harmonica.report.Reports;
import dev.harmonica.scenario.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** BFCL's protocol ({@code bfcl_compat}): request body, history, decoding and endings as bfcl-eval's FC handler. */
class BfclCompatTest {
    @TempDir
    Path tmp;

    static final Variant COMPAT = Variant.of("bfcl", "harmony-v0.0.8", Variant.Mode.COMPLETIONS).withBfclCompat();

    @Test
    void theFlagMakesAChatVariantWithBfclsSamplingAndNoToolOptions() {
        assertThat(COMPAT.mode()).isEqualTo(Variant.Mode.CHAT);
        assertThat(COMPAT.protocol()).isEqualTo(Protocol.BFCL);
        assertThat(COMPAT.sampling()).isEqualTo(new ModelRequest.Sampling(null, 0.001, null, null, null));
        assertThat(COMPAT.toolChoice()).isNull();
        assertThat(COMPAT.parallelToolCalls()).isNull();
        assertThat(Protocol.BFCL.label()).isEqualTo("BFCL protocol (bfcl-eval 2026.3.23 compatible)");
    }

    @Test
    void theRunFieldReadsAndRoundTrips() {
        RunSpec rc = RunFile.parse("{\"scenarios\": [\"bfcl:x\"], \"variants\": [{\"name\": \"b\", \"bfcl_compat\": true,"
                + " \"sampling\": {\"temperature\": 0.5}}, {\"name\": \"h\"}]}", "r.json");
        Variant b = rc.variants().get(0);
        assertThat(b.bfclCompat()).isTrue();
        assertThat(b.mode()).isEqualTo(Variant.Mode.CHAT);
        assertThat(b.sampling()).isEqualTo(new ModelRequest.Sampling(null, 0.5, null, null, null));
        assertThat(rc.variants().get(1).protocol()).isEqualTo(Protocol.HARMONICA);
        RunSpec again = RunFile.fromJson(RunFile.toJson(rc), "run.json");
        assertThat(again.variants()).isEqualTo(rc.variants());
        assertThat(RunFile.toJson(rc).path("variants").get(0).path("bfcl_compat").asBoolean()).isTrue();
        assertThat(RunFile.toJson(rc).path("variants").get(1).has("bfcl_compat")).isFalse();
        assertThat(rc.endpoint().maxAttempts()).as("mixed protocols: Harmonica's retry policy").isEqualTo(6);
    }

    @Test
    void aBfclOnlyRunTriesEachRequestAsOftenAsTheOpenaiSdk() {
        String v = "\"variants\": [{\"name\": \"b\", \"bfcl_compat\": true}]";
        assertThat(RunFile.parse("{\"scenarios\": [\"bfcl:x\"], " + v + "}", "r.json").endpoint().maxAttempts())
                .isEqualTo(3);
        assertThat(RunFile.parse("{\"scenarios\": [\"bfcl:x\"], \"endpoint\": {\"max_attempts\": 5}, " + v + "}",
                "r.json").endpoint().maxAttempts()).isEqualTo(5);
    }

    @Test
    void theRunFieldRefusesWhatBfclDoesNotSend() {
        assertThatThrownBy(() -> RunFile.parse("{\"scenarios\": [\"bfcl:x\"], \"variants\": [{\"name\": \"b\", "
                + "\"bfcl_compat\": true, \"sampling\": {\"max_tokens\": 9}}]}", "r.json"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("r.json, field variants[0].sampling.max_tokens");
        assertThatThrownBy(() -> RunFile.parse("{\"scenarios\": [\"bfcl:x\"], \"variants\": [{\"name\": \"b\", "
                + "\"bfcl_compat\": true, \"mode\": \"completions\"}]}", "r.json"))
                .hasMessageContaining("field variants[0].mode").hasMessageContaining("non-streamed chat");
        assertThatThrownBy(() -> RunFile.parse("{\"scenarios\": [\"bfcl:x\"], \"variants\": [{\"name\": \"b\", "
                + "\"bfcl_compat\": true, \"tool_choice\": \"required\"}]}", "r.json"))
                .hasMessageContaining("field variants[0].tool_choice");
        assertThatThrownBy(() -> RunFile.parse("{\"scenarios\": [\"bfcl:x\"], \"step_limit\": 30, \"variants\": "
                + "[{\"name\": \"b\", \"bfcl_compat\": true}]}", "r.json"))
                .hasMessageContaining("field step_limit").hasMessageContaining("MAXIMUM_STEP_LIMIT");
        assertThatThrownBy(() -> RunFile.parse("{\"scenarios\": [\"bfcl:x\", \"swe:y\"], \"variants\": "
                + "[{\"name\": \"b\", \"bfcl_compat\": true}]}", "r.json"))
                .hasMessageContaining("field scenarios").hasMessageContaining("'swe:y'");
    }

    @Test
    void theBodyIsWhatBfclsHandlerSendsThroughTheOpenaiSdk() {
        ObjectNode tools = Fakes.M.createObjectNode();
        var messages = Fakes.M.createArrayNode();
        messages.addObject().put("role", "user").put("content", "hi");
        ModelRequest r = new ModelRequest(ModelRequest.Mode.CHAT, "m", null, null, messages, Fakes.KV_TOOLS, null, null,
                false, COMPAT.sampling(), null).withBody(ModelRequest.Body.BFCL_FC);
        ObjectNode body = Wire.requestBody(r, EndpointConfig.http("http://127.0.0.1:1", "m"), true);
        assertThat(names(body)).containsExactlyInAnyOrder("model", "messages", "store", "temperature", "tools");
        assertThat(body.get("store").asBoolean(true)).isFalse();
        assertThat(body.get("temperature").asDouble()).isEqualTo(0.001);
        ModelRequest noTools = new ModelRequest(ModelRequest.Mode.CHAT, "m", null, null, messages, tools, null, null,
                false, COMPAT.sampling(), null).withBody(ModelRequest.Body.BFCL_FC);
        assertThat(names(Wire.requestBody(noTools, EndpointConfig.http("http://127.0.0.1:1", "m"), true)))
                .containsExactlyInAnyOrder("model", "messages", "store", "temperature");
    }

    @Test
    void theServersMessageGoesBackAsItCameAndEveryRequestHasBfclsBody() {
        RecordingEndpoint ep = new RecordingEndpoint();
        Runner.Result r = Runner.run(RunnerTest.config(1, COMPAT), Runner.Options.defaults(tmp.resolve("run"), tmp),
                OutcomesTest.services(ep, Fakes.kvScenarios(4)));
        assertThat(r.completion()).isEqualTo(Runner.Completion.COMPLETE);
        assertThat(ep.requests).isNotEmpty();
        int assistants = 0;
        for (ModelRequest q : ep.requests) {
            assertThat(q.body()).isEqualTo(ModelRequest.Body.BFCL_FC);
            for (JsonNode m : q.messages()) {
                if (!m.path("role").asText().equals("assistant")) continue;
                assistants++;
                assertThat(m.has("reasoning_content")).as("nothing added to the server's message").isFalse();
                assertThat(m.path("x_server_field").asText()).isEqualTo("kept");
            }
        }
        assertThat(assistants).isPositive();
        for (JsonNode s : lines(tmp.resolve("run"), "scenario")) {
            assertThat(s.path("bfcl").path("valid").asBoolean()).as(s.toString()).isTrue();
        }
    }

    @Test
    void theReportsSayWhichProtocolProducedTheNumbers() throws Exception {
        Variant harmonica = Variant.of("v008", "harmony-v0.0.8", Variant.Mode.COMPLETIONS);
        Runner.run(RunnerTest.config(1, COMPAT), Runner.Options.defaults(tmp.resolve("bfcl"), tmp),
                OutcomesTest.services(new Fakes.ExpectedEndpoint(Set.of()), Fakes.kvScenarios(2)));
        Runner.run(RunnerTest.config(1, harmonica, COMPAT), Runner.Options.defaults(tmp.resolve("both"), tmp),
                OutcomesTest.services(new Fakes.ExpectedEndpoint(Set.of()), Fakes.kvScenarios(2)));
        Runner.run(RunnerTest.config(1, harmonica), Runner.Options.defaults(tmp.resolve("own"), tmp),
                OutcomesTest.services(new Fakes.ExpectedEndpoint(Set.of()), Fakes.kvScenarios(2)));
        String bfcl = "BFCL protocol (bfcl-eval 2026.3.23 compatible)";
        expectProtocol(tmp.resolve("bfcl"), bfcl);
        expectProtocol(tmp.resolve("both"), bfcl + " for bfcl; Harmonica protocol for the other variants");
        expectProtocol(tmp.resolve("own"), "Harmonica protocol");
    }

    private static void expectProtocol(Path run, String protocol) throws Exception {
        Reports.writeAll(run);
        assertThat(Files.readString(run.resolve("summary.md"))).contains("Numbers: " + protocol + ".");
        assertThat(Fakes.M.readTree(run.resolve("summary.json").toFile()).path("protocol").asText()).isEqualTo(protocol);
        assertThat(Files.readString(run.resolve("index.html"))).contains("Numbers: " + protocol);
    }

    @Test
    void anEndpointFailureFailsTheEntryAsBfclsInferenceError() throws Exception {
        OutcomesTest.FailingEndpoint ep = new OutcomesTest.FailingEndpoint(
                q -> q.simHint().scenarioId().equals("kv_1") && q.simHint().depth() == 1, EndpointException.Cause.HTTP_5XX);
        Runner.Result r = Runner.run(RunnerTest.config(1, COMPAT), Runner.Options.defaults(tmp.resolve("run"), tmp),
                OutcomesTest.services(ep, Fakes.kvScenarios(3)));
        assertThat(r.inferenceErrors()).isEqualTo(1);
        assertThat(r.notJudged()).isZero();
        assertThat(r.completion()).isEqualTo(Runner.Completion.PARTLY_NOT_JUDGED);
        JsonNode s = scenario(tmp.resolve("run"), "kv_1");
        assertThat(s.path("status").asText()).isEqualTo("inference_error");
        assertThat(s.has("scored")).as("scored, as BFCL scores it").isFalse();
        assertThat(s.path("bfcl").path("valid").asBoolean(true)).isFalse();
        assertThat(s.path("bfcl").path("error_type").asText()).isEqualTo("multi_turn:inference_error");
        assertThat(s.path("not_judged").path("cause").asText()).isEqualTo("http_5xx");
        List<JsonNode> turns = lines(tmp.resolve("run"), "turn");
        assertThat(turns).anySatisfy(t -> assertThat(t.path("outcome").asText()).isEqualTo("not_judged"));
        Reports.writeAll(tmp.resolve("run"));
        JsonNode bfcl = Fakes.M.readTree(tmp.resolve("run/summary.json").toFile()).path("variants").get(0).path("bfcl");
        assertThat(bfcl.path("scored").asInt()).as("the report scores it, failed, as BFCL does: %s", bfcl).isEqualTo(3);
        assertThat(bfcl.path("not_scored").asInt()).isZero();
        assertThat(bfcl.path("correct").asInt()).isEqualTo(2);
    }

    @Test
    void aRejectedFormatStopsTheEntryWithTheSameVerdict() {
        Fakes.ExpectedEndpoint ep = new Fakes.ExpectedEndpoint(Set.of(1)); // chat: a 400 format error at depth 1
        Runner.Result r = Runner.run(RunnerTest.config(1, COMPAT), Runner.Options.defaults(tmp.resolve("run"), tmp),
                OutcomesTest.services(ep, Fakes.kvScenarios(3)));
        assertThat(r.inferenceErrors()).isZero();
        for (JsonNode s : lines(tmp.resolve("run"), "scenario")) {
            if (s.path("model_turns").asInt() < 2) continue;
            assertThat(s.path("status").asText()).as(s.toString()).isEqualTo("stopped");
            assertThat(s.path("bfcl").path("error_type").asText()).isEqualTo("multi_turn:inference_error");
        }
    }

    /** Answers as the perfect model, with a field of its own in every message (the SDK sends it back). */
    static final class RecordingEndpoint implements Endpoint {
        final Fakes.ExpectedEndpoint model = new Fakes.ExpectedEndpoint(Set.of());
        final List<ModelRequest> requests = new CopyOnWriteArrayList<>();

        @Override
        public RawTurn complete(ModelRequest request) throws EndpointException {
            requests.add(new ModelRequest(request.mode(), request.model(), null, null, request.messages().deepCopy(),
                    request.tools(), request.toolChoice(), request.parallelToolCalls(), request.stream(),
                    request.sampling(), request.simHint(), request.deadline(), request.body()));
            RawTurn t = model.complete(request);
            ((ObjectNode) t.chatMessage()).put("x_server_field", "kept");
            return t;
        }
    }

    private static Set<String> names(JsonNode o) {
        Set<String> out = new TreeSet<>();
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) out.add(it.next());
        return out;
    }

    private static List<JsonNode> lines(Path run, String type) {
        List<JsonNode> out = new ArrayList<>();
        JournalReader.forEachComplete(run.resolve(Runner.JOURNAL), n -> {
            if (n.path("type").asText().equals(type)) out.add(n);
        });
        return out;
    }

    private static JsonNode scenario(Path run, String id) {
        return lines(run, "scenario").stream().filter(n -> n.path("scenario_id").asText().equals(id)).findFirst()
                .orElseThrow();
    }
}
