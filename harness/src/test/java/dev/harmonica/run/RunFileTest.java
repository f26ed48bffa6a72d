package dev.harmonica.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harmonica.cli.Main;
import dev.harmonica.scenario.BadInputException;
import dev.harmonica.testing.SharedData;
import dev.harmonica.turn.Driving;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunFileTest {
    @TempDir
    Path tmp;

    static final String GOOD = """
            {"run_id": "nightly-1", "scenarios": ["bfcl:datasets/bfcl", "swe:datasets/swe"], "limit": 5,
             "endpoint": {"url": "http://127.0.0.1:8000/v1", "model": "gpt-oss-20b", "api_key_env": "KEY", "concurrency": 8},
             "variants": [{"name": "a", "renderer": "harmony-v0.0.8"},
                          {"name": "b", "renderer": "pr114", "mode": "chat", "driving": "resample", "resamples": 3,
                           "sampling": {"max_tokens": 512, "temperature": 0.5, "seed": 42},
                           "tool_choice": "required", "parallel_tool_calls": false}]}
            """;

    @Test
    void aValidRunFileParsesAndRoundTripsThroughRunJson() {
        RunSpec rc = RunFile.parse(GOOD, "good.json");
        assertThat(rc.runId()).isEqualTo("nightly-1");
        assertThat(rc.scenarioSets()).containsExactly("bfcl:datasets/bfcl", "swe:datasets/swe");
        assertThat(rc.endpoint().url()).isEqualTo("http://127.0.0.1:8000/v1");
        assertThat(rc.endpoint().concurrency()).isEqualTo(8);
        Variant b = rc.variants().get(1);
        assertThat(b.mode()).isEqualTo(Variant.Mode.CHAT);
        assertThat(b.driving()).isEqualTo(Driving.RESAMPLE);
        assertThat(b.resamples()).isEqualTo(3);
        assertThat(b.sampling().seed()).isEqualTo(42L);
        assertThat(b.toolChoice().asText()).isEqualTo("required");
        assertThat(b.parallelToolCalls()).isFalse();
        assertThat(RunFile.fromJson(RunFile.toJson(rc), "run.json")).isEqualTo(rc);
        assertThat(Runner.configDigest(rc)).isEqualTo(Runner.configDigest(rc.withRunId("other")));
    }

    @Test
    void simulatorSettingsForARealServerAreAnErrorNotARecordedFiction() {
        String bad = GOOD.replace("\"concurrency\": 8}", "\"concurrency\": 8, \"sim\": {\"faults\": true}}");
        assertThatThrownBy(() -> RunFile.parse(bad, "bad.json")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("bad.json, field endpoint.sim: only applies to the in-process simulator");
        RunSpec sim = RunFile.parse(GOOD.replace("http://127.0.0.1:8000/v1", "sim"), "sim.json");
        assertThat(RunFile.toJson(sim).path("endpoint").has("sim")).isTrue();
        assertThat(RunFile.toJson(RunFile.parse(GOOD, "good.json")).path("endpoint").has("sim")).isFalse();
    }

    @Test
    void runIdsArePlainNames() {
        for (String id : List.of("..", "../x", "/abs", "a/b", "a\\b", ".hidden", "tab\there", "nl\nx", "")) {
            String json = GOOD.replace("\"nightly-1\"", new ObjectMapper().valueToTree(id).toString());
            assertThatThrownBy(() -> RunFile.parse(json, "r.json")).as(id).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("field run_id: a run id is a plain directory name");
        }
        assertThat(RunFile.parse(GOOD.replace("nightly-1", "nightly-2026-12-05_b.2"), "r.json").runId())
                .isEqualTo("nightly-2026-12-05_b.2");
    }

    @Test
    void durationsAndTheSystemMessageAreParsedOnce() {
        RunSpec rc = RunFile.parse(GOOD.replace("\"limit\": 5,", "\"limit\": 5, \"deadline\": \"1h30m\", "
                + "\"scenario_deadline\": 600, \"retry_unjudged\": 2, \"system_date\": \"2026-01-02\","), "d.json");
        assertThat(rc.deadlineSeconds()).isEqualTo(5400);
        assertThat(rc.scenarioDeadlineSeconds()).isEqualTo(600);
        assertThat(rc.retryUnjudged()).isEqualTo(2);
        assertThat(rc.systemDate()).isEqualTo("2026-01-02");
        assertThat(RunFile.fromJson(RunFile.toJson(rc), "run.json")).isEqualTo(rc);
        assertThatThrownBy(() -> RunFile.parse(GOOD.replace("\"limit\": 5,", "\"limit\": 5, \"deadline\": \"6 hours\","),
                "d.json")).hasMessageContaining("d.json, field deadline: expected a duration such as 6h");
        assertThatThrownBy(() -> RunFile.parse(GOOD.replace("\"limit\": 5,", "\"limit\": 5, \"system_date\": \"tomorrow\","),
                "d.json")).hasMessageContaining("d.json, field system_date: expected a date YYYY-MM-DD");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"variants\": [{\"name\": \"a\"}]}|field scenarios: required",
            "{\"scenarios\": [\"bfcl:x\"]}|field variants: required",
            "{\"scenarios\": [\"csv:x\"], \"variants\": [{\"name\": \"a\"}]}|field scenarios[0]: unknown scenario-set kind 'csv'",
            "{\"scenarios\": [\"bfcl:x\"], \"variants\": [{\"name\": \"a\", \"mode\": \"raw\"}]}|field variants[0].mode: expected completions, chat or chat-stream, got 'raw'",
            "{\"scenarios\": [\"bfcl:x\"], \"variants\": [{\"name\": \"a\", \"renderer\": \"v9\"}]}|field variants[0].renderer: unknown renderer 'v9'",
            "{\"scenarios\": [\"bfcl:x\"], \"variants\": [{\"name\": \"a\"}, {\"name\": \"a\"}]}|field variants[1].name: duplicate variant name 'a'",
            "{\"scenarios\": [\"bfcl:x\"], \"variants\": [{\"name\": \"a\", \"tool_choice\": \"auto\"}]}|field variants[0].tool_choice: only applies to chat modes",
            "{\"scenarios\": [\"bfcl:x\"], \"variants\": [{\"name\": \"a\", \"sampling\": {\"temp\": 1}}]}|field variants[0].sampling.temp: unknown field",
            "{\"scenarios\": [\"bfcl:x\"], \"variants\": [{\"name\": \"a\"}], \"endpoint\": {\"api_key\": \"sk-1\"}}|field endpoint.api_key: secrets do not belong in run files",
            "{\"scenarios\": [\"bfcl:x\"], \"variants\": [{\"name\": \"a\"}], \"endpoint\": {\"concurrency\": 0}}|field endpoint.concurrency: expected 1..4096, got 0",
            "{\"scenarios\": [\"bfcl:x\"], \"variants\": [{\"name\": \"a\"}], \"step_limit\": \"20\"}|field step_limit: expected an integer",
            "{\"scenarios\": [\"bfcl:x\"], \"variants\": [{\"name\": \"a\"}], \"endpoint\": {\"url\": \"ftp://x\"}}|field endpoint.url: expected \"sim\" or an http(s) base URL",
            "{\"scenarios\": [\"bfcl:x\"], \"variants\": [}|run.json, line 1, column",
            "[1, 2]|expected a JSON object at the top level"})
    void badRunFilesNameTheFileAndTheField(String json, String message) {
        assertThatThrownBy(() -> RunFile.parse(json, "run.json"))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("run file run.json")
                .hasMessageContaining(message);
    }

    static int cli(StringWriter out, StringWriter err, String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void theCliExitsWith2OnABadRunFileOrAMissingDataset() throws Exception {
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\"scenarios\": [\"bfcl:x\"], \"variants\": [{\"name\": \"a\", \"mode\": \"raw\"}]}");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(cli(out, err, "run", bad.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("run file " + bad + ", field variants[0].mode");

        err = new StringWriter();
        assertThat(cli(out, err, "run", "--scenarios", "bfcl:no/such/dir", "--datasets", tmp.toString(), "--quiet",
                "--out", tmp.resolve("o").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("scenario set 'bfcl:no/such/dir'").contains("does not exist");

        err = new StringWriter();
        assertThat(cli(out, err, "run", "--datasets", tmp.toString(), "--quiet")).isEqualTo(2);
        assertThat(err.toString()).contains("no bundled datasets under " + tmp).contains("--datasets DIR");

        err = new StringWriter();
        assertThat(cli(out, err, "run", "--shard", "3/2", "--quiet")).isEqualTo(2);
        assertThat(err.toString()).contains("--shard");
    }

    @Test
    void runWithNoArgumentsPlaysTheBundledDatasetsAndBuildsTheReports() throws Exception {
        Path root = SharedData.projectRoot();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(root.resolve("datasets/bfcl")));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path dir = tmp.resolve("main-job");
        int code = cli(out, err, "run", "--datasets", root.toString(), "--out", dir.toString(), "--quiet");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("report: " + dir.resolve("index.html")).containsPattern("(harmony-v0.0.8 vs pr114|pr114 vs harmony-v0.0.8)");
        assertThat(dir.resolve("index.html")).exists();
        var runJson = RunnerTest.read(dir.resolve(Runner.RUN_JSON));
        assertThat(runJson.path("simulator").asBoolean()).isTrue();
        assertThat(runJson.path("config").path("endpoint").path("sim").path("faults").asBoolean()).isTrue();
        assertThat(runJson.path("config").path("scenarios").toString()).contains("bfcl:datasets/bfcl", "swe:datasets/swe");
        assertThat(runJson.path("datasets").get(0).path("files").get(0).path("sha256").asText()).hasSize(64);
        // resuming a finished run plays nothing
        StringWriter out2 = new StringWriter();
        assertThat(cli(out2, err, "run", "--resume", dir.toString(), "--quiet", "--no-report")).isZero();
        assertThat(out2.toString()).contains("0 scenario x variant(s) played");
    }
}
