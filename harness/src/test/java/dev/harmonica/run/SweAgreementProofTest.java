package dev.harmonica.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harmonica.endpoint.sim.SimConfig;
import dev.harmonica.endpoint.sim.SimFault;
import dev.harmonica.endpoint.sim.SimModel;
import dev.harmonica.endpoint.sim.SimulatedEndpoint;
import dev.harmonica.journal.JournalReader;
import dev.harmonica.report.Reports;
import dev.harmonica.scenario.ReplayScenario;
import dev.harmonica.scenario.Scenario;
import dev.harmonica.scenario.swe.SweScenario;
import dev.harmonica.testing.SweTrajectories;
import dev.harmonica.turn.TurnAnalyzer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The done-when of SWE replay, through the real runner and journal: with the simulator's faults off, every step of
 * every trajectory we can import (datasets/swe, every importer fixture, the shared real files) agrees with the
 * recording, in completions, chat and chat-stream modes; with faults on (seeded), the steps that disagree are
 * exactly the steps the simulator's fault plan (each turn's {@code injected_faults}) gave a fault that changes the
 * action.
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

        // the report says the same: 100% per format, every step judged, no harmony format error
        JsonNode formats = sweReplay(dir).path("formats");
        Map<String, Integer> stepsPerFormat = new TreeMap<>();
        for (SweScenario t : all) stepsPerFormat.merge(t.sourceFormat(), t.steps().size(), Integer::sum);
        assertThat(stepsPerFormat.keySet()).as("source formats replayed").contains("sweagent", "mini-v2", "openhands",
                "openhands-v1", "messages");
        stepsPerFormat.forEach((format, n) -> {
            JsonNode f = formats.path(format);
            assertThat(f.path("steps_judged").asInt()).as(format).isEqualTo(n);
            assertThat(f.path("agreement").path("rate").asDouble()).as(format).isEqualTo(1.0);
            assertThat(f.path("harmony_format_errors").asInt()).as(format).isZero();
            assertThat(f.path("first_divergence").path("diverged").asInt()).as(format).isZero();
        });
    }

    /** Builds the reports of a run and returns the variant's {@code swe_replay} object of summary.json. */
    static JsonNode sweReplay(Path dir) {
        Reports.writeAll(dir);
        try {
            return new ObjectMapper().readTree(Files.readString(dir.resolve("summary.json")))
                    .path("variants").get(0).path("swe_replay");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The faults that change the replayed action, per mode. Measured one fault at a time (rate 1, every applicable
     * step of every trajectory): each fault either changes every step it hits or none, so the table is exact.
     * <ul>
     *   <li>Every mode: the content faults F12 (truncated arguments or header), F13 ({@code to=functions.xjson}: the
     *       tool is {@code xjson}), F20 (arguments not JSON), F21 (unknown tool), F23 ({@code ??} appended to an
     *       argument); F2 (its header {@code <|channel|>bash<|channel|>commentary} has no recipient: no call) and F10
     *       (the call's {@code <|start|>} and {@code <|channel|>} are gone: lenient keeps no call).</li>
     *   <li>Completions only: F16 (the call written as text inside the final content; the lenient parse keeps it as
     *       text). In chat modes Harmonica parses markup in {@code content} and recovers the call.</li>
     *   <li>Chat modes only (a vLLM-strict server): every fault the strict parser rejects becomes an HTTP 400 with no
     *       output (F3, F4, F7, F8, F9, F22); F5 ({@code to=<|constrain|>functions.x}: strict reads recipient
     *       {@code ""}) and F15 (a call on the analysis channel) leave the server with no tool call. In completions
     *       mode the lenient parse recovers the call from all of them.</li>
     *   <li>Never: F1 (leaked {@code <|channel|>} after the name: the lenient reading cuts it), F14 (bare {@code json}
     *       is valid harmony), F17, F18 (only a final message changes), F11 (never injected: the requests stop at
     *       {@code <|return|>}).</li>
     * </ul>
     */
    static final Set<String> CHANGE_ACTION_EVERYWHERE = Set.of("F2", "F10", "F12", "F13", "F20", "F21", "F23");
    static final Set<String> CHANGE_ACTION_COMPLETIONS = Set.of("F16");
    static final Set<String> CHANGE_ACTION_CHAT = Set.of("F3", "F4", "F5", "F7", "F8", "F9", "F15", "F22");

    static boolean changesAction(Variant.Mode mode, String fault) {
        return CHANGE_ACTION_EVERYWHERE.contains(fault)
                || (mode.isChat() ? CHANGE_ACTION_CHAT : CHANGE_ACTION_COMPLETIONS).contains(fault);
    }

    @ParameterizedTest
    @EnumSource(Variant.Mode.class)
    void withFaultsOnTheDisagreeingStepsAreExactlyTheStepsWithAnActionChangingFault(Variant.Mode mode) {
        List<SweScenario> all = SweTrajectories.scenarios();
        StringBuilder spec = new StringBuilder("slope=0.02");
        for (SimFault f : SimFault.values()) spec.append(",").append(f.code()).append("=0.025");
        SimConfig sim = SimConfig.DEFAULT.withFaults(SimModel.parse(spec.toString())).withSeed(17);
        Path dir = run(tmp.resolve("faults"), tmp, all, Variant.of("v", "pr114", mode), sim);

        Map<String, Set<String>> planned = new TreeMap<>(); // scenario@step -> faults the simulator injected
        Set<String> disagreeing = new TreeSet<>();
        Set<String> scoredSteps = new TreeSet<>();
        JournalReader.forEachComplete(dir.resolve(Runner.JOURNAL), n -> {
            if (!n.path("type").asText().equals("turn")) return;
            String step = n.path("scenario_id").asText() + "@" + n.path("step").asInt();
            n.path("injected_faults").forEach(f -> planned.computeIfAbsent(step, k -> new TreeSet<>()).add(f.asText()));
            if (n.has("replay")) {
                scoredSteps.add(step);
                if (!n.get("replay").path("agrees").asBoolean()) disagreeing.add(step);
            }
        });
        Set<String> changed = new TreeSet<>();
        Set<String> harmless = new TreeSet<>();
        planned.forEach((step, faults) -> {
            if (faults.stream().anyMatch(f -> changesAction(mode, f))) changed.add(step);
            else harmless.add(step);
        });
        assertThat(scoredSteps).hasSize(all.stream().mapToInt(t -> t.steps().size()).sum());
        assertThat(disagreeing).as(mode + ": disagreeing steps vs steps with an action-changing fault").isEqualTo(changed);
        assertThat(changed).as("steps with an action-changing fault").hasSizeGreaterThan(15);
        assertThat(harmless).as("steps whose only faults leave the action alone").hasSizeGreaterThan(3);

        // the report's figures, recomputed from the journal's scored steps
        Map<String, String> formatOf = new TreeMap<>();
        for (SweScenario t : all) formatOf.put(t.id(), t.sourceFormat());
        Map<String, int[]> expected = new TreeMap<>(); // format -> {judged, agree}
        Map<String, Integer> firstDivergence = new TreeMap<>();
        for (String step : scoredSteps) {
            String id = step.substring(0, step.lastIndexOf('@'));
            int k = Integer.parseInt(step.substring(step.lastIndexOf('@') + 1));
            int[] c = expected.computeIfAbsent(formatOf.get(id), x -> new int[2]);
            c[0]++;
            if (!disagreeing.contains(step)) c[1]++;
            else firstDivergence.merge(id, k, Math::min);
        }
        JsonNode report = sweReplay(dir);
        expected.forEach((format, c) -> {
            JsonNode f = report.path("formats").path(format);
            assertThat(f.path("steps_judged").asInt()).as(format).isEqualTo(c[0]);
            assertThat(f.path("agreement").path("agree").asInt()).as(format).isEqualTo(c[1]);
        });
        List<Integer> depths = new ArrayList<>(firstDivergence.values());
        Collections.sort(depths);
        int n = depths.size();
        double median = n % 2 == 1 ? depths.get(n / 2) : (depths.get(n / 2 - 1) + depths.get(n / 2)) / 2.0;
        JsonNode fd = report.path("all_formats").path("first_divergence");
        assertThat(fd.path("diverged").asInt()).isEqualTo(n);
        assertThat(fd.path("median_depth").asDouble()).isEqualTo(median);
        assertThat(fd.path("never_diverged").asInt()).isEqualTo(all.size() - n);
    }
}
