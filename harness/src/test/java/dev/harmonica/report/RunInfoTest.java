package dev.harmonica.report;

import dev.harmonica.scenario.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunInfoTest {
    @Test
    void readsTheRunnersRunJson(@TempDir Path dir) throws IOException {
        // the shape `harmonica run` writes: top-level simulator flag, the run file under "config"
        Files.writeString(dir.resolve("run.json"), """
                {"run_id":"r1","created":"2026-11-21T09:00:00Z","shard":"all","simulator":true,
                 "config":{"scenarios":["bfcl:datasets/bfcl"],"endpoint":{"url":"sim","concurrency":4},
                           "variants":[{"name":"pr114","renderer":"pr114"},{"name":"v008","renderer":"harmony-v0.0.8"}]},
                 "versions":{"harmonica":"dev","java":"17"}}""");
        RunInfo info = RunInfo.read(dir);
        assertThat(info.runId()).isEqualTo("r1");
        assertThat(info.variantOrder()).containsExactly("pr114", "v008");
        assertThat(info.simulated()).isTrue();
        assertThat(info.config()).extracting(Map.Entry::getKey).contains("config.endpoint.url",
                "config.variants[0].name");
    }

    @Test
    void realEndpointIsNotSimulated(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("run.json"), """
                {"run_id":"r2","simulator":false,"config":{"endpoint":{"url":"http://127.0.0.1:8000/v1"},
                 "variants":[{"name":"a"}]}}""");
        assertThat(RunInfo.read(dir).simulated()).isFalse();
    }

    @Test
    void otherShapesAndAbsence(@TempDir Path dir) throws IOException {
        assertThat(RunInfo.read(dir).present()).isFalse();
        Files.writeString(dir.resolve("run.json"), "{\"variants\":{\"b\":{},\"a\":{}},\"endpoint\":{\"kind\":\"sim\"}}");
        RunInfo info = RunInfo.read(dir);
        assertThat(info.variantOrder()).containsExactly("b", "a");
        assertThat(info.simulated()).isTrue();
        Files.writeString(dir.resolve("run.json"), "{\"run_id\": ");
        assertThatThrownBy(() -> RunInfo.read(dir)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("run.json: not valid JSON");
    }
}
