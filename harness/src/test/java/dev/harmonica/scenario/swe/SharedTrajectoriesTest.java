package dev.harmonica.scenario.swe;

import dev.harmonica.scenario.swe.SweScenario.ActionStyle;
import dev.harmonica.scenario.swe.SweScenario.Step;
import dev.harmonica.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The three real trajectories in ../shared/data/swe (docs/swe.md), imported with format detection. */
class SharedTrajectoriesTest {

    @Test
    void sweAgentTraj_fiveStepsWithTerminalSubmitFromTrajectory() {
        Path file = SharedData.require("swe/sweagent__test_data__6e44b9__sweagenttestrepo-1c2844.traj");
        TrajectoryImporter.ImportResult r = TrajectoryImporter.importFile(file, null);
        assertThat(r.format()).isEqualTo(SweFormat.SWEAGENT);
        assertThat(r.autoDetected()).isTrue();
        assertThat(r.errors()).isEmpty();
        SweScenario s = r.scenarios().get(0);
        assertThat(s.id()).isEqualTo("sweagent__test_data__6e44b9__sweagenttestrepo-1c2844");
        assertThat(s.actionStyle()).isEqualTo(ActionStyle.TOOL_CALLS);
        // system + issue before the first action; 4 history pairs + the trajectory-only submit
        assertThat(s.promptMessages()).extracting(m -> m.get("role").asText()).containsExactly("system", "user");
        assertThat(s.promptMessages().get(1).get("content").asText()).contains("SyntaxError: invalid syntax");
        assertThat(s.steps()).hasSize(5);
        assertThat(s.actionCount()).isEqualTo(5);
        assertThat(s.observationCount()).isEqualTo(5);
        assertThat(s.steps()).extracting(st -> st.toolCalls().get(0).name())
                .containsExactly("find_file", "open", "edit", "bash", "submit");
        assertThat(s.steps().get(0).toolCalls().get(0).id()).isEqualTo("call_fJuazlMUN5fQDQ73G6XSpYpx");
        assertThat(s.steps().get(0).toolCalls().get(0).arguments()).isEqualTo("{\"file_name\":\"missing_colon.py\"}");
        assertThat(s.steps().get(1).observations().get(0)).contains("\r\n").contains("4:def division(a: float, b: float) -> float\r\n");
        Step submit = s.steps().get(4);
        assertThat(submit.toolCalls().get(0).arguments()).isEqualTo("{}");
        assertThat(submit.observations().get(0)).contains("+def division(a: float, b: float) -> float:");
        assertThat(submit.assistantText()).startsWith("The script `missing_colon.py` ran successfully");
        // tools come from replay_config.agent.tools.command_docs, not a constant
        assertThat(s.toolNames()).containsExactly("bash", "goto", "open", "create", "scroll_up", "scroll_down",
                "find_file", "search_dir", "search_file", "edit", "insert", "submit");
        assertThat(s.toolParameters("open").get("required").toString()).isEqualTo("[\"path\"]");
        assertThat(s.toolParameters("open").get("properties").get("line_number").get("type").asText()).isEqualTo("integer");
        assertThat(s.toolParameters("edit").get("properties").get("replace-all").get("type").asText()).isEqualTo("boolean");
        assertThat(s.meta()).containsEntry("exit_status", "submitted").containsEntry("model", "gpt-4o");
        // every recorded call validates against the schema read from the trajectory
        assertThat(r.warnings()).noneMatch(w -> w.contains("does not match its schema"));
        assertThat(r.warnings()).anyMatch(w -> w.contains("step 4: taken from 'trajectory'"));
    }

    @Test
    void miniSweAgentV1_textModeTwoStepsTrailingEmptyUserDropped() {
        Path file = SharedData.require("swe/mini-swe-agent_v1_textbased__tests_test_data_local.traj.json");
        TrajectoryImporter.ImportResult r = TrajectoryImporter.importFile(file, null);
        assertThat(r.format()).isEqualTo(SweFormat.MINI_V1);
        SweScenario s = r.scenarios().get(0);
        assertThat(s.id()).isEqualTo("mini-swe-agent_v1_textbased__tests_test_data_local");
        assertThat(s.actionStyle()).isEqualTo(ActionStyle.TEXT);
        assertThat(s.promptMessages()).extracting(m -> m.get("role").asText()).containsExactly("system", "user");
        assertThat(s.promptMessages().get(1).get("content").asText()).startsWith("Please solve this issue: Blah blah blah");
        assertThat(s.steps()).hasSize(2);
        assertThat(s.actionCount()).isEqualTo(2);
        assertThat(s.observationCount()).isEqualTo(1);
        assertThat(s.steps().get(0).toolCalls().get(0).arguments()).isEqualTo("{\"command\":\"echo 'hello world'\"}");
        assertThat(s.steps().get(0).observations()).containsExactly("<returncode>0</returncode>\n<output>\nhello world\n</output>");
        assertThat(s.steps().get(1).toolCalls().get(0).arguments()).contains("echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT");
        assertThat(s.steps().get(1).observations()).isEmpty();
        assertThat(s.steps().get(0).assistantText()).isEqualTo("Here be some dummy command:\n\n```mswea_bash_command\necho 'hello world'\n```");
        assertThat(s.toolNames()).containsExactly("bash");
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void openHands_fourStepsPairedThroughCause() {
        Path file = SharedData.require("swe/openhands__tests_runtime_trajs__wrong_initial_state.json");
        TrajectoryImporter.ImportResult r = TrajectoryImporter.importFile(file, null);
        assertThat(r.format()).isEqualTo(SweFormat.OPENHANDS);
        SweScenario s = r.scenarios().get(0);
        assertThat(s.promptMessages()).hasSize(1);
        assertThat(s.promptMessages().get(0).get("content").asText()).isEqualTo("Please rename game_2048.py to 2048.py");
        assertThat(s.steps()).hasSize(4);
        assertThat(s.actionCount()).isEqualTo(4);
        assertThat(s.observationCount()).isEqualTo(3);
        assertThat(s.steps()).extracting(st -> st.toolCalls().get(0).name())
                .containsExactly("str_replace_editor", "execute_bash", "str_replace_editor", "finish");
        assertThat(s.steps()).extracting(st -> st.toolCalls().get(0).id()).containsExactly(
                "toolu_01USom24cuiyvAembLhEryrn", "toolu_01PuY3mXrE6fm3j52GscR4rj", "toolu_01DodVjoeVmEY3gU5ALbqmGj",
                "toolu_01G98EmHEC8HgktRjJBYXqEa");
        assertThat(s.steps().get(1).toolCalls().get(0).arguments())
                .isEqualTo("{\"command\": \"mv /workspace/game_2048.py /workspace/2048.py\", \"is_input\": \"false\"}");
        assertThat(s.steps().get(1).assistantText()).isEqualTo("Great, I found the file. Now I'll use the bash command `mv` to rename it.");
        // the run observation is what the agent saw: content + the metadata suffix
        assertThat(s.steps().get(1).observations()).containsExactly("\n[The command completed with exit code 0.]");
        assertThat(s.steps().get(2).observations().get(0)).endsWith("/workspace/2048.py");
        assertThat(s.steps().get(3).observations()).isEmpty();
        assertThat(s.toolNames()).containsExactly("execute_bash", "str_replace_editor", "finish", "think");
        assertThat(r.warnings()).isEmpty();
    }
}
