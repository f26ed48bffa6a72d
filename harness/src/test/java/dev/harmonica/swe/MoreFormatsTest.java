package dev.harmonica.swe;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harmonica.swe.SweScenario.ActionStyle;
import dev.harmonica.swe.replay.JsonCanonical;
import dev.harmonica.swe.replay.RecordedObservations;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Smaller format variants: Responses-API items, SWE-agent thought_action, content parts; helpers. */
class MoreFormatsTest {

    @Test
    void miniV2ResponsesApiFlavour_functionCallItemsPairedByCallId() {
        // litellm_response_toolcall (§2.2): calls are function_call items, results function_call_output items
        String text = "{\"trajectory_format\":\"mini-swe-agent-1.1\",\"info\":{\"exit_status\":\"Submitted\"},\"messages\":["
                + "{\"role\":\"system\",\"content\":\"sys\"},{\"role\":\"user\",\"content\":\"task\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"Two commands.\"}]},"
                + "{\"type\":\"function_call\",\"call_id\":\"fc1\",\"name\":\"bash\",\"arguments\":\"{\\\"command\\\":\\\"ls\\\"}\"},"
                + "{\"type\":\"function_call\",\"call_id\":\"fc2\",\"name\":\"bash\",\"arguments\":\"{\\\"command\\\":\\\"pwd\\\"}\"},"
                + "{\"type\":\"function_call_output\",\"call_id\":\"fc2\",\"output\":\"/repo\"},"
                + "{\"type\":\"function_call_output\",\"call_id\":\"fc1\",\"output\":\"a.py\"},"
                + "{\"role\":\"exit\",\"content\":\"\",\"extra\":{\"exit_status\":\"Submitted\"}}]}";
        SweScenario s = TrajectoryImporter.importText("r.json", "r", text, null).scenarios().get(0);
        assertThat(s.actionStyle()).isEqualTo(ActionStyle.TOOL_CALLS);
        assertThat(s.steps()).hasSize(1);
        assertThat(s.steps().get(0).assistantText()).isEqualTo("Two commands.");
        assertThat(s.steps().get(0).toolCalls()).extracting(SweScenario.ToolCall::id).containsExactly("fc1", "fc2");
        assertThat(s.steps().get(0).observations()).containsExactly("a.py", "/repo");
    }

    @Test
    void sweAgentThoughtAction_textModeFromActionField() {
        String text = "{\"environment\":\"main\",\"replay_config\":\"{\\\"agent\\\":{\\\"tools\\\":{\\\"parse_function\\\":{\\\"type\\\":\\\"thought_action\\\"}}}}\","
                + "\"trajectory\":[{\"action\":\"ls\",\"observation\":\"a.py\",\"response\":\"r\",\"thought\":\"t\"},"
                + "{\"action\":\"submit\",\"observation\":\"diff\",\"response\":\"Done.\\n```\\nsubmit\\n```\",\"thought\":\"Done.\"}],"
                + "\"history\":[{\"role\":\"system\",\"content\":\"sys\"},{\"role\":\"user\",\"content\":\"issue\"},"
                + "{\"role\":\"assistant\",\"content\":\"Look.\\n```\\nls\\n```\",\"thought\":\"Look.\",\"action\":\"ls\\n\"},"
                + "{\"role\":\"user\",\"content\":\"a.py\"}],\"info\":{\"exit_status\":\"submitted\"}}";
        TrajectoryImporter.ImportResult r = TrajectoryImporter.importText("t.traj", "t", text, null);
        SweScenario s = r.scenarios().get(0);
        assertThat(r.format()).isEqualTo(SweFormat.SWEAGENT);
        assertThat(s.actionStyle()).isEqualTo(ActionStyle.TEXT);
        assertThat(s.toolNames()).containsExactly("bash");
        assertThat(s.steps()).hasSize(2);
        assertThat(s.steps().get(0).toolCalls().get(0).arguments()).isEqualTo("{\"command\":\"ls\"}");
        assertThat(s.steps().get(0).observations()).containsExactly("a.py");
        assertThat(s.steps().get(1).toolCalls().get(0).arguments()).isEqualTo("{\"command\":\"submit\"}");
        assertThat(s.steps().get(1).observations()).containsExactly("diff");
    }

    @Test
    void recordedObservationsBackendReplaysInOrderAndNeverExecutes() {
        SweScenario s = TrajectoryImporter.importFile(TrajectoryImporterTest.fixture("mini_v2_toolcall.traj.json"), null).scenarios().get(0);
        RecordedObservations backend = new RecordedObservations(s, 0);
        assertThat(backend.execute("bash", "{\"command\":\"rm -rf /\"}")).contains("total 16");
        assertThat(backend.execute("bash", "{}")).contains("def main(argv)");
        assertThat(backend.execute("bash", "{}")).isEqualTo(RecordedObservations.NO_RECORDING);
        assertThat(new RecordedObservations(s, 1).execute("bash", "{}")).as("format-error step: no call results")
                .isEqualTo(RecordedObservations.NO_RECORDING);
    }

    @Test
    void jsonCanonicalForm() throws Exception {
        ObjectMapper m = new ObjectMapper();
        assertThat(JsonCanonical.of(m.readTree("{\"b\":1.0,\"a\":[1e0,\" x \"]}"), false)).isEqualTo("{\"a\":[1,\" x \"],\"b\":1}");
        assertThat(JsonCanonical.of(m.readTree("{\"b\":1.0,\"a\":[1e0,\" x \"]}"), true)).isEqualTo("{\"a\":[1,\"x\"],\"b\":1}");
        assertThat(JsonCanonical.equal(m.readTree("{\"a\":0.0}"), m.readTree("{\"a\":-0}"), false)).isTrue();
        assertThat(JsonCanonical.equal(m.readTree("{\"a\":\"1\"}"), m.readTree("{\"a\":1}"), true)).isFalse();
        assertThat(JsonCanonical.equal(m.readTree("[1,2]"), m.readTree("[2,1]"), false)).isFalse();
    }
}
