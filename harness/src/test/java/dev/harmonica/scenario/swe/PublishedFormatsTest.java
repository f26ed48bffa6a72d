package dev.harmonica.scenario.swe;

import dev.harmonica.scenario.swe.SweScenario.ActionStyle;
import dev.harmonica.scenario.swe.SweScenario.Step;
import dev.harmonica.scenario.swe.SweScenario.ToolCall;
import dev.harmonica.testing.SweFormats;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real files of every supported shape, in {@link SweFormats#dir()} (provenance in SOURCES.md there). The files
 * harness/src/test/python/swe_formats/build_formats.py writes with the published packages (mini-swe-agent 2.4.6 and
 * 1.17.5, openhands-sdk 1.58.2, sweagent 0.0.1) are required (skipped with a message naming the script when absent, failed on
 * CI); the SWE-agent 1.x demonstrations and the SDK repository's fixture are in no published package and are read only
 * when a shared copy holds them. Every count (steps, actions, observations) was taken by reading the file
 * independently: steps = assistant messages (+ rejected replies, + trajectory-only entries), actions = recorded calls /
 * {@code extra.actions}, observations = tool and user messages after the first step.
 */
class PublishedFormatsTest {

    /** A file build_formats.py writes. */
    static TrajectoryImporter.ImportResult load(String name) {
        return TrajectoryImporter.importFile(SweFormats.require(name), null);
    }

    /** A file only a shared copy provides. */
    static TrajectoryImporter.ImportResult loadShared(String name) {
        return TrajectoryImporter.importFile(SweFormats.optional(name), null);
    }

    static void shape(SweScenario s, int steps, int actions, int observations) {
        assertThat(s.steps()).as(s.id() + " steps").hasSize(steps);
        assertThat(s.actionCount()).as(s.id() + " actions").isEqualTo(actions);
        assertThat(s.observationCount()).as(s.id() + " observations").isEqualTo(observations);
    }

    @Test
    void sweAgentHistoryOnlyDemoIsDetected() {
        // 12 history messages: system, issue, then 5 assistant (1 call each) + 5 tool; no 'trajectory', no 'replay_config'
        TrajectoryImporter.ImportResult r = loadShared("sweagent__demo__function_calling_simple.traj");
        assertThat(r.format()).isEqualTo(SweFormat.SWEAGENT);
        assertThat(r.autoDetected()).isTrue();
        SweScenario s = r.scenarios().get(0);
        shape(s, 5, 5, 5);
        assertThat(s.actionFormat()).isEqualTo(ActionFormat.TOOL_CALLS);
        assertThat(s.steps()).extracting(st -> st.toolCalls().get(0).name())
                .containsExactly("find_file", "open", "edit", "bash", "submit");
        assertThat(s.steps().get(4).observations().get(0)).startsWith("\r\ndiff --git");
    }

    @Test
    void sweAgentFunctionCallingDemoWithReusedToolCallIds() {
        // 11 assistant messages with one call each, 11 tool messages; trajectory's 11 actions all in history
        SweScenario s = loadShared("sweagent__demo__function_calling_replace__marshmallow-1867.traj").scenarios().get(0);
        shape(s, 11, 11, 11);
        assertThat(s.steps().get(10).toolCalls().get(0).name()).isEqualTo("submit");
    }

    @Test
    void sweAgentThoughtActionDemo_lastFenceNoDuplicatedSubmit() {
        // parse_function thought_action; 11 assistant + 11 user after the issue, of which the last assistant (submit)
        // has no observation in history; the 11 trajectory entries are all in history: nothing appended
        TrajectoryImporter.ImportResult r = loadShared("sweagent__demo__thought_action__marshmallow-1867.traj");
        SweScenario s = r.scenarios().get(0);
        shape(s, 11, 11, 10);
        assertThat(s.actionStyle()).isEqualTo(ActionStyle.TEXT);
        assertThat(s.actionFormat()).isEqualTo(ActionFormat.FENCE_LAST);
        assertThat(s.steps()).filteredOn(st -> st.toolCalls().get(0).arguments().equals("{\"command\":\"submit\"}")).hasSize(1);
        assertThat(r.warnings()).noneMatch(w -> w.contains("taken from 'trajectory'"));
        // the recorded text yields the recorded action with SWE-agent's own rule
        for (Step st : s.steps()) {
            assertThat(s.actionFormat().extract(st.assistantText(), s::toolParameters).actions())
                    .extracting(ToolCall::arguments).containsExactly(st.toolCalls().get(0).arguments());
        }
    }

    @Test
    void sweAgentXmlThoughtActionDemo_commandTags() {
        SweScenario s = loadShared("sweagent__demo__xml_thought_action__marshmallow-1867.traj").scenarios().get(0);
        shape(s, 11, 11, 10);
        assertThat(s.actionFormat()).isEqualTo(ActionFormat.COMMAND_TAG_LAST);
        for (Step st : s.steps()) {
            assertThat(st.assistantText()).contains("<command>");
            assertThat(s.actionFormat().extract(st.assistantText(), s::toolParameters).actions())
                    .extracting(ToolCall::arguments).containsExactly(st.toolCalls().get(0).arguments());
        }
    }

    @Test
    void sweAgentTextDemoWithoutReplayConfig() {
        SweScenario s = loadShared("sweagent__demo__human_thought__humanevalfix-python-0.traj").scenarios().get(0);
        shape(s, 5, 5, 4);
        assertThat(s.actionFormat()).isEqualTo(ActionFormat.FENCE_LAST);
    }

    @Test
    void miniV2ToolCalling_parallelCallsAndARejectedReply() {
        // 11 messages: system, user, assistant (3 calls) + 3 tool, FormatError user (no assistant message), assistant
        // (1 call) + tool, assistant (submit call), exit
        TrajectoryImporter.ImportResult r = load("mini-swe-agent-2.4.6/mini-v2_toolcall_parallel.traj.json");
        assertThat(r.format()).isEqualTo(SweFormat.MINI_V2);
        SweScenario s = r.scenarios().get(0);
        shape(s, 4, 5, 5);
        assertThat(s.actionFormat()).isEqualTo(ActionFormat.TOOL_CALLS);
        assertThat(s.steps().get(0).toolCalls()).extracting(ToolCall::id).containsExactly("call_p1", "call_p2", "call_p3");
        assertThat(s.steps().get(0).observations()).hasSize(3).last().asString().contains("notes.txt");
        Step rejected = s.steps().get(1);
        assertThat(rejected.inHistory()).isFalse();
        assertThat(rejected.messageOnly()).isTrue();
        assertThat(rejected.assistantText()).isEqualTo("Let me think without acting.");
        assertThat(rejected.observations()).singleElement().asString().startsWith("Tool call error:");
        assertThat(s.steps().get(3).observations()).isEmpty();
        assertThat(s.meta()).containsEntry("exit_status", "Submitted").containsEntry("mini_version", "2.4.6");
    }

    @Test
    void miniV2TextFence_actionRegexFromTheRecordedConfig() {
        // system, user, assistant + obs, 2 FormatErrors (2 blocks; none), assistant + obs, assistant (submit), exit
        SweScenario s = load("mini-swe-agent-2.4.6/mini-v2_text_mswea.traj.json").scenarios().get(0);
        shape(s, 5, 3, 4);
        assertThat(s.actionFormat()).isEqualTo(ActionFormat.regex("```mswea_bash_command\\s*\\n(.*?)\\n```"));
        assertThat(s.steps()).extracting(Step::inHistory).containsExactly(true, false, false, true, true);
        assertThat(s.actionFormat().extract(s.steps().get(1).assistantText(), s::toolParameters).errors())
                .containsExactly("expected exactly 1 action, found 2");
        assertThat(s.steps().get(2).toolCalls()).isEmpty();
    }

    @Test
    void miniV2TextWithABashFenceRegex() {
        SweScenario s = load("mini-swe-agent-2.4.6/mini-v2_text_bash-regex.traj.json").scenarios().get(0);
        shape(s, 3, 2, 2);
        assertThat(s.actionFormat().pattern()).isEqualTo("```bash\\s*\\n(.*?)\\n```");
        assertThat(s.steps().get(0).toolCalls().get(0).arguments()).isEqualTo("{\"command\":\"echo hello > notes.txt\"}");
        // the rejected reply used the default fence, which this config does not read
        assertThat(s.steps().get(1).inHistory()).isFalse();
        assertThat(s.steps().get(1).assistantText()).contains("```mswea_bash_command");
    }

    @Test
    void miniV1_17DefaultConfig_rejectedRepliesStayInHistory() {
        // mini-swe-agent 1.17.5 save_traj (trajectory_format mini-swe-agent-1): system, user, then 5 assistant messages
        // each answered by a user message: observation, 2 format errors (two blocks; none), observation, the submission
        TrajectoryImporter.ImportResult r = load("mini-swe-agent-1.17.5/mini-v1_default.traj.json");
        assertThat(r.format()).isEqualTo(SweFormat.MINI_V2);
        SweScenario s = r.scenarios().get(0);
        assertThat(s.id()).isEqualTo("mini-v1_default");
        shape(s, 5, 3, 5);
        assertThat(s.actionFormat()).as("1.x records action_regex in info.config.agent")
                .isEqualTo(ActionFormat.regex("```bash\\s*\\n(.*?)\\n```"));
        assertThat(r.warnings()).noneMatch(w -> w.contains("action_regex recorded"));
        assertThat(s.steps()).extracting(Step::inHistory).containsOnly(true);
        assertThat(s.steps()).extracting(st -> st.toolCalls().size()).containsExactly(1, 0, 0, 1, 1);
        assertThat(s.actionFormat().extract(s.steps().get(1).assistantText(), s::toolParameters).errors())
                .containsExactly("expected exactly 1 action, found 2");
        assertThat(s.steps().get(1).observations()).singleElement().asString()
                .startsWith("Please always provide EXACTLY ONE action in triple backticks, found 2");
        assertThat(s.meta()).containsEntry("mini_version", "1.17.5").containsEntry("exit_status", "Submitted");
    }

    @Test
    void miniV1_17SweBenchXmlConfig_agentActionRegex() {
        // config extra/swebench_xml.yaml: <bash_code> tags; the fenced reply is not this config's syntax (rejected)
        SweScenario s = load("mini-swe-agent-1.17.5/mini-v1_swebench_xml.traj.json").scenarios().get(0);
        shape(s, 4, 3, 4);
        assertThat(s.actionFormat()).isEqualTo(ActionFormat.regex("<bash_code>(.*?)</bash_code>"));
        assertThat(s.steps()).extracting(st -> st.toolCalls().size()).containsExactly(1, 0, 1, 1);
        assertThat(s.steps().get(0).toolCalls().get(0).arguments()).isEqualTo("{\"command\":\"printf 'hello\\\\n' > notes.txt\"}");
        assertThat(s.steps().get(1).assistantText()).contains("```bash\nls\n```");
        assertThat(s.steps().get(1).observations()).singleElement().asString()
                .startsWith("Please always provide EXACTLY ONE action in the `<bash_code>` block");
    }

    @Test
    void miniV2SweBenchXmlConfig_tagActions() {
        // system, user, assistant + obs, FormatError (unclosed tag), assistant + obs, assistant (submit), exit
        SweScenario s = load("mini-swe-agent-2.4.6/mini-v2_swebench_xml.traj.json").scenarios().get(0);
        shape(s, 4, 3, 3);
        assertThat(s.actionFormat()).isEqualTo(ActionFormat.regex("<mswea_bash_command>(.*?)</mswea_bash_command>"));
        assertThat(s.steps().get(0).toolCalls().get(0).arguments()).isEqualTo("{\"command\":\"printf 'hello\\\\n' > notes.txt\"}");
        assertThat(s.actionFormat().extract(s.steps().get(1).assistantText(), s::toolParameters).errors()).singleElement()
                .asString().startsWith("malformed action: '<mswea_bash_command>'");
    }

    @Test
    void openHandsV1SdkEventLog_partialFixture() {
        // 10 events: 6 state updates, 2 ActionEvents (distinct llm_response_id), 3 ObservationEvents of which one
        // answers an action that is not in the file; no SystemPromptEvent or user MessageEvent
        TrajectoryImporter.ImportResult r = loadShared("openhands-sdk__tests_goal_fixtures__events.jsonl");
        assertThat(r.format()).isEqualTo(SweFormat.OPENHANDS_V1);
        SweScenario s = r.scenarios().get(0);
        shape(s, 2, 2, 3);
        assertThat(s.steps().get(0).toolCalls().get(0).name()).isEqualTo("terminal");
        assertThat(s.steps().get(0).observations().get(0)).startsWith(OpenHandsFormat.ERROR_HEADER + "\nCannot execute multiple commands");
        assertThat(s.steps().get(0).reasoning()).startsWith("Let me analyze the task.");
        assertThat(r.warnings()).anyMatch(w -> w.contains("no prompt"))
                .anyMatch(w -> w.contains("chatcmpl-tool-9051d3d10f914188") && w.contains("kept as an extra observation"));
    }

    @Test
    void sweAgent0xThoughtActionFromThePublishedPackage() {
        // sweagent 0.0.1's Agent + ReplayModel: history = system, issue, 4 x (assistant with thought/action + user
        // observation) less the observation of submit; the reply without a fenced block was asked again off the record
        TrajectoryImporter.ImportResult r = load("sweagent-0.0.1_thought_action.traj");
        assertThat(r.format()).isEqualTo(SweFormat.SWEAGENT);
        assertThat(r.autoDetected()).isTrue();
        SweScenario s = r.scenarios().get(0);
        shape(s, 4, 4, 3);
        assertThat(s.actionStyle()).isEqualTo(ActionStyle.TEXT);
        assertThat(s.actionFormat()).isEqualTo(ActionFormat.FENCE_LAST);
        assertThat(s.steps()).extracting(st -> st.toolCalls().get(0).arguments()).containsExactly(
                "{\"command\":\"ls -a\"}", "{\"command\":\"printf 'hello\\\\n' > notes.txt\"}",
                "{\"command\":\"cat notes.txt\"}", "{\"command\":\"submit\"}");
        assertThat(s.steps()).noneMatch(st -> st.assistantText().contains("should be there now"));
        assertThat(s.steps().get(1).observations()).singleElement().asString().startsWith("Your command ran successfully");
        for (Step st : s.steps()) {
            assertThat(s.actionFormat().extract(st.assistantText(), s::toolParameters).actions())
                    .extracting(ToolCall::arguments).containsExactly(st.toolCalls().get(0).arguments());
        }
    }

    @Test
    void openHandsSdkEventLogFromThePublishedPackage() {
        // openhands-sdk 1.58.2 Conversation + TestLLM: 12 events: system prompt, user message, 4 responses with 5
        // ActionEvents (the second with two calls sharing llm_response_id), 4 ObservationEvents and an AgentErrorEvent
        // for the call of a tool the agent lacks
        TrajectoryImporter.ImportResult r = load("openhands-sdk-1.58.2_terminal.events.jsonl");
        assertThat(r.format()).isEqualTo(SweFormat.OPENHANDS_V1);
        assertThat(r.autoDetected()).isTrue();
        SweScenario s = r.scenarios().get(0);
        shape(s, 4, 5, 5);
        assertThat(s.actionFormat()).isEqualTo(ActionFormat.TOOL_CALLS);
        assertThat(s.steps()).extracting(st -> st.toolCalls().size()).containsExactly(1, 2, 1, 1);
        assertThat(s.steps().get(0).toolCalls().get(0).name()).isEqualTo("terminal");
        assertThat(s.steps().get(0).reasoning()).isEqualTo("The task asks for one file with one line.");
        assertThat(s.steps().get(1).toolCalls()).extracting(ToolCall::id).containsExactly("call_2", "call_3");
        assertThat(s.steps().get(2).observations()).singleElement().asString().contains("Tool 'editor' not found");
        assertThat(s.steps().get(3).toolCalls().get(0).name()).isEqualTo("finish");
        // 1.58.2 lists its tools as ToolDefinitions without a parameter schema: declared with their own description and
        // a schema inferred from their calls; 'editor' was never offered: inferred and marked as such
        assertThat(s.tools()).extracting(t -> t.path("function").path("name").asText())
                .containsExactly("terminal", "finish", "think", "editor");
        assertThat(s.tools().get(0).path("function").path("description").asText())
                .startsWith("Execute a shell command in the terminal");
        assertThat(s.toolParameters("terminal").path("properties").properties()).extracting(Map.Entry::getKey)
                .containsExactly("command", "summary");
        assertThat(s.toolParameters("think").path("properties").isEmpty()).as("never called").isTrue();
        assertThat(s.tools().get(3).path("function").path("description").asText()).startsWith("(schema inferred by Harmonica");
        assertThat(r.warnings()).anyMatch(w -> w.contains("tool 'terminal' is declared without a parameter schema;"
                + " schema inferred from 3 recorded call(s)")).anyMatch(w -> w.contains("tool 'editor' is called but not declared"));
    }

    @Test
    void everyFileDetectsItsFormat() {
        for (String f : List.of("sweagent-0.0.1_thought_action.traj", "openhands-sdk-1.58.2_terminal.events.jsonl",
                "mini-swe-agent-2.4.6/mini-v2_swebench_xml.traj.json", "mini-swe-agent-1.17.5/mini-v1_default.traj.json")) {
            Path p = SweFormats.require(f);
            assertThat(TrajectoryImporter.detect(p)).as(f).isIn(SweFormat.SWEAGENT, SweFormat.OPENHANDS_V1, SweFormat.MINI_V2);
        }
    }
}
