package dev.harmonica.turn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.harmonica.harmony.Content;
import dev.harmonica.harmony.Message;
import dev.harmonica.journal.TurnRecord;
import dev.harmonica.scenario.schema.ToolValidator;
import dev.harmonica.scenario.swe.SweScenario.ActionStyle;
import dev.harmonica.scenario.swe.SweScenario.Step;
import dev.harmonica.scenario.swe.SweScenario.ToolCall;
import dev.harmonica.scenario.swe.SweScenario;
import dev.harmonica.scenario.swe.SweTools;
import dev.harmonica.turn.ActionScore.Agreement;
import dev.harmonica.turn.ModelAction.Call;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ActionScorerTest {
    static final JsonNode USER = JsonNodeFactory.instance.objectNode().put("role", "user").put("content", "fix it");

    static SweScenario toolScenario() {
        return new SweScenario("t", "messages", ActionStyle.TOOL_CALLS, SweTools.sweAgentDefaults(), List.of(USER), List.of(
                new Step("look", null, List.of(new ToolCall("c0", "bash", "{\"command\": \"ls  -la \\\"src\\\"\"}")), List.of("a.py")),
                new Step("", null, List.of(new ToolCall("c1", "str_replace_editor", "{\"command\":\"view\",\"path\":\"/repo/a.py\"}")), List.of("1 x")),
                new Step("", null, List.of(new ToolCall("c2", "str_replace_editor",
                        "{\"command\":\"str_replace\",\"path\":\"/repo/a.py\",\"old_str\":\"x = 1\",\"new_str\":\"x = 2\"}")), List.of("ok")),
                new Step("", null, List.of(new ToolCall("c3a", "bash", "{\"command\":\"pytest -q\"}"),
                        new ToolCall("c3b", "bash", "{\"command\":\"git diff\"}")), List.of("1 passed", "diff")),
                new Step("done", null, List.of(new ToolCall("c4", "submit", "{}")), List.of("diff"))), Map.of());
    }

    final ActionScorer scorer = new ActionScorer(toolScenario());

    @Test
    void unparsedTurn() {
        ActionScore s = scorer.score(0, ModelAction.unparsed());
        assertThat(s.parsed()).isFalse();
        assertThat(s.level()).isEqualTo(Agreement.NO_ACTION);
        assertThat(s.agrees()).isFalse();
        assertThat(s.calls()).isEmpty();
        assertThat(s.allCallsValid()).isFalse();
    }

    @Test
    void noCall() {
        ActionScore s = scorer.score(0, ModelAction.of("I think we should look around."));
        assertThat(s.parsed()).isTrue();
        assertThat(s.callCount()).isZero();
        assertThat(s.level()).isEqualTo(Agreement.NO_ACTION);
        assertThat(s.recordedCount()).isEqualTo(1);
    }

    @Test
    void unknownTool() {
        ActionScore s = scorer.score(0, ModelAction.of("", new Call("shell", "{\"command\":\"ls\"}")));
        ActionScore.CallScore c = s.calls().get(0);
        assertThat(c.validName()).isFalse();
        assertThat(c.validNameAfterStrip()).isFalse();
        assertThat(c.validJson()).isTrue();
        assertThat(c.schemaChecked()).isFalse();
        assertThat(c.schemaErrors()).containsExactly("unknown tool 'shell' (declared: bash, str_replace_editor, submit)");
        assertThat(s.failureModes()).containsExactly("unknown_tool");
        assertThat(s.level()).isEqualTo(Agreement.DIFFERENT);
    }

    @Test
    void leakedTokensInNameAreValidOnlyAfterStrip() {
        ActionScore s = scorer.score(0, ModelAction.of("", new Call("bash<|channel|>commentary", "{\"command\":\"ls -la src\"}")));
        assertThat(s.calls().get(0).validName()).isFalse();
        assertThat(s.calls().get(0).validNameAfterStrip()).isTrue();
        assertThat(ToolValidator.sanitizedName("functions.bash json")).isEqualTo("bash");
    }

    @Test
    void aLeakThatStripsToADeclaredToolIsALeakUnderStrictOnly() {
        ActionScore s = scorer.score(0, ModelAction.of("", new Call("bash<|channel|>commentary", "{\"command\":\"ls -la src\"}")));
        assertThat(s.strictFailureModes()).containsExactly("tool_name_leak", "unknown_tool");
        assertThat(s.lenientFailureModes()).isEmpty();
        assertThat(s.failureModes()).containsExactly("tool_name_leak", "unknown_tool");
        assertThat(s.agrees()).as("judged against the recovered tool").isTrue();
        TurnRecord.ToolCall journaled = TurnRecord.ToolCall.of(s).get(0);
        assertThat(journaled.name()).isEqualTo("bash");
        assertThat(journaled.validName()).isTrue();
        assertThat(journaled.validNameStrict()).isFalse();
        assertThat(journaled.view()).isEqualTo("lenient");

        ActionScore unknown = scorer.score(0, ModelAction.of("", new Call("shell<|channel|>commentary", "{}")));
        assertThat(unknown.strictFailureModes()).containsExactly("unknown_tool");
        assertThat(unknown.lenientFailureModes()).containsExactly("unknown_tool");
    }

    @Test
    void invalidJson() {
        ActionScore s = scorer.score(0, ModelAction.of("", new Call("bash", "{\"command\": \"ls -la src\"")));
        ActionScore.CallScore c = s.calls().get(0);
        assertThat(c.validName()).isTrue();
        assertThat(c.validJson()).isFalse();
        assertThat(c.schemaValid()).isFalse();
        assertThat(c.schemaErrors()).containsExactly("arguments are not valid JSON");
        assertThat(s.failureModes()).containsExactly("invalid_json_arguments");
        assertThat(s.level()).isEqualTo(Agreement.SAME_TOOL);
        assertThat(scorer.score(0, ModelAction.of("", new Call("bash", ""))).calls().get(0).validJson()).isFalse();
    }

    @Test
    void schemaViolations() {
        ActionScore enumViolation = scorer.score(1, ModelAction.of("", new Call("str_replace_editor",
                "{\"command\":\"delete\",\"path\":\"/repo/a.py\"}")));
        assertThat(enumViolation.calls().get(0).schemaValid()).isFalse();
        assertThat(enumViolation.calls().get(0).schemaErrors()).singleElement().asString()
                .contains("/command").contains("enumeration");
        assertThat(enumViolation.failureModes()).containsExactly("schema_mismatch");

        ActionScore missing = scorer.score(1, ModelAction.of("", new Call("str_replace_editor", "{\"command\":\"view\"}")));
        assertThat(missing.calls().get(0).schemaErrors()).singleElement().asString().contains("required property 'path' not found");

        ActionScore wrongType = scorer.score(1, ModelAction.of("", new Call("str_replace_editor",
                "{\"command\":\"view\",\"path\":\"/repo/a.py\",\"view_range\":[\"1\",\"2\"]}")));
        assertThat(wrongType.calls().get(0).schemaValid()).isFalse();
        assertThat(wrongType.level()).isEqualTo(Agreement.SAME_TARGET);

        ActionScore notObject = scorer.score(0, ModelAction.of("", new Call("bash", "[\"ls\"]")));
        assertThat(notObject.calls().get(0).schemaErrors()).containsExactly("arguments must be a JSON object, found ARRAY");
        assertThat(notObject.failureModes()).containsExactly("schema_mismatch");
    }

    @Test
    void exactAgreementIgnoresKeyOrderAndJsonWhitespace() {
        ActionScore s = scorer.score(1, ModelAction.of("", new Call("str_replace_editor", "{ \"path\": \"/repo/a.py\", \"command\": \"view\" }")));
        assertThat(s.level()).isEqualTo(Agreement.EXACT);
        assertThat(s.agrees()).isTrue();
        assertThat(s.allCallsValid()).isTrue();
        assertThat(s.failureModes()).isEmpty();
    }

    @Test
    void canonicalBashAgreement() {
        ActionScore s = scorer.score(0, ModelAction.of("", new Call("bash", "{\"command\":\"ls -la src\"}")));
        assertThat(s.level()).isEqualTo(Agreement.EQUIVALENT);
        assertThat(s.agrees()).isTrue();
        assertThat(s.calls().get(0).normalizedCommand()).isEqualTo("ls -la src");
    }

    @Test
    void canonicalAgreementTrimsStrings() {
        ActionScore s = scorer.score(2, ModelAction.of("", new Call("str_replace_editor",
                "{\"command\":\"str_replace\",\"path\":\" /repo/a.py\",\"old_str\":\"x = 1\\n\",\"new_str\":\"x = 2\"}")));
        assertThat(s.level()).isEqualTo(Agreement.EQUIVALENT);
    }

    @Test
    void disagreementLevels() {
        assertThat(scorer.score(2, ModelAction.of("", new Call("str_replace_editor",
                "{\"command\":\"str_replace\",\"path\":\"/repo/a.py\",\"old_str\":\"x = 1\",\"new_str\":\"x = 3\"}"))).level())
                .isEqualTo(Agreement.SAME_TARGET);
        assertThat(scorer.score(2, ModelAction.of("", new Call("str_replace_editor",
                "{\"command\":\"str_replace\",\"path\":\"/repo/b.py\",\"old_str\":\"x = 1\",\"new_str\":\"x = 2\"}"))).level())
                .isEqualTo(Agreement.SAME_TOOL);
        assertThat(scorer.score(0, ModelAction.of("", new Call("bash", "{\"command\":\"ls -l\"}"))).level())
                .isEqualTo(Agreement.SAME_PROGRAM);
        assertThat(scorer.score(0, ModelAction.of("", new Call("bash", "{\"command\":\"cat src/a.py\"}"))).level())
                .isEqualTo(Agreement.SAME_TOOL);
        ActionScore different = scorer.score(1, ModelAction.of("", new Call("bash", "{\"command\":\"cat /repo/a.py\"}")));
        assertThat(different.level()).isEqualTo(Agreement.DIFFERENT);
        assertThat(different.agrees()).isFalse();
        assertThat(different.allCallsValid()).isTrue();
    }

    @Test
    void callCountMismatchIsCappedAtSameTool() {
        ActionScore one = scorer.score(3, ModelAction.of("", new Call("bash", "{\"command\":\"pytest -q\"}")));
        assertThat(one.calls().get(0).level()).isEqualTo(Agreement.EXACT);
        assertThat(one.level()).isEqualTo(Agreement.SAME_TOOL);
        ActionScore both = scorer.score(3, ModelAction.of("", new Call("bash", "{\"command\":\"pytest  -q\"}"),
                new Call("bash", "{\"command\":\"git diff\"}")));
        assertThat(both.level()).isEqualTo(Agreement.EQUIVALENT);
        ActionScore three = scorer.score(3, ModelAction.of("", new Call("bash", "{\"command\":\"pytest -q\"}"),
                new Call("bash", "{\"command\":\"git diff\"}"), new Call("bash", "{\"command\":\"ls\"}")));
        assertThat(three.calls().get(2).level()).isEqualTo(Agreement.NO_ACTION);
        assertThat(three.level()).isEqualTo(Agreement.SAME_TOOL);
    }

    @Test
    void terminalAgreement() {
        ActionScore early = scorer.score(2, ModelAction.of("", new Call("submit", "{}")));
        assertThat(early.recordedTerminal()).isFalse();
        assertThat(early.modelTerminal()).isTrue();
        ActionScore last = scorer.score(4, ModelAction.of("", new Call("submit", "{}")));
        assertThat(last.recordedTerminal()).isTrue();
        assertThat(last.modelTerminal()).isTrue();
        assertThat(last.level()).isEqualTo(Agreement.EXACT);
        assertThat(ActionScorer.isTerminal("bash", new ObjectMapper().createObjectNode()
                .put("command", "echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT && git diff"))).isTrue();
    }

    @Test
    void textModeTakesTheFencedBlockWhenThereIsNoCall() {
        SweScenario text = new SweScenario("m", "mini-v1", ActionStyle.TEXT, List.of(SweTools.bash()), List.of(USER), List.of(
                new Step("THOUGHT\n```mswea_bash_command\nls -la\n```", null,
                        List.of(new ToolCall("call_0_0", "bash", "{\"command\":\"ls -la\"}")), List.of("out"))), Map.of());
        ActionScorer s = new ActionScorer(text);
        ActionScore fenced = s.score(0, ModelAction.of("Let me list.\n\n```mswea_bash_command\nls  -la\n```"));
        assertThat(fenced.actionFromText()).isTrue();
        assertThat(fenced.level()).isEqualTo(Agreement.EQUIVALENT);
        ActionScore twoBlocks = s.score(0, ModelAction.of("```bash\nls\n```\n```bash\npwd\n```"));
        assertThat(twoBlocks.callCount()).as("mini-swe-agent: exactly one action").isZero();
        ActionScore nativeCall = s.score(0, ModelAction.of("", new Call("bash", "{\"command\":\"ls -la\"}")));
        assertThat(nativeCall.actionFromText()).isFalse();
        assertThat(nativeCall.level()).isEqualTo(Agreement.EXACT);
    }

    @Test
    void journalToolCalls() {
        List<TurnRecord.ToolCall> calls = TurnRecord.ToolCall.of(scorer.score(1, ModelAction.of("",
                new Call("str_replace_editor", "{\"command\":\"delete\",\"path\":\"/repo/a.py\"}"))));
        assertThat(calls).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("str_replace_editor");
            assertThat(c.validName()).isTrue();
            assertThat(c.validJson()).isTrue();
            assertThat(c.schemaValid()).isFalse();
            assertThat(c.schemaErrors()).hasSize(1);
            assertThat(c.agreesWithRecorded()).isFalse();
            assertThat(c.result()).isNull();
        });
    }

    @Test
    void fromHarmonyMessages() {
        List<Message> msgs = List.of(
                new Message("assistant", null, null, "analysis", null, List.of(new Content.Text("thinking"))),
                new Message("assistant", null, "functions.bash", "commentary", "<|constrain|>json",
                        List.of(new Content.Text("{\"command\":\"ls -la src\"}"))));
        ModelAction a = ModelAction.fromHarmony(msgs);
        assertThat(a.calls()).containsExactly(new Call("bash", "{\"command\":\"ls -la src\"}"));
        assertThat(a.text()).isEmpty();
        assertThat(scorer.score(0, a).agrees()).isTrue();
    }

    @Test
    void fromChatMessage() throws Exception {
        JsonNode m = new ObjectMapper().readTree("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"x\","
                + "\"type\":\"function\",\"function\":{\"name\":\"submit\",\"arguments\":\"{}\"}}]}");
        ModelAction a = ModelAction.fromChatMessage(m);
        assertThat(a.calls()).containsExactly(new Call("submit", "{}"));
        assertThat(scorer.score(4, a).level()).isEqualTo(Agreement.EXACT);
    }
}
