package dev.harmonica.run;

import dev.harmonica.endpoint.sim.SimConfig;
import dev.harmonica.endpoint.sim.SimFault;
import dev.harmonica.endpoint.sim.SimModel;
import dev.harmonica.endpoint.sim.SimulatedEndpoint;
import dev.harmonica.journal.JournalReader;
import dev.harmonica.turn.TurnAnalyzer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** With faults on, the failure modes the runner records are exactly what the injected faults predict. */
class FaultModesTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(value = Variant.Mode.class, names = {"COMPLETIONS", "CHAT"})
    void recordedFailureModesMatchTheInjectedFaults(Variant.Mode mode) {
        StringBuilder spec = new StringBuilder("slope=0");
        for (SimFault f : SimFault.values()) spec.append(",").append(f.code()).append("=0.04");
        SimConfig sc = SimConfig.DEFAULT.withFaults(SimModel.parse(spec.toString())).withSeed(7);
        Runner.Services s = new Runner.Services(x -> SimulatedEndpoint.create(sc), TurnAnalyzer.harmony(),
                RendererFactory.harmony(), (rc, b, sh) -> new ArrayList<>(Fakes.kvScenarios(40)));
        Variant v = mode.isChat() ? RunnerTest.CHAT : RunnerTest.V008;
        Path dir = tmp.resolve("r");
        Runner.run(RunnerTest.config(2, v), Runner.Options.defaults(dir, tmp), s);
        Set<String> seen = new HashSet<>();
        List<String> problems = new ArrayList<>();
        int[] faulty = {0};
        JournalReader.forEachComplete(dir.resolve(Runner.JOURNAL), n -> {
            if (!n.path("type").asText().equals("turn")) return;
            List<String> inj = new ArrayList<>();
            n.path("injected_faults").forEach(x -> inj.add(x.asText()));
            List<String> rec = new ArrayList<>();
            n.path("failure_modes").forEach(x -> rec.add(x.asText()));
            if (!inj.isEmpty()) faulty[0]++;
            seen.addAll(inj);
            String why = FaultModes.explain(mode, inj, rec, Set.of());
            if (!why.isEmpty()) problems.add(n.path("scenario_id").asText() + "@" + n.path("depth").asInt() + ": " + why);
        });
        assertThat(problems).isEmpty();
        assertThat(faulty[0]).isGreaterThan(20);
        assertThat(seen.size()).as("distinct faults injected: %s", seen).isGreaterThan(10);
    }
}
