package dev.harmonica.scenario.swe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.harmonica.scenario.swe.SweScenario.ActionStyle;
import dev.harmonica.scenario.swe.SweScenario.Step;
import dev.harmonica.scenario.swe.SweScenario.ToolCall;
import dev.harmonica.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayContextTest {
    static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** One token per character: makes budgets easy to reason about. */
    static final TokenCounter CHARS = text -> text == null ? 0 : text.length();

    static SweScenario toolScenario(int steps, int observationChars) {
        List<Step> list = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            list.add(new Step("t" + i, i == 1 ? "r1" : null, List.of(new ToolCall("c" + i, "bash", "{\"command\":\"ls\"}")),
                    List.of("o".repeat(observationChars))));
        }
        return new SweScenario("s", "messages", ActionStyle.TOOL_CALLS, List.of(SweTools.bash()),
                List.of(F.objectNode().put("role", "system").put("content", "sys"), F.objectNode().put("role", "user").put("content", "task")),
                list, Map.of());
    }

    @Test
    void toolModePrefixPairsResultsWithCallIds() {
        SweScenario s = new SweScenario("s", "messages", ActionStyle.TOOL_CALLS, List.of(SweTools.bash()),
                List.of(F.objectNode().put("role", "user").put("content", "task")), List.of(
                new Step("two calls", null, List.of(new ToolCall("a", "bash", "{\"command\":\"ls\"}"),
                        new ToolCall("b", "bash", "{\"command\":\"pwd\"}")), List.of("x.py", "/repo", "format note")),
                new Step("next", null, List.of(), List.of())), Map.of());
        ReplayContext ctx = new ReplayContext(s, CHARS);
        assertThat(ctx.messagesBefore(0)).hasSize(1);
        List<JsonNode> m = ctx.messagesBefore(1);
        assertThat(m).extracting(n -> n.get("role").asText()).containsExactly("user", "assistant", "tool", "tool", "user");
        assertThat(m.get(1).toString()).isEqualTo("{\"role\":\"assistant\",\"content\":\"two calls\",\"tool_calls\":["
                + "{\"id\":\"a\",\"type\":\"function\",\"function\":{\"name\":\"bash\",\"arguments\":\"{\\\"command\\\":\\\"ls\\\"}\"}},"
                + "{\"id\":\"b\",\"type\":\"function\",\"function\":{\"name\":\"bash\",\"arguments\":\"{\\\"command\\\":\\\"pwd\\\"}\"}}]}");
        assertThat(m.get(2).toString()).isEqualTo("{\"role\":\"tool\",\"tool_call_id\":\"a\",\"name\":\"bash\",\"content\":\"x.py\"}");
        assertThat(m.get(3).get("tool_call_id").asText()).isEqualTo("b");
        assertThat(m.get(4).toString()).isEqualTo("{\"role\":\"user\",\"content\":\"format note\"}");
    }

    @Test
    void textModePrefixIsAssistantTextThenUserObservations() {
        SweScenario s = new SweScenario("m", "mini-v1", ActionStyle.TEXT, List.of(SweTools.bash()),
                List.of(F.objectNode().put("role", "user").put("content", "task")), List.of(
                new Step("```mswea_bash_command\nls\n```", null, List.of(new ToolCall("call_0_0", "bash", "{\"command\":\"ls\"}")), List.of("<output>x</output>")),
                new Step("```mswea_bash_command\necho COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT\n```", null, List.of(), List.of())), Map.of());
        List<JsonNode> m = new ReplayContext(s, CHARS).messagesBefore(1);
        assertThat(m).extracting(JsonNode::toString).containsExactly(
                "{\"role\":\"user\",\"content\":\"task\"}",
                "{\"role\":\"assistant\",\"content\":\"```mswea_bash_command\\nls\\n```\"}",
                "{\"role\":\"user\",\"content\":\"<output>x</output>\"}");
    }

    @Test
    void reasoningIsCarriedAsReasoningContent() {
        List<JsonNode> m = new ReplayContext(toolScenario(3, 5), CHARS).messagesBefore(2);
        assertThat(m.get(4).get("reasoning_content").asText()).isEqualTo("r1");
        assertThat(m.get(2).has("reasoning_content")).isFalse();
    }

    @Test
    void tokenEstimateGrowsWithDepthAndIncludesTools() {
        ReplayContext ctx = new ReplayContext(toolScenario(5, 100), CHARS);
        int tools = new ArrayNode(F).add(SweTools.bash()).toString().length();
        int prompt = 2 * ReplayContext.MESSAGE_OVERHEAD + "sys".length() + "task".length();
        assertThat(ctx.estimatedTokens(0)).isEqualTo(tools + prompt);
        int perStep = ReplayContext.MESSAGE_OVERHEAD + 2 + ReplayContext.CALL_OVERHEAD + 4 + "{\"command\":\"ls\"}".length()
                + ReplayContext.MESSAGE_OVERHEAD + 100;
        assertThat(ctx.estimatedTokens(3) - ctx.estimatedTokens(2)).isEqualTo(perStep);
    }

    @Test
    void withinBudgetNothingChanges() {
        ReplayContext ctx = new ReplayContext(toolScenario(5, 100), CHARS);
        ReplayPrefix p = ctx.prefix(4, new ContextBudget(100_000, 2));
        assertThat(p.truncated()).isFalse();
        assertThat(p.tokensAfter()).isEqualTo(p.tokensBefore());
        assertThat(p.messages()).isEqualTo(ctx.messagesBefore(4));
        assertThat(ctx.prefix(4, ContextBudget.unlimited()).truncated()).isFalse();
    }

    @Test
    void truncationElidesOldestObservationsFirstKeepingPromptAndLastKSteps() {
        ReplayContext ctx = new ReplayContext(toolScenario(10, 1000), CHARS);
        int before = ctx.estimatedTokens(8);
        // room for everything but ~2.5 observations
        ReplayPrefix p = ctx.prefix(8, new ContextBudget(before - 2500, 3));
        String marker = "[observation elided by Harmonica: 1000 tokens]";
        assertThat(p.elidedSteps()).containsExactly(0, 1, 2);
        assertThat(p.elidedObservations()).isEqualTo(3);
        assertThat(p.tokensBefore()).isEqualTo(before);
        assertThat(p.tokensAfter()).isEqualTo(before - 3 * (1000 - marker.length()));
        assertThat(p.tokensAfter()).isLessThanOrEqualTo(before - 2500);
        assertThat(p.overBudget()).isFalse();
        List<JsonNode> m = p.messages();
        assertThat(m.get(0).get("content").asText()).isEqualTo("sys");
        assertThat(m.get(1).get("content").asText()).isEqualTo("task");
        assertThat(m.get(3).get("content").asText()).isEqualTo(marker);
        assertThat(m.get(3).get("tool_call_id").asText()).isEqualTo("c0");
        assertThat(m.get(2).get("tool_calls")).isNotNull(); // assistant messages untouched
        assertThat(m.get(9).get("content").asText()).hasSize(1000);
        // the shared, untruncated prefix is not modified
        assertThat(ctx.messagesBefore(8).get(3).get("content").asText()).hasSize(1000);
    }

    @Test
    void lastKStepsAreNeverElidedEvenWhenOverBudget() {
        ReplayContext ctx = new ReplayContext(toolScenario(6, 1000), CHARS);
        ReplayPrefix p = ctx.prefix(5, new ContextBudget(10, 2));
        assertThat(p.elidedSteps()).containsExactly(0, 1, 2);
        assertThat(p.overBudget()).isTrue();
        assertThat(p.messages().get(p.messages().size() - 1).get("content").asText()).hasSize(1000);
        assertThat(p.messages().get(p.messages().size() - 3).get("content").asText()).hasSize(1000);
    }

    @Test
    void shortObservationsAreNotReplacedByALongerMarker() {
        ReplayContext ctx = new ReplayContext(toolScenario(4, 10), CHARS);
        ReplayPrefix p = ctx.prefix(3, new ContextBudget(1, 0));
        assertThat(p.elidedObservations()).isZero();
        assertThat(p.overBudget()).isTrue();
    }

    @Test
    void badStepIndex() {
        ReplayContext ctx = new ReplayContext(toolScenario(2, 1), CHARS);
        assertThatThrownBy(() -> ctx.prefix(2, ContextBudget.unlimited())).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("step 2 is outside scenario s (0..1)");
        assertThatThrownBy(() -> new ContextBudget(10, -1)).hasMessageContaining("keepLastSteps");
    }

    @Test
    void harmonyTokenCounterOnTheRealSweAgentFile() {
        SweScenario s = TrajectoryImporter.importFile(SharedData.require(
                "swe/sweagent__test_data__6e44b9__sweagenttestrepo-1c2844.traj"), null).scenarios().get(0);
        ReplayContext ctx = new ReplayContext(s, TokenCounter.harmony());
        assertThat(ctx.estimatedTokens(4)).isGreaterThan(ctx.estimatedTokens(0));
        // the recorded run sent 7,141 tokens over 5 calls; our per-step estimate is the same order
        assertThat(ctx.estimatedTokens(4)).isBetween(1_000, 7_141);
        assertThat(ctx.messagesBefore(4)).hasSize(2 + 4 * 2);
    }
}
