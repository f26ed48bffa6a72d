package dev.harmonica.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.endpoint.sim.SimConfig;
import dev.harmonica.endpoint.sim.SimulatedEndpoint;
import dev.harmonica.journal.JournalReader;
import dev.harmonica.scenario.ReplayScenario;
import dev.harmonica.scenario.Scenario;
import dev.harmonica.scenario.swe.SweScenario;
import dev.harmonica.testing.SweTrajectories;
import dev.harmonica.turn.TurnAnalyzer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The done-when of SWE replay, through the real runner and journal: with the simulator's faults off, every step of
 * every trajectory we can import (datasets/swe, every importer fixture, the shared real files) agrees with the
 * recording, in completions, chat and chat-stream modes.
 */
class SweAgreementProofTest {
    @TempDir
    Path tmp;

    /** What the journal says about one replay. */
    record Replayed(String category, String status, Double agreement, Map<Integer, JsonNode> scored) {
    }

    static List<Scenario> replayScenarios(List<SweScenario> trajectories) {
        List<Scenario> out = new ArrayList<>();
        for (SweScenario s : trajectories) out.add(ReplayScenario.of(s));
        return out;
    }

    /** Runs every trajectory once with one variant against {@code sim}; returns the run directory. */
    static Path run(Path dir, Path tmp, List<SweScenario> trajectories, Variant v, SimConfig sim) {
        RunSpec rc = new RunSpec("swe-proof", List.of("swe:all"), List.of(v),
                RunSpec.EndpointSettings.simulator().withConcurrency(2), 20, 0, 0, false);
        List<Scenario> scenarios = replayScenarios(trajectories);
        Runner.Services services = new Runner.Services(x -> SimulatedEndpoint.create(sim), TurnAnalyzer.harmony(),
                RendererFactory.harmony(), (c, b, sh) -> new ArrayList<>(scenarios));
        Runner.Result r = Runner.run(rc, Runner.Options.defaults(dir, tmp), services);
        assertThat(r.errors()).as("scenarios not fully judged").isZero();
        return dir;
    }

    /** Scenario id → what the journal holds about its replay (scored steps: the turn line carrying {@code replay}). */
    static Map<String, Replayed> read(Path dir) {
        Map<String, Replayed> out = new TreeMap<>();
        Map<String, Map<Integer, JsonNode>> scored = new LinkedHashMap<>();
        List<JsonNode> scenarioLines = new ArrayList<>();
        JournalReader.forEachComplete(dir.resolve(Runner.JOURNAL), n -> {
            if (n.path("type").asText().equals("scenario")) {
                scenarioLines.add(n);
            } else if (n.has("replay")) {
                JsonNode old = scored.computeIfAbsent(n.path("scenario_id").asText(), k -> new TreeMap<>())
                        .put(n.path("step").asInt(), n);
                assertThat(old).as("a step scored twice: " + n).isNull();
            }
        });
        for (JsonNode s : scenarioLines) {
            String id = s.path("scenario_id").asText();
            out.put(id, new Replayed(s.path("category").asText(), s.path("status").asText(),
                    s.hasNonNull("swe_agreement") ? s.get("swe_agreement").asDouble() : null,
                    scored.getOrDefault(id, Map.of())));
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Variant.Mode.class)
    void withFaultsOffEveryStepOfEveryImportedTrajectoryAgrees(Variant.Mode mode) {
        List<SweScenario> all = SweTrajectories.scenarios();
        assertThat(all).as("trajectories found").hasSizeGreaterThanOrEqualTo(SweTrajectories.sharedPresent() ? 21 : 18);
        Path dir = run(tmp.resolve("run"), tmp, all, Variant.of("v", "pr114", mode), SimConfig.CLEAN);
        Map<String, Replayed> journal = read(dir);
        assertThat(journal.keySet()).as("every trajectory replayed").hasSize(all.size());
        List<String> problems = new ArrayList<>();
        int steps = 0;
        for (SweScenario t : all) {
            Replayed r = journal.get(t.id());
            if (r == null) {
                problems.add(t.id() + ": no scenario line");
                continue;
            }
            if (!r.category().equals(t.sourceFormat())) problems.add(t.id() + ": category " + r.category());
            if (!r.status().equals("completed") || r.agreement() == null || r.agreement() != 1.0) {
                problems.add(t.id() + ": " + r.status() + ", agreement " + r.agreement());
            }
            if (r.scored().size() != t.steps().size()) {
                problems.add(t.id() + ": " + r.scored().size() + " of " + t.steps().size() + " steps scored");
            }
            for (Map.Entry<Integer, JsonNode> e : r.scored().entrySet()) {
                JsonNode replay = e.getValue().get("replay");
                steps++;
                if (!replay.path("agrees").asBoolean()) {
                    problems.add(t.id() + " step " + e.getKey() + ": " + replay.path("agreement").asText()
                            + " " + replay.path("action_format_errors"));
                }
                if (replay.path("recorded_actions").asInt() != t.steps().get(e.getKey()).toolCalls().size()) {
                    problems.add(t.id() + " step " + e.getKey() + ": recorded_actions " + replay.path("recorded_actions"));
                }
            }
        }
        assertThat(problems).as(mode + ": trajectories or steps that do not agree").isEmpty();
        assertThat(steps).isEqualTo(all.stream().mapToInt(t -> t.steps().size()).sum()).isGreaterThan(150);
    }
}
