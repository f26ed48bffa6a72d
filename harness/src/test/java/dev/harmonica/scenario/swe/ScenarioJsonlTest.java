package dev.harmonica.scenario.swe;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioJsonlTest {

    static List<SweScenario> fixtures() {
        List<SweScenario> all = new ArrayList<>();
        for (String f : List.of("mini_v2_toolcall.traj.json", "mini_v2_text.traj.json", "messages_rows.jsonl",
                "openhands_parallel.json", "sweagent_mismatched_ids.traj")) {
            all.addAll(TrajectoryImporter.importFile(TrajectoryImporterTest.fixture(f), null).scenarios());
        }
        return all;
    }

    @Test
    void roundTripIsLossless(@TempDir Path dir) throws IOException {
        List<SweScenario> all = fixtures();
        StringWriter w = new StringWriter();
        ScenarioJsonl.write(w, all);
        Path file = dir.resolve("scenarios.jsonl");
        Files.writeString(file, w.toString());
        List<SweScenario> back = ScenarioJsonl.read(file);
        assertThat(back).isEqualTo(all);
        assertThat(ScenarioJsonl.isScenarioFile(file)).isTrue();
        assertThat(ScenarioJsonl.isScenarioFile(TrajectoryImporterTest.fixture("messages_rows.jsonl"))).isFalse();
    }

    @Test
    void lineShapeIsTheContract() {
        String line = ScenarioJsonl.toLine(fixtures().get(0));
        assertThat(line).startsWith("{\"id\":\"acme__wordcount-17\",\"source_format\":\"mini-v2\",\"action_style\":\"tool_calls\","
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"bash\"");
        assertThat(line).contains("\"prompt_messages\":[{\"role\":\"system\",\"content\":");
        assertThat(line).contains("\"steps\":[{\"assistant_text\":\"Let me look at the repository layout and the CLI module.\","
                + "\"tool_calls\":[{\"id\":\"call_a1\",\"name\":\"bash\",\"arguments\":\"{\\\"command\\\": \\\"ls -la\\\"}\"}");
        assertThat(line).doesNotContain("\n");
    }

    @Test
    void badLinesNameLineAndField(@TempDir Path dir) throws IOException {
        String good = ScenarioJsonl.toLine(fixtures().get(0));
        Path f = dir.resolve("s.jsonl");
        Files.writeString(f, good + "\n\n" + good.replace("\"name\":\"bash\",\"arguments\"", "\"arguments\"") + "\n");
        assertThatThrownBy(() -> ScenarioJsonl.read(f)).isInstanceOf(TrajectoryImportException.class)
                .hasMessage(f + ": line 3: field 'steps[0].tool_calls[0].name': missing");
        Files.writeString(f, "{\"id\":\"x\",\"source_format\":\"messages\",\"tools\":[],\"prompt_messages\":[],\"steps\":[{\"tool_calls\":[],\"observations\":[1]}]}\n");
        assertThatThrownBy(() -> ScenarioJsonl.read(f)).hasMessage(f + ": line 1: step 0: field 'steps[0].observations[0]': expected a string");
        Files.writeString(f, "{\"id\":\"x\",\"source_format\":\"messages\",\"action_style\":\"smoke\",\"tools\":[],\"prompt_messages\":[],\"steps\":[]}\n");
        assertThatThrownBy(() -> ScenarioJsonl.read(f)).hasMessageContaining("field 'action_style': expected \"tool_calls\" or \"text\"");
        Files.writeString(f, "{\"id\": 3}\n");
        assertThatThrownBy(() -> ScenarioJsonl.read(f)).hasMessage(f + ": line 1: field 'id': expected a string, found NUMBER");
        Files.writeString(f, "not json\n");
        assertThatThrownBy(() -> ScenarioJsonl.read(f)).hasMessageStartingWith(f + ": line 1: invalid JSON:");
    }

    @Test
    void loadMixesScenarioFilesTrajectoriesAndFolders(@TempDir Path dir) throws IOException {
        Path jsonl = dir.resolve("a.jsonl");
        Files.writeString(jsonl, ScenarioJsonl.toLine(fixtures().get(0)) + "\n");
        Path folder = Files.createDirectory(dir.resolve("trajs"));
        Files.copy(TrajectoryImporterTest.fixture("openhands_parallel.json"), folder.resolve("b.json"));
        Files.copy(TrajectoryImporterTest.fixture("sweagent_mismatched_ids.traj"), folder.resolve("c.traj"));
        Files.writeString(folder.resolve("README.md"), "# not a trajectory\n");
        List<SweScenario> got = SweScenarios.load(List.of(jsonl, folder));
        assertThat(got).extracting(SweScenario::id).containsExactly("acme__wordcount-17", "b", "c");
        assertThatThrownBy(() -> SweScenarios.load(List.of(jsonl, jsonl))).hasMessageContaining("duplicate scenario id 'acme__wordcount-17'");
        assertThatThrownBy(() -> SweScenarios.load(List.of(dir.resolve("nope")))).hasMessageContaining("no such file or folder");
    }
}
