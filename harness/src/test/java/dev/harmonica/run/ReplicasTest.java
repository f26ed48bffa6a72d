package dev.harmonica.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.endpoint.sim.SimConfig;
import dev.harmonica.endpoint.sim.SimServer;
import dev.harmonica.journal.JournalReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Several base URLs of one model: work spreads over the healthy ones, a dead one costs nothing, the journal says who answered. */
class ReplicasTest {
    @TempDir
    Path tmp;

    @Test
    void turnsSpreadOverHealthyReplicasAndADeadOneIsLeftOut() throws Exception {
        int dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        try (SimServer a = SimServer.start(SimConfig.CLEAN, 0, 8); SimServer b = SimServer.start(SimConfig.CLEAN, 0, 8)) {
            List<String> urls = List.of(a.baseUrl(), "http://127.0.0.1:" + dead + "/v1", b.baseUrl());
            RunSpec.EndpointSettings e = RunSpec.EndpointSettings.simulator().withUrls(urls).withServer("harmonica-sim")
                    .withModel("gpt-oss-sim").withConcurrency(2);
            RunSpec rc = RunnerTest.config(2, RunnerTest.V008).withEndpoint(e);
            Path out = tmp.resolve("run");
            Runner.Services services = new Runner.Services(RunEndpoints.factory(), Fakes.analyzer(),
                    RendererFactory.harmony(), (spec, base, shard) -> new ArrayList<>(Fakes.kvScenarios(8)));
            Runner.Result r = Runner.run(rc, Runner.Options.defaults(out, tmp), services);
            assertThat(r.completion()).isEqualTo(Runner.Completion.COMPLETE);
            Map<String, Integer> byReplica = new HashMap<>();
            JournalReader.forEachComplete(out.resolve(Runner.JOURNAL), n -> {
                if (n.path("type").asText().equals("turn")) byReplica.merge(n.path("replica").asText(), 1, Integer::sum);
            });
            assertThat(byReplica.keySet()).hasSize(2).allSatisfy(k -> assertThat(k).doesNotContain(":" + dead));
            assertThat(a.requestCount()).isPositive();
            assertThat(b.requestCount()).isPositive();
            JsonNode runJson = RunDirectory.readRunJson(out);
            assertThat(runJson.path("endpoint").path("replicas")).hasSize(3);
            assertThat(RunFile.fromJson(runJson.path("config"), "run.json").endpoint().urls()).isEqualTo(urls);
        }
    }
}
