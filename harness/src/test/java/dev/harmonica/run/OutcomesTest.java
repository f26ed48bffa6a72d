package dev.harmonica.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.endpoint.Endpoint;
import dev.harmonica.endpoint.EndpointException;
import dev.harmonica.endpoint.ModelRequest;
import dev.harmonica.endpoint.RawTurn;
import dev.harmonica.journal.JournalReader;
import dev.harmonica.scenario.MultiTurnScenario;
import dev.harmonica.scenario.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A turn ends judged, not judged (the endpoint gave no output) or in a harness error, and a run says which
 * (docs/journal.md): endpoint failures are never model failures nor successes, never scored, and are played again.
 */
class OutcomesTest {
    @TempDir
    Path tmp;

    /** Fails requests the predicate picks with the given cause; answers the rest as the perfect model. */
    static final class FailingEndpoint implements Endpoint {
        final Fakes.ExpectedEndpoint model = new Fakes.ExpectedEndpoint(Set.of());
        final Predicate<ModelRequest> fails;
        final EndpointException.Cause cause;
        final AtomicInteger calls = new AtomicInteger();

        FailingEndpoint(Predicate<ModelRequest> fails, EndpointException.Cause cause) {
            this.fails = fails;
            this.cause = cause;
        }

        @Override
        public RawTurn complete(ModelRequest request) throws EndpointException {
            calls.incrementAndGet();
            if (fails.test(request)) {
                int status = cause == EndpointException.Cause.HTTP_5XX ? 503 : -1;
                EndpointException.Attempt a = new EndpointException.Attempt(cause, status,
                        cause == EndpointException.Cause.HTTP_5XX ? "overloaded" : "connect to 127.0.0.1:9 refused",
                        status > 0 ? "{\"error\":\"overloaded\"}" : null, null, 1.0);
                throw EndpointException.of(a, null);
            }
            return model.complete(request);
        }
    }

    static Runner.Services services(Endpoint ep, List<? extends Scenario> scenarios) {
        return new Runner.Services(s -> ep, Fakes.analyzer(), RendererFactory.harmony(),
                (rc, base, shard) -> new ArrayList<>(scenarios));
    }

    private static boolean scenario(ModelRequest r, String id) {
        return r.simHint().scenarioId().equals(id);
    }

    private static List<JsonNode> lines(Path run, String type) {
        List<JsonNode> out = new ArrayList<>();
        JournalReader.forEachLine(run.resolve(Runner.JOURNAL), n -> {
            if (n.path("type").asText().equals(type)) out.add(n);
        });
        return out;
    }

    private static JsonNode scenarioLine(Path run, String id) {
        List<JsonNode> out = new ArrayList<>();
        JournalReader.forEachComplete(run.resolve(Runner.JOURNAL), n -> {
            if (n.path("type").asText().equals("scenario") && n.path("scenario_id").asText().equals(id)) out.add(n);
        });
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    @Test
    void anEndpointFailureEndsTheScenarioNotJudgedAndUnscored() {
        FailingEndpoint ep = new FailingEndpoint(r -> scenario(r, "kv_1") && r.simHint().depth() == 1,
                EndpointException.Cause.HTTP_5XX);
        Path out = tmp.resolve("run");
        Runner.Result r = Runner.run(RunnerTest.config(1, RunnerTest.V008), Runner.Options.defaults(out, tmp),
                services(ep, Fakes.kvScenarios(3)));
        assertThat(r.completion()).isEqualTo(Runner.Completion.PARTLY_NOT_JUDGED);
        assertThat(r.notJudged()).isEqualTo(1);
        JsonNode failed = scenarioLine(out, "kv_1");
        assertThat(failed.path("status").asText()).isEqualTo("not_judged");
        assertThat(failed.path("scored").asBoolean(true)).isFalse();
        assertThat(failed.has("bfcl")).as("an unjudged entry is not scored, never incorrect").isFalse();
        assertThat(failed.path("not_judged").path("cause").asText()).isEqualTo("http_5xx");
        assertThat(failed.path("judged_turns").asInt()).isEqualTo(1);
        assertThat(failed.path("unjudged_turns").asInt()).isEqualTo(1);
        JsonNode turn = lines(out, "turn").stream()
                .filter(n -> n.path("outcome").asText().equals("not_judged")).findFirst().orElseThrow();
        assertThat(turn.path("not_judged").path("status").asInt()).isEqualTo(503);
        assertThat(turn.path("not_judged").path("body_excerpt").asText()).contains("overloaded");
        assertThat(turn.path("not_judged").path("history")).hasSize(1);
        assertThat(turn.has("verdict")).isFalse();
        assertThat(turn.path("failure_modes")).isEmpty();
        assertThat(scenarioLine(out, "kv_0").path("status").asText()).isEqualTo("completed");
        assertThat(scenarioLine(out, "kv_2").path("bfcl").path("valid").asBoolean()).isTrue();
    }

    @Test
    void anEndpointThatRefusesEveryConnectionIsNothingJudgedAndTheRestIsNotAttempted() {
        FailingEndpoint ep = new FailingEndpoint(x -> true, EndpointException.Cause.CONNECTION_REFUSED);
        Path out = tmp.resolve("run");
        Runner.Result r = Runner.run(RunnerTest.config(1, RunnerTest.V008, RunnerTest.PR114),
                Runner.Options.defaults(out, tmp), services(ep, Fakes.kvScenarios(10)));
        assertThat(r.completion()).isEqualTo(Runner.Completion.NOTHING_JUDGED);
        assertThat(r.notJudged()).isEqualTo(20);
        assertThat(ep.calls.get()).as("three refusals in a row and the rest is not sent").isEqualTo(3);
        List<JsonNode> sc = lines(out, "scenario");
        assertThat(sc).hasSize(20).allSatisfy(n -> {
            assertThat(n.path("status").asText()).isEqualTo("not_judged");
            assertThat(n.path("not_judged").path("cause").asText()).isEqualTo("connection_refused");
            assertThat(n.has("bfcl")).isFalse();
        });
        assertThat(sc.stream().filter(n -> n.path("error").asText().contains("not attempted"))).hasSize(17);
    }

    @Test
    void resumePlaysNotJudgedWorkAgainAsItsNextAttempt() {
        FailingEndpoint down = new FailingEndpoint(r -> scenario(r, "kv_1"), EndpointException.Cause.HTTP_5XX);
        Path out = tmp.resolve("run");
        List<MultiTurnScenario> scenarios = Fakes.kvScenarios(3);
        Runner.run(RunnerTest.config(1, RunnerTest.V008), Runner.Options.defaults(out, tmp), services(down, scenarios));
        FailingEndpoint up = new FailingEndpoint(r -> false, EndpointException.Cause.HTTP_5XX);
        Runner.Result r = Runner.run(null, Runner.Options.defaults(out, tmp).resuming(), services(up, scenarios));
        assertThat(r.completion()).isEqualTo(Runner.Completion.COMPLETE);
        assertThat(r.played()).isEqualTo(1);
        assertThat(r.skippedComplete()).isEqualTo(2);
        JsonNode kv1 = scenarioLine(out, "kv_1");
        assertThat(kv1.path("attempt").asInt()).isEqualTo(2);
        assertThat(kv1.path("bfcl").path("valid").asBoolean()).isTrue();
        // the first attempt stays in the journal as the record of what went wrong
        assertThat(lines(out, "scenario")).filteredOn(n -> n.path("scenario_id").asText().equals("kv_1"))
                .extracting(n -> n.path("status").asText()).containsExactly("not_judged", "completed");
    }

    @Test
    void retryRoundsAtTheEndOfARunPlayNotJudgedWorkAgain() {
        AtomicInteger failures = new AtomicInteger();
        FailingEndpoint flaky = new FailingEndpoint(r -> scenario(r, "kv_2") && failures.getAndIncrement() == 0,
                EndpointException.Cause.HTTP_5XX);
        Path out = tmp.resolve("run");
        RunSpec rc = RunnerTest.config(1, RunnerTest.V008).withPolicy(new RunSpec.Policy(0, 0, 2, 0));
        Runner.Result r = Runner.run(rc, Runner.Options.defaults(out, tmp), services(flaky, Fakes.kvScenarios(4)));
        assertThat(r.completion()).isEqualTo(Runner.Completion.COMPLETE);
        assertThat(r.played()).isEqualTo(5);
        assertThat(scenarioLine(out, "kv_2").path("attempt").asInt()).isEqualTo(2);
    }

    @Test
    void afterTheRunDeadlineTheRestIsRecordedNotJudgedNotLost() {
        Clock ticking = new Clock() { // every reading is a minute later: the deadline passes after a few turns
            private Instant now = Instant.parse("2026-01-01T00:00:00Z");

            @Override
            public synchronized Instant instant() {
                now = now.plus(Duration.ofMinutes(1));
                return now;
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };
        FailingEndpoint ep = new FailingEndpoint(r -> false, EndpointException.Cause.HTTP_5XX);
        Path out = tmp.resolve("run");
        RunSpec rc = RunnerTest.config(1, RunnerTest.V008).withPolicy(new RunSpec.Policy(600, 0, 0, 0));
        Runner.Result r = Runner.run(rc, Runner.Options.defaults(out, tmp).withClock(ticking),
                services(ep, Fakes.kvScenarios(8)));
        assertThat(r.completion()).isEqualTo(Runner.Completion.PARTLY_NOT_JUDGED);
        List<JsonNode> sc = lines(out, "scenario");
        assertThat(sc).hasSize(8);
        assertThat(sc).filteredOn(n -> n.path("status").asText().equals("not_judged"))
                .isNotEmpty().allSatisfy(n -> assertThat(n.path("not_judged").path("cause").asText()).isEqualTo("deadline"));
        assertThat(sc).filteredOn(n -> n.path("status").asText().equals("completed")).isNotEmpty();
    }

    /** A chat server that passed harmony markup through as content (what llama.cpp and vLLM ≥ 0.27 do). */
    static final class LeakingChatEndpoint implements Endpoint {
        final Fakes.ExpectedEndpoint model = new Fakes.ExpectedEndpoint(Set.of());
        final String content;

        LeakingChatEndpoint(String content) {
            this.content = content;
        }

        @Override
        public RawTurn complete(ModelRequest request) throws EndpointException {
            RawTurn ok = model.complete(request);
            ObjectNode m = ok.chatMessage().deepCopy();
            if (m.has("tool_calls") && request.simHint().depth() == 0) {
                m.remove("tool_calls");
                m.put("content", content);
            }
            return new RawTurn(null, null, m, "stop", 10, 5, 0.1, 1, 200, null, List.of(), false);
        }
    }

    @Test
    void chatAnswersCarryingHarmonyMarkupAreJudgedAndRescuedOnlyWhenTheCallCanBeRead() {
        String leaked = "<|channel|>commentary to=functions.put <|constrain|>json<|message|>{\"key\":\"k0\",\"value\":10}<|call|>";
        Path out = tmp.resolve("rescued");
        Runner.run(RunnerTest.config(1, RunnerTest.CHAT), Runner.Options.defaults(out, tmp),
                services(new LeakingChatEndpoint(leaked), List.of(Fakes.kvScenarios(2).get(1))));
        JsonNode first = lines(out, "turn").get(0);
        assertThat(first.path("strict_failure_modes")).extracting(JsonNode::asText).contains("markup_in_content");
        assertThat(first.path("verdict").asText()).isEqualTo("rescued");
        assertThat(first.path("driven_by").asText()).isEqualTo("lenient");
        assertThat(first.path("tool_calls").get(0).path("name").asText()).isEqualTo("put");
        assertThat(scenarioLine(out, "kv_1").path("bfcl").path("valid").asBoolean())
                .as("the lenient reading executed the call the server left in the content").isTrue();

        Path out2 = tmp.resolve("failed");
        Runner.run(RunnerTest.config(1, RunnerTest.CHAT), Runner.Options.defaults(out2, tmp),
                services(new LeakingChatEndpoint("<|start|>"), List.of(Fakes.kvScenarios(2).get(1))));
        JsonNode broken = lines(out2, "turn").get(0);
        assertThat(broken.path("strict_failure_modes")).extracting(JsonNode::asText).contains("markup_in_content");
        assertThat(broken.path("verdict").asText()).isIn("failed", "rescued", "rescued_with_loss");
        assertThat(broken.path("verdict").asText()).isNotEqualTo("ok");
    }

    @Test
    void aHarnessErrorIsRecordedWhereItHappenedAndTheRunSaysSo() {
        Path out = tmp.resolve("run");
        Runner.Services s = services(new FailingEndpoint(r -> false, EndpointException.Cause.HTTP_5XX),
                Fakes.kvScenarios(2)).withAnalyzer(tokens -> {
                    throw new IllegalStateException("analyzer broke");
                });
        Runner.Result r = Runner.run(RunnerTest.config(1, RunnerTest.V008), Runner.Options.defaults(out, tmp), s);
        assertThat(r.completion()).isEqualTo(Runner.Completion.HARNESS_ERROR);
        JsonNode turn = lines(out, "turn").get(0);
        assertThat(turn.path("outcome").asText()).isEqualTo("harness_error");
        assertThat(turn.path("harness_error").path("message").asText()).contains("analyzer broke");
        assertThat(lines(out, "scenario")).allSatisfy(n -> assertThat(n.path("status").asText()).isEqualTo("harness_error"));
    }
}
