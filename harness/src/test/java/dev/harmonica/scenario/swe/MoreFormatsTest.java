package dev.harmonica.scenario.swe;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harmonica.scenario.swe.SweScenario.ActionStyle;
import dev.harmonica.tools.RecordedObservations;
import dev.harmonica.turn.ActionScore;
import dev.harmonica.turn.ActionScorer;
import dev.harmonica.turn.JsonCanonical;
import dev.harmonica.turn.ModelAction;
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
    void miniV1SavedTrajectory_actionRegexFromTheAgentConfig() {
        // mini-swe-agent 1.x save_traj: action_regex lives in info.config.agent (1.17.5 agents/default.py AgentConfig);
        // a fenced reply is not an action under a <bash_code> config, and 1.x keeps it in its history
        String text = "{\"trajectory_format\":\"mini-swe-agent-1\",\"info\":{\"mini_version\":\"1.17.5\",\"config\":"
                + "{\"agent\":{\"action_regex\":\"<bash_code>(.*?)</bash_code>\"},\"model\":{\"model_name\":\"m\"}}},"
                + "\"messages\":[{\"role\":\"system\",\"content\":\"sys\"},{\"role\":\"user\",\"content\":\"task\"},"
                + "{\"role\":\"assistant\",\"content\":\"T.\\n<bash_code>ls</bash_code>\"},{\"role\":\"user\",\"content\":\"a.py\"},"
                + "{\"role\":\"assistant\",\"content\":\"T.\\n```bash\\npwd\\n```\"},{\"role\":\"user\",\"content\":\"Format!\"}]}";
        TrajectoryImporter.ImportResult r = TrajectoryImporter.importText("v1.json", "v1", text, null);
        SweScenario s = r.scenarios().get(0);
        assertThat(s.actionFormat()).isEqualTo(ActionFormat.regex("<bash_code>(.*?)</bash_code>"));
        assertThat(s.steps()).extracting(st -> st.toolCalls().size()).containsExactly(1, 0);
        assertThat(s.steps()).extracting(SweScenario.Step::inHistory).containsExactly(true, true);
        assertThat(r.warnings()).noneMatch(w -> w.contains("action_regex"));
        // without any recorded regex: 1.x's fences, with a warning naming both places
        TrajectoryImporter.ImportResult bare = TrajectoryImporter.importText("v1.json", "v1",
                text.replace("\"action_regex\"", "\"x\""), null);
        assertThat(bare.scenarios().get(0).actionFormat()).isEqualTo(ActionFormat.regex(ActionFormat.MINI_V1_REGEX));
        assertThat(bare.warnings()).anyMatch(w -> w.contains("no info.config.model.action_regex or info.config.agent.action_regex"));
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

    @Test
    void sweSmithXmlFunctionCallsAndShareGptRows() {
        TrajectoryImporter.ImportResult r = TrajectoryImporter.importFile(TrajectoryImporterTest.fixture("messages_xml_sharegpt.jsonl"), null);
        assertThat(r.errors()).isEmpty();
        SweScenario smith = r.scenarios().get(0);
        assertThat(smith.id()).isEqualTo("acme__units.abc123.lm_rewrite__x1.8qa84d2e");
        assertThat(smith.actionStyle()).isEqualTo(ActionStyle.TEXT);
        assertThat(smith.toolNames()).as("XML calls name SWE-agent's tools").containsExactly("bash", "str_replace_editor", "submit");
        assertThat(smith.steps()).extracting(st -> st.toolCalls().get(0).name()).containsExactly("str_replace_editor", "str_replace_editor", "bash", "submit");
        assertThat(smith.steps().get(0).toolCalls().get(0).arguments())
                .isEqualTo("{\"command\":\"view\",\"path\":\"/testbed/units/convert.py\",\"view_range\":[1,20]}");
        assertThat(smith.steps().get(1).toolCalls().get(0).arguments()).contains("\"old_str\":\"    return v * F[b] / F[a]\"");
        assertThat(smith.steps().get(3).toolCalls().get(0).arguments()).isEqualTo("{}");
        assertThat(r.warnings()).noneMatch(w -> w.contains(smith.id()) && w.contains("does not match its schema"));
        // a model answering in the same XML style is scored against the recording
        ActionScore score = new ActionScorer(smith).score(0,
                ModelAction.of("<function=str_replace_editor>\n<parameter=command>view</parameter>\n"
                        + "<parameter=path>/testbed/units/convert.py</parameter>\n<parameter=view_range>[1,20]</parameter>\n</function>"));
        assertThat(score.actionFromText()).isTrue();
        assertThat(score.level()).isEqualTo(ActionScore.Agreement.EXACT);

        SweScenario sg = r.scenarios().get(1);
        assertThat(sg.id()).isEqualTo("sg-1");
        assertThat(sg.promptMessages()).extracting(m -> m.get("role").asText()).containsExactly("system", "user");
        assertThat(sg.steps()).hasSize(2);
        assertThat(sg.steps().get(0).observations()).containsExactly("a.py");
        assertThat(sg.toolNames()).containsExactly("bash");
    }
}
