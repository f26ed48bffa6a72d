package dev.harmonica.scenario.swe;

import dev.harmonica.scenario.swe.SweScenario.ActionStyle;
import dev.harmonica.scenario.swe.SweScenario.Step;
import dev.harmonica.scenario.swe.SweScenario.ToolCall;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Hand-written fixtures in published row shapes (test resources swe/): nebius SWE-agent-trajectories (dataset card
 * {@code dataset_info}), CoderForge-style JSON-text columns ({@code messages}, {@code tools} of dtype string), and an
 * OpenHands V1 SDK event log with every event kind the importer reads. Counts taken by reading the fixtures.
 */
class RowAndEventShapesTest {

    @Test
    void nebiusRow_systemPromptFieldAndLastFence() {
        TrajectoryImporter.ImportResult r = TrajectoryImporter.importFile(TrajectoryImporterTest.fixture("dataset_rows_json_text.jsonl"), null);
        assertThat(r.format()).isEqualTo(SweFormat.MESSAGES);
        assertThat(r.errors()).isEmpty();
        SweScenario s = r.scenarios().get(0);
        assertThat(s.id()).isEqualTo("acme__units-42");
        assertThat(s.promptMessages()).extracting(m -> m.get("content").asText())
                .first().asString().startsWith("SETTING: You are an autonomous programmer");
        PublishedFormatsTest.shape(s, 3, 3, 2);
        assertThat(s.actionFormat()).isEqualTo(ActionFormat.FENCE_LAST);
        assertThat(s.steps()).extracting(st -> st.toolCalls().get(0).arguments()).containsExactly(
                "{\"command\":\"search_dir \\\"def to_celsius\\\"\"}", "{\"command\":\"open units/temp.py\"}",
                "{\"command\":\"submit\"}");
        assertThat(s.meta()).containsEntry("target", "true").containsEntry("exit_status", "submitted");
    }

    @Test
    void coderForgeRow_jsonTextColumnsParallelCallsAndAMessageOnlyStep() {
        SweScenario s = TrajectoryImporter.importFile(TrajectoryImporterTest.fixture("dataset_rows_json_text.jsonl"), null)
                .scenarios().get(1);
        assertThat(s.id()).isEqualTo("acme__acme-7_run2");
        assertThat(s.toolNames()).containsExactly("execute_bash", "finish");
        PublishedFormatsTest.shape(s, 3, 3, 3);
        assertThat(s.steps().get(0).toolCalls()).extracting(ToolCall::id).containsExactly("c1", "c2");
        assertThat(s.steps().get(0).observations()).containsExactly("setup.py\nacme", "On branch main");
        Step message = s.steps().get(1);
        assertThat(message.messageOnly()).isTrue();
        assertThat(message.observations()).containsExactly("Please continue.");
    }

    @Test
    void openHandsV1_systemPromptUserMessageParallelActionsErrorsAndAFinalMessage() {
        TrajectoryImporter.ImportResult r = TrajectoryImporter.importFile(TrajectoryImporterTest.fixture("openhands_v1_events.jsonl"), null);
        assertThat(r.format()).isEqualTo(SweFormat.OPENHANDS_V1);
        SweScenario s = r.scenarios().get(0);
        assertThat(s.promptMessages()).extracting(m -> m.get("role").asText() + ":" + m.get("content").asText())
                .containsExactly("system:You are OpenHands agent.", "user:Rename a.txt to b.txt");
        // steps: r1 (t1, t2), r2 (t3), r3 (t4, an unknown tool), the agent's closing message
        PublishedFormatsTest.shape(s, 4, 4, 4);
        assertThat(s.actionStyle()).isEqualTo(ActionStyle.TOOL_CALLS);
        Step first = s.steps().get(0);
        assertThat(first.assistantText()).isEqualTo("Look first.");
        assertThat(first.reasoning()).isEqualTo("I should list.");
        assertThat(first.toolCalls()).extracting(ToolCall::id).containsExactly("t1", "t2");
        assertThat(first.observations()).containsExactly("a.txt", "/workspace");
        assertThat(s.steps().get(1).observations()).containsExactly("[An error occurred during execution.]\n\nmv: permission denied");
        assertThat(s.steps().get(2).observations()).singleElement().asString().startsWith("Tool 'file_editr' not found");
        assertThat(s.steps().get(3).messageOnly()).isTrue();
        assertThat(s.steps().get(3).assistantText()).isEqualTo("I cannot rename it: permission denied.");
        assertThat(s.toolNames()).containsExactly("terminal", "file_editr");
        assertThat(r.warnings()).anyMatch(w -> w.contains("tool 'terminal' is called but not declared"));
    }

    @Test
    void sweAgentTrajectoryEntryMissingFromHistoryDoesNotDuplicateTheFinalSubmit() {
        // history holds ls and submit; trajectory holds ls, a step history lacks, and submit: nothing is appended
        String text = "{\"trajectory\":[{\"action\":\"ls\\n\",\"observation\":\"a.py\",\"response\":\"```\\nls\\n```\"},"
                + "{\"action\":\"cat a.py\",\"observation\":\"x\",\"response\":\"```\\ncat a.py\\n```\"},"
                + "{\"action\":\"submit\\n\",\"observation\":\"diff\",\"response\":\"```\\nsubmit\\n```\"}],"
                + "\"history\":[{\"role\":\"system\",\"content\":\"sys\"},{\"role\":\"user\",\"content\":\"issue\"},"
                + "{\"role\":\"assistant\",\"content\":\"```\\nls\\n```\",\"action\":\"ls\\n\"},{\"role\":\"user\",\"content\":\"a.py\"},"
                + "{\"role\":\"assistant\",\"content\":\"```\\nsubmit\\n```\",\"action\":\"submit\\n\"}],\"info\":{}}";
        TrajectoryImporter.ImportResult r = TrajectoryImporter.importText("t.traj", "t", text, null);
        SweScenario s = r.scenarios().get(0);
        assertThat(s.steps()).extracting(st -> st.toolCalls().get(0).arguments())
                .containsExactly("{\"command\":\"ls\"}", "{\"command\":\"submit\"}");
        assertThat(r.warnings()).noneMatch(w -> w.contains("taken from 'trajectory'"));
    }

    @Test
    void miniV1RowsRecordingTrajectoryFormatReadBashFences() {
        String row = "{\"instance_id\":\"x-1\",\"trajectory_format\":\"mini-swe-agent-1\",\"messages\":["
                + "{\"role\":\"system\",\"content\":\"one bash block\"},{\"role\":\"user\",\"content\":\"task\"},"
                + "{\"role\":\"assistant\",\"content\":\"THOUGHT: look\\n\\n```bash\\nls\\n```\"},"
                + "{\"role\":\"user\",\"content\":\"Observation: a\"}]}";
        SweScenario s = TrajectoryImporter.importText("r.jsonl", "r", row + "\n" + row.replace("x-1", "x-2"), null)
                .scenarios().get(0);
        assertThat(s.actionFormat()).isEqualTo(ActionFormat.regex(ActionFormat.MINI_V1_REGEX));
        assertThat(s.steps().get(0).toolCalls().get(0).arguments()).isEqualTo("{\"command\":\"ls\"}");
    }

    @Test
    void anUnknownShapeNamesTheFieldsItSaw() {
        assertThatThrownBy(() -> TrajectoryImporter.importText("x.json", "x", "{\"foo\": 1, \"steps\": []}", null))
                .hasMessageContaining("x.json: cannot detect the trajectory format: the file holds a JSON object with fields [foo, steps]")
                .hasMessageContaining("--format");
        assertThatThrownBy(() -> TrajectoryImporter.importText("x.json", "x", "[{\"event\": 1}]", null))
                .hasMessageContaining("a JSON list whose first element is an object with fields [event]");
        TrajectoryImporter.ImportResult rows = TrajectoryImporter.importText("x.jsonl", "x",
                "{\"id\": 1, \"conversation\": \"not json\"}", SweFormat.MESSAGES);
        assertThat(rows.scenarios()).isEmpty();
        assertThat(rows.errors()).singleElement().extracting(Throwable::getMessage).asString()
                .contains("missing field 'messages'").contains("the row has fields [id, conversation]");
    }
}
