package dev.harmonica.scenario.swe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.scenario.swe.SweScenario.ActionStyle;
import dev.harmonica.scenario.swe.SweScenario.Step;
import dev.harmonica.scenario.swe.SweScenario.ToolCall;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Builds replay prefixes for one scenario (docs/swe.md, prefix replay / teacher forcing). Construction
 * converts every recorded message once and counts its tokens once; {@link #prefix} is then O(steps) and allocation
 * light. Immutable and thread-safe. Nothing is executed: observations are the recorded ones. The assistant message of
 * a step with {@code inHistory} false (a reply the scaffold rejected) is left out of every prefix; its observations
 * (the scaffold's error message) are kept, as the recorded agent saw them.
 */
public final class ReplayContext {
    /** Estimated framing tokens per message ({@code <|start|>role<|channel|>…<|message|>…<|end|>}). */
    public static final int MESSAGE_OVERHEAD = 5;
    /** Estimated extra header tokens per tool call ({@code to=functions.NAME <|constrain|>json}). */
    public static final int CALL_OVERHEAD = 6;
    public static final String ELISION_FORMAT = "[observation elided by Harmonica: %d tokens]";

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final SweScenario scenario;
    private final TokenCounter counter;
    private final List<JsonNode> all;
    private final int[] tokens;          // per message in 'all'
    private final int[] stepStart;       // index in 'all' of step j's assistant message; [n] = all.size()
    private final int[] cumulative;      // cumulative[i] = tokens of all[0..i)
    private final int[][] observationAt; // step j -> indices in 'all' of its observation messages
    private final int[][] observationBodyTokens; // step j -> body tokens of those observations
    private final int[][] markerTokens;          // step j -> tokens of the elision marker that would replace each
    private final int toolTokens;

    public ReplayContext(SweScenario scenario, TokenCounter counter) {
        this.scenario = scenario;
        this.counter = counter;
        List<JsonNode> msgs = new ArrayList<>();
        List<Integer> tok = new ArrayList<>();
        for (JsonNode m : scenario.promptMessages()) {
            msgs.add(m);
            tok.add(MESSAGE_OVERHEAD + counter.count(m.path("content").asText("")));
        }
        int n = scenario.steps().size();
        stepStart = new int[n + 1];
        observationAt = new int[n][];
        observationBodyTokens = new int[n][];
        markerTokens = new int[n][];
        boolean text = scenario.actionStyle() == ActionStyle.TEXT;
        for (int j = 0; j < n; j++) {
            Step s = scenario.steps().get(j);
            stepStart[j] = msgs.size();
            ObjectNode a = F.objectNode().put("role", "assistant").put("content", s.assistantText());
            int t = MESSAGE_OVERHEAD + counter.count(s.assistantText());
            if (s.reasoning() != null) {
                a.put("reasoning_content", s.reasoning());
                t += MESSAGE_OVERHEAD + counter.count(s.reasoning());
            }
            if (!text && !s.toolCalls().isEmpty()) {
                ArrayNode calls = a.putArray("tool_calls");
                for (ToolCall c : s.toolCalls()) {
                    ObjectNode call = calls.addObject().put("id", c.id()).put("type", "function");
                    call.putObject("function").put("name", c.name()).put("arguments", c.arguments());
                    t += CALL_OVERHEAD + counter.count(c.name()) + counter.count(c.arguments());
                }
            }
            if (s.inHistory()) { // a rejected reply is replayed but never shown to later steps
                msgs.add(a);
                tok.add(t);
            }
            List<String> obs = s.observations();
            observationAt[j] = new int[obs.size()];
            observationBodyTokens[j] = new int[obs.size()];
            markerTokens[j] = new int[obs.size()];
            for (int i = 0; i < obs.size(); i++) {
                ObjectNode o;
                int body = counter.count(obs.get(i));
                if (!text && i < s.toolCalls().size()) {
                    ToolCall c = s.toolCalls().get(i);
                    o = F.objectNode().put("role", "tool").put("tool_call_id", c.id()).put("name", c.name())
                            .put("content", obs.get(i));
                } else {
                    o = F.objectNode().put("role", "user").put("content", obs.get(i));
                }
                observationAt[j][i] = msgs.size();
                observationBodyTokens[j][i] = body;
                markerTokens[j][i] = counter.count(String.format(ELISION_FORMAT, body));
                msgs.add(o);
                tok.add(MESSAGE_OVERHEAD + body);
            }
        }
        stepStart[n] = msgs.size();
        this.all = Collections.unmodifiableList(msgs);
        this.tokens = tok.stream().mapToInt(Integer::intValue).toArray();
        this.cumulative = new int[tokens.length + 1];
        for (int i = 0; i < tokens.length; i++) cumulative[i + 1] = cumulative[i] + tokens[i];
        ArrayNode toolsJson = F.arrayNode();
        scenario.tools().forEach(toolsJson::add);
        this.toolTokens = counter.count(toolsJson.toString());
    }

    public SweScenario scenario() {
        return scenario;
    }

    /** The messages before step {@code k} without any budget (shared, read-only nodes). */
    public List<JsonNode> messagesBefore(int k) {
        checkStep(k);
        return all.subList(0, stepStart[k]);
    }

    /** Estimated prompt tokens for step {@code k} (messages before it + the tool schemas), without truncation. */
    public int estimatedTokens(int k) {
        checkStep(k);
        return cumulative[stepStart[k]] + toolTokens;
    }

    /** The prefix for step {@code k} under {@code budget} (see {@link ContextBudget} for the truncation policy). */
    public ReplayPrefix prefix(int k, ContextBudget budget) {
        checkStep(k);
        int before = estimatedTokens(k);
        List<JsonNode> base = all.subList(0, stepStart[k]);
        if (budget.isUnlimited() || before <= budget.maxPromptTokens()) {
            return new ReplayPrefix(k, base, before, before, List.of(), 0, false);
        }
        int total = before;
        int lastEligible = k - budget.keepLastSteps(); // steps [0, lastEligible) may lose observation bodies
        List<JsonNode> out = null;
        List<Integer> elidedSteps = new ArrayList<>();
        int elided = 0;
        for (int j = 0; j < lastEligible && total > budget.maxPromptTokens(); j++) {
            boolean stepElided = false;
            for (int i = 0; i < observationAt[j].length && total > budget.maxPromptTokens(); i++) {
                int bodyTokens = observationBodyTokens[j][i];
                int marker = markerTokens[j][i];
                if (bodyTokens <= marker) continue; // eliding would not save anything
                if (out == null) out = new ArrayList<>(base);
                int at = observationAt[j][i];
                ObjectNode copy = ((ObjectNode) all.get(at)).deepCopy();
                copy.put("content", String.format(ELISION_FORMAT, bodyTokens));
                out.set(at, copy);
                total -= bodyTokens - marker;
                elided++;
                stepElided = true;
            }
            if (stepElided) elidedSteps.add(j);
        }
        return new ReplayPrefix(k, out == null ? base : out, before, total, elidedSteps, elided,
                total > budget.maxPromptTokens());
    }

    private void checkStep(int k) {
        if (k < 0 || k >= scenario.steps().size()) {
            throw new IndexOutOfBoundsException("step " + k + " is outside scenario " + scenario.id() + " (0.."
                    + (scenario.steps().size() - 1) + ")");
        }
    }
}
