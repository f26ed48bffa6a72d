package dev.harmonica.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.testing.SharedData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
        RunConfig rc = new RunConfig("swe", List.of("swe:" + ours, "swe:" + shared), List.of(Variant.of("v", "pr114", mode)),
                RunConfig.EndpointSettings.simulator().withSim(false, 0, 0).withConcurrency(2), 20, 0, 0, false);
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
}
