package dev.harmonica.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harmonica.journal.JournalReader;
import dev.harmonica.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A run against a port nothing listens on: every scenario × variant is not judged, and the exit code says so. */
class ClosedPortTest {
    @TempDir
    Path tmp;

    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aRunAgainstAClosedPortExits4AndJudgesNothing() throws IOException {
        Path runFile = tmp.resolve("run.json");
        Files.writeString(runFile, """
                {"run_id": "outage", "scenarios": ["bfcl:%s"],
                 "endpoint": {"url": "http://127.0.0.1:%d/v1", "model": "gpt-oss-20b", "max_attempts": 1, "concurrency": 2},
                 "variants": [{"name": "v008", "renderer": "harmony-v0.0.8"}, {"name": "pr114", "renderer": "pr114"}]}
                """.formatted(SharedData.projectRoot().resolve("datasets/bfcl"), closedPort()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path dir = tmp.resolve("outage");
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "run", runFile.toString(),
                "--out", dir.toString(), "--quiet", "--no-report");
        assertThat(code).isEqualTo(ExitCodes.NOT_STARTED);
        assertThat(err.toString()).contains("nothing was judged").contains("--resume " + dir);
        List<JsonNode> scenarios = new ArrayList<>();
        JournalReader.forEachLine(dir.resolve("journal.jsonl"), n -> {
            if (n.path("type").asText().equals("scenario")) scenarios.add(n);
        });
        assertThat(scenarios).hasSize(10).allSatisfy(n -> {
            assertThat(n.path("status").asText()).isEqualTo("not_judged");
            assertThat(n.path("not_judged").path("cause").asText()).isEqualTo("connection_refused");
            assertThat(n.has("bfcl")).isFalse();
        });
        JsonNode runJson = new ObjectMapper().readTree(dir.resolve("run.json").toFile());
        assertThat(runJson.path("simulated").asBoolean(true)).isFalse();
        assertThat(runJson.path("endpoint").path("kind").asText()).isEqualTo("http");
        assertThat(runJson.path("config").path("endpoint").has("sim")).as("no simulator settings for a real server").isFalse();
    }
}
