package dev.harmonica.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.endpoint.sim.SimConfig;
import dev.harmonica.endpoint.sim.SimFault;
import dev.harmonica.endpoint.sim.SimModel;
import dev.harmonica.endpoint.sim.SimulatedEndpoint;
import dev.harmonica.journal.JournalReader;
import dev.harmonica.testing.SharedData;
import dev.harmonica.turn.TurnAnalyzer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** SWE prefix replay against the clean simulator: every replayed step agrees with the recording. */
class SweReplayTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(value = Variant.Mode.class)
    void aPerfectModelAgreesWithEveryRecordedStep(Variant.Mode mode) {
        Path ours = SharedData.projectRoot().resolve("datasets/swe");
        Assumptions.assumeTrue(Files.isDirectory(ours), "datasets/swe absent");
        Path shared = SharedData.require("swe/sweagent__test_data__6e44b9__sweagenttestrepo-1c2844.traj").getParent();
        RunSpec rc = new RunSpec("swe", List.of("swe:" + ours, "swe:" + shared), List.of(Variant.of("v", "pr114", mode)),
                RunSpec.EndpointSettings.simulator().withSim(false, 0, 0).withConcurrency(2), 20, 0, 0, false);
        Path dir = tmp.resolve("run");
        Runner.Result r = Runner.run(rc, Runner.Options.defaults(dir, tmp), Runner.Services.standard(RunEndpoints.factory()));
        assertThat(r.errors()).isZero();
        List<JsonNode> sc = new ArrayList<>();
        List<JsonNode> turns = new ArrayList<>();
        JournalReader.forEachComplete(dir.resolve(Runner.JOURNAL), n -> (n.path("type").asText().equals("scenario") ? sc : turns).add(n));
        assertThat(sc).hasSizeGreaterThanOrEqualTo(8).allSatisfy(n -> {
            assertThat(n.path("status").asText()).isEqualTo("completed");
            assertThat(n.path("swe_agreement").asDouble()).as(n.toString()).isEqualTo(1.0);
        });
        assertThat(turns).allSatisfy(t -> {
            assertThat(t.path("source").asText()).isEqualTo("swe");
            assertThat(t.path("turn").asInt()).isZero();
            assertThat(t.path("step").asInt()).isEqualTo(t.path("depth").asInt());
        });
    }

    /**
     * Issue "SWE-bench-style scenarios", done-when: with faults on, the per-depth failure counts match what the
     * simulator injected. Every replayed step gets the faults the simulator reports; per depth bucket, the turns
     * whose faults must leave a trace all carry failure modes that those faults explain, and no turn without an
     * injected fault has any failure mode (the recorded actions are valid, so a failure can only come from a fault).
     */
    @ParameterizedTest
    @EnumSource(value = Variant.Mode.class, names = {"COMPLETIONS", "CHAT"})
    void withFaultsOnTheFailuresPerDepthAreTheInjectedOnes(Variant.Mode mode) {
        Path ours = SharedData.projectRoot().resolve("datasets/swe");
        Assumptions.assumeTrue(Files.isDirectory(ours), "datasets/swe absent");
        StringBuilder spec = new StringBuilder("slope=0.02");
        for (SimFault f : SimFault.values()) spec.append(",").append(f.code()).append("=0.03");
        SimConfig simConfig = SimConfig.DEFAULT.withFaults(SimModel.parse(spec.toString())).withSeed(11);
        RunSpec rc = new RunSpec("swe-faults", List.of("swe:" + ours), List.of(Variant.of("v", "harmony-v0.0.8", mode)),
                RunSpec.EndpointSettings.simulator().withConcurrency(2), 20, 0, 0, false);
        Runner.Services services = new Runner.Services(x -> SimulatedEndpoint.create(simConfig),
                TurnAnalyzer.harmony(), RendererFactory.harmony(), Runner.Services.standard(RunEndpoints.factory()).loader());
        Path dir = tmp.resolve("faults");
        Runner.Result r = Runner.run(rc, Runner.Options.defaults(dir, tmp), services);
        assertThat(r.errors()).isZero();

        Map<Integer, int[]> perBucket = new TreeMap<>(); // bucket -> {turns, with injected faults, with failure modes}
        List<String> problems = new ArrayList<>();
        JournalReader.forEachComplete(dir.resolve(Runner.JOURNAL), n -> {
            if (!n.path("type").asText().equals("turn")) return;
            List<String> injected = new ArrayList<>();
            n.path("injected_faults").forEach(x -> injected.add(x.asText()));
            List<String> recorded = new ArrayList<>();
            n.path("failure_modes").forEach(x -> recorded.add(x.asText()));
            int[] c = perBucket.computeIfAbsent(n.path("depth").asInt() / 10, k -> new int[3]);
            c[0]++;
            if (!injected.isEmpty()) c[1]++;
            if (!recorded.isEmpty()) c[2]++;
            String where = n.path("scenario_id").asText() + "@" + n.path("depth").asInt() + ": ";
            if (injected.isEmpty() && !recorded.isEmpty()) problems.add(where + "failure modes without a fault: " + recorded);
            String why = FaultModes.explain(mode, injected, recorded, Set.of());
            if (!why.isEmpty()) problems.add(where + why);
        });
        assertThat(problems).isEmpty();
        int faulty = perBucket.values().stream().mapToInt(c -> c[1]).sum();
        assertThat(faulty).as("turns with injected faults, per depth bucket %s", perBucket.keySet()).isGreaterThan(10);
        // at every depth, a turn fails only where a fault was injected
        perBucket.forEach((bucket, c) -> assertThat(c[2]).as("depth %d-%d", bucket * 10, bucket * 10 + 9).isLessThanOrEqualTo(c[1]));
    }
}
