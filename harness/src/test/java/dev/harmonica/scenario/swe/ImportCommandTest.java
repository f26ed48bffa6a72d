package dev.harmonica.scenario.swe;

import dev.harmonica.cli.Main;
import dev.harmonica.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code harmonica import} end to end through {@link Main#run}. */
class ImportCommandTest {
    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void convertsAllSharedFilesWithDetection(@TempDir Path dir) {
        Path a = SharedData.require("swe/sweagent__test_data__6e44b9__sweagenttestrepo-1c2844.traj");
        Path b = SharedData.require("swe/mini-swe-agent_v1_textbased__tests_test_data_local.traj.json");
        Path c = SharedData.require("swe/openhands__tests_runtime_trajs__wrong_initial_state.json");
        Path out = dir.resolve("sub/scenarios.jsonl");
        Run r = run("import", a.toString(), b.toString(), c.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains(a + ": detected format sweagent: 1 scenario(s), 5 steps, 5 actions, 5 observations")
                .contains(b + ": detected format mini-v1: 1 scenario(s), 2 steps, 2 actions, 1 observations")
                .contains(c + ": detected format openhands: 1 scenario(s), 4 steps, 4 actions, 3 observations")
                .contains("harmonica import: 3 scenario(s) from 3 of 3 file(s) written to " + out);
        List<SweScenario> back = ScenarioJsonl.read(out);
        assertThat(back).extracting(SweScenario::sourceFormat).containsExactly("sweagent", "mini-v1", "openhands");
    }

    @Test
    void badFileFailsWithExit2OthersStillWritten(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("broken.json");
        Files.writeString(bad, "{\"trajectory_format\":\"mini-swe-agent-1.1\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"},"
                + "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"a\",\"function\":{\"arguments\":\"{}\"}}]}]}");
        Path good = TrajectoryImporterTest.fixture("openhands_parallel.json");
        Path out = dir.resolve("s.jsonl");
        Run r = run("import", bad.toString(), good.toString(), "--format", "auto", "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("harmonica import: error: " + bad + ": step 0: message 1: tool_calls[0]: missing field 'function.name'")
                .contains("1 scenario(s) from 1 of 2 file(s)")
                .contains("harmonica import: 1 file(s) failed: " + bad)
                .doesNotContain("internal error");
        assertThat(ScenarioJsonl.read(out)).hasSize(1);

        Files.writeString(bad, "{\"foo\": 1}");
        Run undetectable = run("import", bad.toString(), "--out", out.toString());
        assertThat(undetectable.code()).isEqualTo(2);
        assertThat(undetectable.err()).contains(bad + ": cannot detect the trajectory format");
    }

    @Test
    void badRowsInJsonLinesNameTheLine(@TempDir Path dir) {
        Path out = dir.resolve("s.jsonl");
        Path f = TrajectoryImporterTest.fixture("messages_bad_row.jsonl");
        Run r = run("import", f.toString(), "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(f + ": line 2: step 2: message 6: tool_calls[0]: missing field 'function.name'")
                .contains(f + ": line 3: invalid JSON");
        assertThat(ScenarioJsonl.read(out)).hasSize(1);
    }

    @Test
    void stdoutByDefaultAndUnknownFormat() {
        Run r = run("import", TrajectoryImporterTest.fixture("mini_v2_text.traj.json").toString());
        assertThat(r.code()).isZero();
        assertThat(r.out().lines()).hasSize(1).allMatch(l -> l.startsWith("{\"id\":\"mini_v2_text\""));
        Run bad = run("import", "x.json", "--format", "swe");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--format 'swe': unknown format (expected auto|sweagent|mini-v1|mini-v2|openhands|openhands-v1|messages)");
    }

    @Test
    void duplicateIdsAcrossFilesAreRejected(@TempDir Path dir) {
        Path f = TrajectoryImporterTest.fixture("mini_v2_toolcall.traj.json");
        Run r = run("import", f.toString(), f.toString(), "--out", dir.resolve("o.jsonl").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("scenario id 'acme__wordcount-17' already imported from " + f);
    }

    @Test
    void missingFile(@TempDir Path dir) {
        Run r = run("import", dir.resolve("nope.traj").toString(), "--out", dir.resolve("o.jsonl").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("nope.traj: cannot read file");
    }
}
