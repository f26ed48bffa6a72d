package dev.harmonica.turn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.harmonica.harmony.Message;
import dev.harmonica.scenario.swe.ActionFormat;
import dev.harmonica.scenario.swe.ReplayHints;
import dev.harmonica.scenario.swe.SweScenario;
import dev.harmonica.scenario.swe.SweScenario.ActionStyle;
import dev.harmonica.scenario.swe.SweScenario.Step;
import dev.harmonica.scenario.swe.SweScenario.ToolCall;
import dev.harmonica.scenario.swe.SweTools;
import dev.harmonica.turn.ActionScore.Agreement;
import dev.harmonica.turn.ModelAction.Call;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One action model for every format: multiset comparison, message-only steps, text actions, action-format errors. */
class ActionModelTest {
    static final JsonNode USER = JsonNodeFactory.instance.objectNode().put("role", "user").put("content", "fix it");

    static ToolCall bash(String id, String cmd) {
        return new ToolCall(id, "bash", JsonNodeFactory.instance.objectNode().put("command", cmd).toString());
    }

    static SweScenario tools() {
        return new SweScenario("t", "messages", ActionStyle.TOOL_CALLS, SweTools.sweAgentDefaults(), List.of(USER), List.of(
                new Step("both at once", null, List.of(bash("a", "ls"), bash("b", "git status"), bash("c", "ls")), List.of("1", "2", "3")),
                new Step("Nothing to run; here is my plan.", null, List.of(), List.of("go on")),
                new Step("", null, List.of(bash("d", "pytest -q")), List.of("ok"))), Map.of());
    }

    static SweScenario text(ActionFormat format, String recordedText, ToolCall recorded) {
        return new SweScenario("x", "mini-v2", ActionStyle.TEXT, format, List.of(SweTools.bash()), List.of(USER),
                List.of(new Step(recordedText, null, recorded == null ? List.of() : List.of(recorded), List.of("out"))), Map.of());
    }

    final ActionScorer scorer = new ActionScorer(tools());

    @Test
    void parallelCallsCompareAsAMultiset() {
        ActionScore reordered = scorer.score(0, ModelAction.of("", new Call("bash", "{\"command\":\"git  status\"}"),
                new Call("bash", "{\"command\":\"ls\"}"), new Call("bash", "{\"command\":\"ls\"}")));
        assertThat(reordered.agrees()).isTrue();
        assertThat(reordered.level()).isEqualTo(Agreement.EQUIVALENT);
        assertThat(reordered.calls()).extracting(ActionScore.CallScore::matchedRecorded).containsExactly(1, 0, 2);
        assertThat(reordered.calls()).extracting(ActionScore.CallScore::level)
                .containsExactly(Agreement.EQUIVALENT, Agreement.EXACT, Agreement.EXACT);
        ActionScore duplicate = scorer.score(0, ModelAction.of("", new Call("bash", "{\"command\":\"ls\"}"),
                new Call("bash", "{\"command\":\"ls\"}"), new Call("bash", "{\"command\":\"ls\"}")));
        assertThat(duplicate.agrees()).as("a multiset: two ls and a git status, not three ls").isFalse();
        ActionScore missing = scorer.score(0, ModelAction.of("", new Call("bash", "{\"command\":\"ls\"}"),
                new Call("bash", "{\"command\":\"git status\"}")));
        assertThat(missing.agrees()).isFalse();
        assertThat(missing.level()).isEqualTo(Agreement.SAME_TOOL);
    }

    @Test
    void messageOnlyStepsAgreeOnlyWithMessageOnlyReplies() {
        ActionScore both = scorer.score(1, ModelAction.of("Something else entirely."));
        assertThat(both.level()).isEqualTo(Agreement.MESSAGE);
        assertThat(both.agrees()).isTrue();
        assertThat(both.callCount()).isZero();
        ActionScore acted = scorer.score(1, ModelAction.of("", new Call("bash", "{\"command\":\"ls\"}")));
        assertThat(acted.level()).isEqualTo(Agreement.DIFFERENT);
        assertThat(acted.agrees()).isFalse();
        ActionScore silent = scorer.score(2, ModelAction.of("I would run the tests."));
        assertThat(silent.level()).isEqualTo(Agreement.NO_ACTION);
        assertThat(silent.agrees()).isFalse();
        assertThat(scorer.score(1, ModelAction.unparsed()).agrees()).as("an unparsed turn never agrees").isFalse();
    }

    @Test
    void aParallelStepReplayedOneCallPerRequestIsScoredOnTheCombinedReply() {
        SweScenario s = tools();
        List<Message> first = ReplayHints.recordedReply(s, 0);
        assertThat(first).extracting(Message::channel).containsExactly("analysis", "commentary", "commentary", "commentary");
        assertThat(first.get(0).text()).isEqualTo("both at once");
        assertThat(ReplayHints.recordedReplyAfter(s, 0, 2)).singleElement().extracting(Message::recipient).isEqualTo("functions.bash");
        assertThat(ReplayHints.callsLeft(s, 0, 1)).isEqualTo(2);
        assertThat(ReplayHints.callsLeft(s, 0, 3)).isZero();
        assertThat(ReplayHints.recordedReply(s, 1)).singleElement().satisfies(m -> {
            assertThat(m.channel()).isEqualTo("final");
            assertThat(m.text()).isEqualTo("Nothing to run; here is my plan.");
        });
        ModelAction combined = ModelAction.combine(List.of(
                ModelAction.fromHarmony(List.of(first.get(0), first.get(1))),
                ModelAction.fromHarmony(ReplayHints.recordedReplyAfter(s, 0, 1).subList(0, 1)),
                ModelAction.fromHarmony(ReplayHints.recordedReplyAfter(s, 0, 2))));
        assertThat(combined.calls()).hasSize(3);
        assertThat(scorer.score(0, combined).level()).isEqualTo(Agreement.EXACT);
        assertThat(ModelAction.combine(List.of(combined, ModelAction.unparsed())).parsed()).isFalse();
    }

    @Test
    void textActionsAreReadInTheRecordedFormat() {
        ActionFormat tag = ActionFormat.regex("<mswea_bash_command>(.*?)</mswea_bash_command>");
        ActionScorer xml = new ActionScorer(text(tag, "THOUGHT: go\n<mswea_bash_command>ls -la</mswea_bash_command>", bash("", "ls -la")));
        ActionScore ok = xml.score(0, ModelAction.of("THOUGHT: other words\n<mswea_bash_command> ls  -la\n</mswea_bash_command>"));
        assertThat(ok.actionFromText()).isTrue();
        assertThat(ok.agrees()).isTrue();
        assertThat(ok.actionFormat()).isEqualTo("regex:<mswea_bash_command>(.*?)</mswea_bash_command>");
        ActionScore fenced = xml.score(0, ModelAction.of("```mswea_bash_command\nls -la\n```"));
        assertThat(fenced.callCount()).as("a fence is not an action in the XML config").isZero();
        assertThat(fenced.level()).isEqualTo(Agreement.NO_ACTION);
        ActionScore two = xml.score(0, ModelAction.of("<mswea_bash_command>ls</mswea_bash_command><mswea_bash_command>pwd</mswea_bash_command>"));
        assertThat(two.actionFormatErrors()).containsExactly("expected exactly 1 action, found 2");
        assertThat(two.callCount()).isZero();
        assertThat(two.failureModes()).as("action-format errors are not tool-level failure modes").isEmpty();
        ActionScore broken = xml.score(0, ModelAction.of("<mswea_bash_command>ls -la"));
        assertThat(broken.actionFormatErrors()).singleElement().asString().startsWith("malformed action: '<mswea_bash_command>'");
    }

    @Test
    void sweAgentSyntaxes() {
        ActionScorer fence = new ActionScorer(text(ActionFormat.FENCE_LAST, "x", bash("", "ls")));
        assertThat(fence.score(0, ModelAction.of("Example:\n```python\nprint(1)\n```\nNow:\n```\nls\n```\n")).agrees()).isTrue();
        assertThat(fence.score(0, ModelAction.of("```\nls\n")).actionFormatErrors()).containsExactly("malformed action: a ``` block that is never closed");
        ActionScorer command = new ActionScorer(text(ActionFormat.COMMAND_TAG_LAST, "x", bash("", "ls")));
        assertThat(command.score(0, ModelAction.of("<command>\npwd\n</command> no, rather\n<command>\nls\n</command>")).agrees()).isTrue();
        assertThat(command.score(0, ModelAction.of("</command> ls <command>")).actionFormatErrors()).hasSize(1);
        SweScenario xml = new SweScenario("f", "messages", ActionStyle.TEXT, ActionFormat.FUNCTION_XML, SweTools.sweAgentDefaults(),
                List.of(USER), List.of(new Step("x", null, List.of(new ToolCall("", "str_replace_editor",
                        "{\"command\":\"view\",\"path\":\"/a.py\",\"view_range\":[1,5]}")), List.of("o"))), Map.of());
        ActionScore two = new ActionScorer(xml).score(0, ModelAction.of("<function=str_replace_editor>\n<parameter=command>view</parameter>\n"
                + "<parameter=path>/a.py</parameter>\n<parameter=view_range>[1, 5]</parameter>\n</function>\n<function=submit>\n</function>"));
        assertThat(two.agrees()).as("SWE-agent runs the first block").isTrue();
        assertThat(two.actionFormatErrors()).containsExactly("found 2 <function=…> blocks; SWE-agent runs only the first");
    }

    @Test
    void pythonRegexesFromRecordedConfigs() {
        ActionFormat named = ActionFormat.regex("<cmd>(?P<c>.*?)</cmd>");
        assertThat(named.extract("<cmd> ls </cmd>", n -> null).actions()).extracting(ToolCall::arguments)
                .containsExactly("{\"command\":\"ls\"}");
        ActionFormat noGroup = ActionFormat.regex("ls -\\w+");
        assertThat(noGroup.extract("run ls -la now", n -> null).actions()).extracting(ToolCall::arguments)
                .containsExactly("{\"command\":\"ls -la\"}");
        assertThatThrownBy(() -> ActionFormat.regex("(unclosed"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("action_regex '(unclosed'");
    }
}
