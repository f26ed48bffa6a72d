package dev.harmonica.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.endpoint.ModelRequest;
import dev.harmonica.endpoint.sim.SimConfig;
import dev.harmonica.endpoint.sim.SimLogprobs;
import dev.harmonica.endpoint.sim.SimModel;
import dev.harmonica.endpoint.sim.SimulatedEndpoint;
import dev.harmonica.journal.JournalReader;
import dev.harmonica.turn.Driving;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Logprob forensics against the simulator, whose log-probabilities make margins known: at the first token where the
 * output leaves the clean answer the clean token is the first alternative, {@link SimLogprobs#divergenceMargin} lower.
 */
class LogprobForensicsTest {
    @TempDir
    Path tmp;

    @Test
    void anEmptyChannelIsMalformedByTheMarginTheSimulatorGaveIt() {
        SimConfig sim = SimConfig.CLEAN.withFaults(SimModel.parse("F9=1"));
        Variant v = new Variant("v008", "harmony-v0.0.8", Variant.Mode.COMPLETIONS, Driving.LENIENT, 0,
                new ModelRequest.Sampling(4096, 1.0, 1.0, 11L, 5), null, null, true);
        Path out = tmp.resolve("run");
        Runner.Services services = new Runner.Services(s -> SimulatedEndpoint.create(sim), Fakes.analyzer(),
                RendererFactory.harmony(), (rc, b, sh) -> new ArrayList<>(Fakes.kvScenarios(3)));
        Runner.run(RunnerTest.config(1, v), Runner.Options.defaults(out, tmp), services);
        List<JsonNode> failed = new ArrayList<>();
        JournalReader.forEachComplete(out.resolve(Runner.JOURNAL), n -> {
            if (n.path("type").asText().equals("turn") && n.path("strict_failure_modes").toString().contains("empty_channel")) {
                failed.add(n);
            }
        });
        assertThat(failed).isNotEmpty().allSatisfy(n -> {
            JsonNode f = n.path("logprobs");
            assertThat(f.isObject()).as(n.toString()).isTrue();
            assertThat(f.path("token").path("text").asText()).isEqualTo("<|message|>");
            JsonNode first = f.path("alternatives").get(1);
            assertThat(first.path("keeps_parseable").asBoolean()).isTrue();
            double expected = SimLogprobs.divergenceMargin(11L, n.path("scenario_id").asText(), n.path("depth").asInt());
            assertThat(f.path("margin").asDouble()).isCloseTo(expected, within(1e-9));
            assertThat(n.path("raw").path("token_ids").get(f.path("position").asInt()).asInt())
                    .isEqualTo(f.path("token").path("id").asInt());
        });
    }
}
