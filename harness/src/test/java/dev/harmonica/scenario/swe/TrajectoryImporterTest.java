package dev.harmonica.scenario.swe;

import dev.harmonica.scenario.swe.SweScenario.ActionStyle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Importers on fixtures we wrote to the published schemas (test resources swe/). */
class TrajectoryImporterTest {

    static Path fixture(String name) {
        try {
            return Path.of(TrajectoryImporterTest.class.getResource("/swe/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void miniV2_toolCalls_parallelCallsPairedByIdFormatErrorAndExitDropped() {
        TrajectoryImporter.ImportResult r = TrajectoryImporter.importFile(fixture("mini_v2_toolcall.traj.json"), null);
        assertThat(r.format()).isEqualTo(SweFormat.MINI_V2);
        SweScenario s = r.scenarios().get(0);
        assertThat(s.id()).isEqualTo("acme__wordcount-17");
        assertThat(s.actionStyle()).isEqualTo(ActionStyle.TOOL_CALLS);
        assertThat(s.steps()).hasSize(4);
        assertThat(s.actionCount()).isEqualTo(4);
        assertThat(s.observationCount()).isEqualTo(4);
        // two calls in one turn; the tool messages came back in the other order and are paired by tool_call_id
        assertThat(s.steps().get(0).toolCalls()).extracting(SweScenario.ToolCall::id).containsExactly("call_a1", "call_a2");
        assertThat(s.steps().get(0).observations().get(0)).contains("total 16");
        assertThat(s.steps().get(0).observations().get(1)).contains("def main(argv)");
        // a turn without a call and its FormatError message
        assertThat(s.steps().get(1).toolCalls()).isEmpty();
        assertThat(s.steps().get(1).observations()).containsExactly(
                "No tool calls found in the response. Every response MUST include at least one tool call.");
        // the 'exit' message is not a step and not an observation
        assertThat(s.steps().get(3).observations()).isEmpty();
        assertThat(s.meta()).containsEntry("exit_status", "Submitted").containsEntry("model", "openai/gpt-oss-120b");
        assertThat(s.toolNames()).containsExactly("bash");
        assertThat(r.warnings()).noneMatch(w -> w.contains("paired by position"));
    }

    @Test
    void miniV2_textMode_fencedActionsAndAmbiguousTurn() {
        TrajectoryImporter.ImportResult r = TrajectoryImporter.importFile(fixture("mini_v2_text.traj.json"), SweFormat.MINI_V2);
        assertThat(r.autoDetected()).isFalse();
        SweScenario s = r.scenarios().get(0);
        assertThat(s.id()).isEqualTo("mini_v2_text");
        assertThat(s.actionStyle()).isEqualTo(ActionStyle.TEXT);
        assertThat(s.steps()).hasSize(4);
        assertThat(s.actionCount()).isEqualTo(3);
        assertThat(s.observationCount()).isEqualTo(3);
        assertThat(s.steps().get(1).toolCalls()).as("two blocks: mini-swe-agent's 'exactly one action' rule").isEmpty();
        assertThat(s.steps().get(2).toolCalls().get(0).arguments())
                .isEqualTo("{\"command\":\"sed -i s/helo/hello/ hello.py && python hello.py\"}");
    }

    @Test
    void messagesJsonl_threeDatasetShapes() {
        TrajectoryImporter.ImportResult r = TrajectoryImporter.importFile(fixture("messages_rows.jsonl"), null);
        assertThat(r.format()).isEqualTo(SweFormat.MESSAGES);
        assertThat(r.errors()).isEmpty();
        assertThat(r.scenarios()).extracting(SweScenario::id)
                .containsExactly("rebench-acme-units-0001", "acme__slugify-3.smith.7", "messages_rows#L3");
        SweScenario oh = r.scenarios().get(0);
        assertThat(oh.steps()).hasSize(4);
        assertThat(oh.actionCount()).isEqualTo(4);
        assertThat(oh.observationCount()).isEqualTo(3);
        // the row's own tools win over any default (security_risk required here)
        assertThat(oh.toolParameters("execute_bash").get("required").toString()).isEqualTo("[\"command\",\"security_risk\"]");
        assertThat(oh.meta()).containsEntry("repo", "acme/units").containsEntry("resolved", "true");
        SweScenario smith = r.scenarios().get(1);
        assertThat(smith.actionStyle()).isEqualTo(ActionStyle.TEXT);
        assertThat(smith.steps()).extracting(st -> st.toolCalls().get(0).arguments()).containsExactly(
                "{\"command\":\"search_dir \\\"def slugify\\\"\"}", "{\"command\":\"open /repo/slug.py\"}", "{\"command\":\"submit\"}");
        SweScenario zero = r.scenarios().get(2);
        assertThat(zero.promptMessages()).hasSize(1);
        assertThat(zero.steps()).hasSize(2);
        assertThat(zero.toolNames()).as("no tools in the row: OpenHands defaults, as it calls execute_bash")
                .containsExactly("execute_bash", "str_replace_editor", "finish", "think");
    }

    @Test
    void messagesJsonl_badRowsReportedWithLineAndStepOthersKept() {
        TrajectoryImporter.ImportResult r = TrajectoryImporter.importFile(fixture("messages_bad_row.jsonl"), null);
        assertThat(r.scenarios()).hasSize(1);
        assertThat(r.errors()).hasSize(2);
        assertThat(r.errors().get(0).getMessage()).isEqualTo(fixture("messages_bad_row.jsonl")
                + ": line 2: step 2: message 6: tool_calls[0]: missing field 'function.name'");
        assertThat(r.errors().get(0).line()).isEqualTo(2);
        assertThat(r.errors().get(0).step()).isEqualTo(2);
        assertThat(r.errors().get(1).getMessage()).contains(": line 3: invalid JSON:");
    }

    @Test
    void sweAgent_mismatchedIdsPairedByPosition_defaultsWithoutReplayConfig() {
        TrajectoryImporter.ImportResult r = TrajectoryImporter.importFile(fixture("sweagent_mismatched_ids.traj"), null);
        SweScenario s = r.scenarios().get(0);
        assertThat(s.steps()).hasSize(3);
        assertThat(s.steps().get(1).observations()).containsExactly("1 def div(a, b): return a // b");
        assertThat(r.warnings()).anyMatch(w -> w.contains("step 1: tool result for id [call_X1] paired by position with call call_X2"));
        assertThat(s.toolNames()).containsExactly("bash", "str_replace_editor", "submit");
        assertThat(s.steps().get(2).toolCalls().get(0).name()).isEqualTo("submit");
    }

    @Test
    void openHands_parallelCallsOneStep_environmentAndStateEventsFiltered_toolsFromSystemEvent() {
        TrajectoryImporter.ImportResult r = TrajectoryImporter.importFile(fixture("openhands_parallel.json"), null);
        SweScenario s = r.scenarios().get(0);
        assertThat(s.promptMessages()).extracting(m -> m.get("role").asText()).containsExactly("system", "user");
        assertThat(s.steps()).hasSize(2);
        assertThat(s.steps().get(0).toolCalls()).extracting(SweScenario.ToolCall::id).containsExactly("tc1", "tc2");
        // observations arrive tc2 first; they are paired through cause -> tool_call_id
        assertThat(s.steps().get(0).observations()).containsExactly(
                "a.txt\n[The command completed with exit code 0.]", "hello\n[The command completed with exit code 0.]");
        assertThat(s.toolNames()).containsExactly("execute_bash", "finish");
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void undeclaredToolGetsInferredSchemaAndWarning() {
        String text = "{\"messages\":[{\"role\":\"user\",\"content\":\"go\"},{\"role\":\"assistant\",\"content\":\"\","
                + "\"tool_calls\":[{\"id\":\"a\",\"function\":{\"name\":\"grep_repo\",\"arguments\":\"{\\\"pattern\\\":\\\"x\\\",\\\"max\\\":3}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"a\",\"content\":\"none\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"bash\",\"parameters\":{\"type\":\"object\"}}}]}";
        TrajectoryImporter.ImportResult r = TrajectoryImporter.importText("t.json", "t", text, null);
        SweScenario s = r.scenarios().get(0);
        assertThat(s.toolNames()).containsExactly("bash", "grep_repo");
        assertThat(s.toolParameters("grep_repo").get("properties").toString())
                .isEqualTo("{\"pattern\":{\"type\":\"string\"},\"max\":{\"type\":\"integer\"}}");
        assertThat(r.warnings()).anyMatch(w -> w.contains("tool 'grep_repo' is called but not declared"));
    }

    @Test
    void recordedCallViolatingItsSchemaIsAWarning() {
        String text = "{\"messages\":[{\"role\":\"user\",\"content\":\"go\"},{\"role\":\"assistant\",\"content\":\"\","
                + "\"tool_calls\":[{\"id\":\"a\",\"function\":{\"name\":\"bash\",\"arguments\":\"{}\"}}]}]}";
        TrajectoryImporter.ImportResult r = TrajectoryImporter.importText("t.json", "t", text, null);
        assertThat(r.warnings()).anyMatch(w -> w.startsWith("t: step 0: recorded call bash does not match its schema: ")
                && w.contains("command"));
    }

    @Test
    void errorsNameFileAndProblem() {
        assertThatThrownBy(() -> TrajectoryImporter.importText("x.json", "x", "", null))
                .hasMessage("x.json: file is empty");
        assertThatThrownBy(() -> TrajectoryImporter.importText("x.json", "x", "{\"a\": [1,", null))
                .isInstanceOf(TrajectoryImportException.class).hasMessageStartingWith("x.json: line 1: invalid JSON:");
        assertThatThrownBy(() -> TrajectoryImporter.importText("x.json", "x", "{\"foo\": 1}", null))
                .hasMessageContaining("x.json: cannot detect the trajectory format").hasMessageContaining("--format");
        assertThatThrownBy(() -> TrajectoryImporter.importText("x.json", "x", "[{\"role\":\"user\",\"content\":\"hi\"}]", null))
                .hasMessage("x.json: no assistant messages: nothing to replay");
        assertThatThrownBy(() -> TrajectoryImporter.importText("x.json", "x",
                "[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"a\"},{\"role\":\"robot\",\"content\":\"b\"}]", null))
                .hasMessage("x.json: step 0: message 2: unknown role 'robot' (expected system, developer, user, assistant, tool or exit)");
        assertThatThrownBy(() -> TrajectoryImporter.importText("x.json", "x", "{\"history\": [], \"trajectory\": []}", SweFormat.SWEAGENT))
                .hasMessageContaining("x.json: missing field 'history'");
        assertThatThrownBy(() -> TrajectoryImporter.importText("x.json", "x", "{\"info\": {}}", SweFormat.MINI_V2))
                .hasMessageContaining("x.json: missing field 'messages'");
    }

    @Test
    void forcedWrongFormatFailsClearly() {
        assertThatThrownBy(() -> TrajectoryImporter.importFile(fixture("openhands_parallel.json"), SweFormat.MINI_V1))
                .isInstanceOf(TrajectoryImportException.class)
                .hasMessageContaining("missing field 'role'");
    }

    @Test
    void importIsDeterministic(@TempDir Path dir) throws IOException {
        Path a = fixture("mini_v2_toolcall.traj.json");
        String first = ScenarioJsonl.toLine(TrajectoryImporter.importFile(a, null).scenarios().get(0));
        Path copy = Files.copy(a, dir.resolve(a.getFileName()));
        String second = ScenarioJsonl.toLine(TrajectoryImporter.importFile(copy, null).scenarios().get(0));
        assertThat(second).isEqualTo(first);
    }
}
