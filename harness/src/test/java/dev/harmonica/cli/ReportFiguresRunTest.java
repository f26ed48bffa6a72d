package dev.harmonica.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harmonica.endpoint.sim.SimConfig;
import dev.harmonica.endpoint.sim.SimServer;
import dev.harmonica.endpoint.sim.TransportScript;
import dev.harmonica.testing.ReportRecompute;
import dev.harmonica.testing.SharedData;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reports of real runs — the runner against the simulator with faults and transport failures, and against a
 * closed port — say exactly what their turns.csv and failure_modes.csv say (issue 10.9), and a run that judged nothing
 * prints no rate at all (issue 10's done-when).
 */
class ReportFiguresRunTest {
    @TempDir
    Path tmp;

    static final String VARIANTS = "[{\"name\": \"v008\", \"renderer\": \"harmony-v0.0.8\"}, "
            + "{\"name\": \"pr114\", \"renderer\": \"pr114\"}]";

    private int run(Path runFile, Path dir, StringWriter out, StringWriter err) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "run", runFile.toString(),
                "--out", dir.toString(), "--quiet");
    }

    @Test
    void theSimulatorWithFaultsAndTransportFailures() throws IOException {
        // the first five requests fail for good (one attempt each): five scenario × variants end not judged
        SimConfig config = SimConfig.DEFAULT.withSeed(3).withTransport(TransportScript.parse("503x3,resetx2"));
        try (SimServer server = SimServer.start(config, 0, 8)) {
            Path runFile = tmp.resolve("run.json");
            Files.writeString(runFile, """
                    {"run_id": "faulty", "scenarios": ["bfcl:%s"],
                     "endpoint": {"url": "%s", "server": "harmonica-sim", "max_attempts": 1, "concurrency": 1},
                     "variants": %s}
                    """.formatted(SharedData.projectRoot().resolve("datasets/bfcl"), server.baseUrl(), VARIANTS));
            Path dir = tmp.resolve("faulty");
            StringWriter out = new StringWriter(), err = new StringWriter();
            assertThat(run(runFile, dir, out, err)).as(err.toString()).isEqualTo(ExitCodes.NOT_JUDGED);
            Map<String, ReportRecompute.Figures> f = ReportRecompute.assertReportsAgree(dir);
            long notJudged = f.values().stream().mapToLong(x -> x.notJudged).sum();
            assertThat(notJudged).isEqualTo(5);
            assertThat(f.values().stream().mapToLong(x -> x.judged).sum()).isPositive();
            assertThat(f.values().stream().mapToLong(x -> x.bfclNotScored).sum()).isEqualTo(5);
            assertThat(out.toString()).contains("not judged (endpoint errors: 3 HTTP 5xx, 2 transport)");
        }
    }

    @Test
    void aClosedPortWritesReportsThatSayNotJudgedAndNoRate() throws IOException {
        Path runFile = tmp.resolve("run.json");
        Files.writeString(runFile, """
                {"run_id": "outage", "scenarios": ["bfcl:%s"],
                 "endpoint": {"url": "http://127.0.0.1:%d/v1", "model": "gpt-oss-20b", "max_attempts": 1, "concurrency": 1},
                 "variants": %s}
                """.formatted(SharedData.projectRoot().resolve("datasets/bfcl"), ClosedPortTest.closedPort(), VARIANTS));
        Path dir = tmp.resolve("outage");
        StringWriter out = new StringWriter(), err = new StringWriter();
        assertThat(run(runFile, dir, out, err)).isEqualTo(ExitCodes.NOT_STARTED);
        assertThat(out.toString()).contains("no turn judged: endpoint unreachable");
        for (String f : new String[]{"index.html", "summary.md", "summary.json"}) {
            String text = Files.readString(dir.resolve(f));
            assertThat(text).as(f).contains("no turn judged: endpoint unreachable").doesNotContain("0.0%");
        }
        JsonNode summary = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        assertThat(summary.path("outcomes").path("nothing_judged").asText()).isEqualTo("endpoint unreachable");
        for (JsonNode v : summary.path("variants")) {
            for (String rate : new String[]{"strict", "lenient", "harmony_non_strict", "rescued_with_loss"}) {
                assertThat(v.path(rate).has("rate")).as(v.path("name") + " " + rate).isFalse();
            }
            assertThat(v.path("bfcl").has("accuracy_entries_run")).isFalse();
            assertThat(v.path("bfcl").path("not_scored").asInt()).isEqualTo(5);
        }
        for (String f : new String[]{"summary.csv", "failure_modes.csv", "depth.csv", "turns.csv"}) {
            for (CSVRecord r : ReportRecompute.csv(dir.resolve(f))) {
                for (String h : r.getParser().getHeaderNames()) {
                    if (h.contains("rate") || h.startsWith("bfcl_") && !h.endsWith("scored") && !h.endsWith("correct")
                            && !h.endsWith("total")) {
                        assertThat(r.get(h)).as(f + " " + h).isEmpty();
                    }
                }
            }
        }
        assertThat(ReportRecompute.csv(dir.resolve("turns.csv")))
                .allSatisfy(r -> assertThat(r.get("not_judged_cause")).isEqualTo("connection_refused"));
        ReportRecompute.assertReportsAgree(dir);
    }
}
