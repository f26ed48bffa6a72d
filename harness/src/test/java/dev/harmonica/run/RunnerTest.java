package dev.harmonica.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.journal.JournalReader;
import dev.harmonica.scenario.Scenario;
import dev.harmonica.turn.Driving;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunnerTest {
    @TempDir
    Path tmp;

    static RunSpec config(int concurrency, Variant... variants) {
        return new RunSpec("test-run", List.of("bfcl:fake"), List.of(variants),
                RunSpec.EndpointSettings.simulator().withConcurrency(concurrency), 20, 0, 0, true);
    }

    static Runner.Services services(Fakes.ExpectedEndpoint ep, List<? extends Scenario> scenarios) {
        return new Runner.Services(s -> ep, Fakes.analyzer(), RendererFactory.harmony(),
                (rc, base, shard) -> {
                    List<Scenario> out = new ArrayList<>();
                    for (Scenario s : scenarios) if (shard.includes(s.id())) out.add(s);
                    return out;
                });
    }

    static final Variant V008 = Variant.of("v008", "harmony-v0.0.8", Variant.Mode.COMPLETIONS);
    static final Variant PR114 = Variant.of("pr114", "pr114", Variant.Mode.COMPLETIONS);
    static final Variant CHAT = Variant.of("chat", "harmony-v0.0.8", Variant.Mode.CHAT);

    @Test
    void perfectModelScoresEveryScenarioInCompletionsAndChatModes() {
        var scenarios = Fakes.kvScenarios(12);
        var ep = new Fakes.ExpectedEndpoint(Set.of());
        Path out = tmp.resolve("run");
        Runner.Result r = Runner.run(config(4, V008, PR114, CHAT), Runner.Options.defaults(out, tmp), services(ep, scenarios));
        assertThat(r.played()).isEqualTo(36);
        List<JsonNode> sc = new ArrayList<>();
        List<JsonNode> turns = new ArrayList<>();
        JournalReader.forEachComplete(out.resolve(Runner.JOURNAL), n -> {
            if (n.path("type").asText().equals("scenario")) sc.add(n);
            else turns.add(n);
        });
        assertThat(sc).hasSize(36);
        assertThat(sc).allSatisfy(n -> {
            assertThat(n.path("status").asText()).isEqualTo("completed");
            assertThat(n.path("bfcl").path("valid").asBoolean()).as(n.toString()).isTrue();
            assertThat(n.path("strict_failures").asInt()).isZero();
        });
        assertThat(turns).allSatisfy(t -> {
            assertThat(t.path("strict").path("ok").asBoolean()).isTrue();
            assertThat(t.path("failure_modes")).isEmpty();
            assertThat(t.path("driven_by").asText()).isEqualTo("strict");
            for (JsonNode c : t.path("tool_calls")) {
                assertThat(c.path("valid_name").asBoolean()).isTrue();
                assertThat(c.path("schema_valid").asBoolean()).isTrue();
                assertThat(c.path("result").asText()).isNotEmpty();
            }
        });
        // model turns = ground-truth calls + one closing answer per user turn, per variant
        int expectedTurns = 0;
        for (var s : scenarios) for (var t : s.turns()) expectedTurns += t.groundTruth().size() + 1;
        assertThat(turns).hasSize(expectedTurns * 3);
        JsonNode runJson = read(out.resolve(Runner.RUN_JSON));
        assertThat(runJson.path("simulator").asBoolean()).isTrue();
        assertThat(runJson.path("config").path("variants")).hasSize(3);
    }

    @Test
    void strictFailureIsDrivenByTheVariantPolicy() {
        var scenarios = Fakes.kvScenarios(4);
        var ep = new Fakes.ExpectedEndpoint(Set.of(0));
        Variant stop = V008.withDriving(Driving.STOP, 0);
        Variant stopV = new Variant("stop", stop.renderer(), stop.mode(), stop.driving(), 0, stop.sampling(), null, null, true);
        Variant res = new Variant("resample", "harmony-v0.0.8", Variant.Mode.COMPLETIONS, Driving.RESAMPLE, 2,
                V008.sampling(), null, null, true);
        Path out = tmp.resolve("run");
        Runner.run(config(2, stopV, res), Runner.Options.defaults(out, tmp), services(ep, scenarios));
        Map<String, JsonNode> byKey = new HashMap<>();
        List<JsonNode> turns = new ArrayList<>();
        JournalReader.forEachComplete(out.resolve(Runner.JOURNAL), n -> {
            if (n.path("type").asText().equals("scenario")) byKey.put(n.path("scenario_id").asText() + "/" + n.path("variant").asText(), n);
            else turns.add(n);
        });
        // kv_1 makes a call at depth 0 (analysis + call), which is corrupted
        JsonNode stopped = byKey.get("kv_1/stop");
        assertThat(stopped.path("status").asText()).isEqualTo("stopped");
        assertThat(stopped.path("first_strict_failure_depth").asInt()).isEqualTo(0);
        JsonNode resampled = byKey.get("kv_1/resample");
        assertThat(resampled.path("status").asText()).isEqualTo("completed");
        assertThat(resampled.path("bfcl").path("valid").asBoolean()).isTrue();
        assertThat(turns).anySatisfy(t -> {
            assertThat(t.path("variant").asText()).isEqualTo("resample");
            assertThat(t.path("driven_by").asText()).isEqualTo("resampled");
            assertThat(t.path("injected_faults").toString()).contains("F9");
        });
    }

    @Test
    void refusesToOverwriteARunAndResumesAFinishedOneAsANoOp() {
        var scenarios = Fakes.kvScenarios(3);
        var ep = new Fakes.ExpectedEndpoint(Set.of());
        Path out = tmp.resolve("run");
        Runner.run(config(2, V008), Runner.Options.defaults(out, tmp), services(ep, scenarios));
        assertThatThrownBy(() -> Runner.run(config(2, V008), Runner.Options.defaults(out, tmp), services(ep, scenarios)))
                .hasMessageContaining("already holds a run").hasMessageContaining("--resume");
        int before = ep.calls.get();
        Runner.Result r = Runner.run(null, Runner.Options.defaults(out, tmp).resuming(), services(ep, scenarios));
        assertThat(r.played()).isZero();
        assertThat(r.skippedComplete()).isEqualTo(3);
        assertThat(ep.calls.get()).isEqualTo(before);
    }

    static JsonNode read(Path p) {
        try {
            return Fakes.M.readTree(Files.readString(p));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A turn record without its timing fields (latency; the digest covers no timing). */
    static String comparable(JsonNode n) {
        ObjectNode o = ((ObjectNode) n).deepCopy();
        o.remove("latency_ms");
        return o.toString();
    }
}
