package dev.harmonica.turn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.harmony.FailureMode;
import dev.harmonica.scenario.schema.ToolValidator;
import dev.harmonica.scenario.swe.FencedActions;
import dev.harmonica.scenario.swe.SweScenario.ActionStyle;
import dev.harmonica.scenario.swe.SweScenario.ToolCall;
import dev.harmonica.scenario.swe.SweScenario;
import dev.harmonica.scenario.swe.SweTools;
import dev.harmonica.turn.ActionScore.Agreement;
import dev.harmonica.turn.ActionScore.CallScore;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Scores a model's next action against the recorded step (swe-trajectories.md §4.3): parsed at all, tool name
 * declared, arguments valid JSON and valid against the tool's schema, and graded agreement with the recording.
 * One instance per scenario (schemas compiled once); {@link #score} is pure and thread-safe. Nothing is executed.
 */
public final class ActionScorer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SweScenario scenario;
    private final ToolValidator validator;
    private final List<List<Recorded>> recorded; // per step, per call: parsed once

    /** A recorded call with its parsed arguments and (bash-style tools) normalised command. */
    private record Recorded(ToolCall call, JsonNode args, BashNormalizer.Normalized command, boolean terminal) {
    }

    public ActionScorer(SweScenario scenario) {
        this.scenario = scenario;
        this.validator = ToolValidator.of(scenario.tools());
        List<List<Recorded>> all = new ArrayList<>();
        for (SweScenario.Step st : scenario.steps()) {
            List<Recorded> calls = new ArrayList<>();
            for (ToolCall c : st.toolCalls()) {
                JsonNode args = parseOrNull(c.arguments());
                BashNormalizer.Normalized cmd = isBashLike(c.name()) && args != null && args.path("command").isTextual()
                        ? BashNormalizer.normalize(args.get("command").asText()) : null;
                calls.add(new Recorded(c, args, cmd, isTerminal(c.name(), args)));
            }
            all.add(List.copyOf(calls));
        }
        this.recorded = List.copyOf(all);
    }

    public SweScenario scenario() {
        return scenario;
    }

    public ToolValidator validator() {
        return validator;
    }

    /**
     * Scores the model's action on step {@code step} (0-based; the prompt was the prefix before that step).
     *
     * @throws IndexOutOfBoundsException when the scenario has no such step
     */
    public ActionScore score(int step, ModelAction action) {
        List<Recorded> rec = recorded.get(step);
        boolean recordedTerminal = false;
        for (Recorded c : rec) recordedTerminal |= c.terminal();
        if (!action.parsed()) {
            return new ActionScore(step, false, 0, rec.size(), false, List.of(), Agreement.NO_ACTION, recordedTerminal,
                    false, List.of(), List.of(), List.of());
        }
        List<ModelAction.Call> calls = action.calls();
        boolean fromText = false;
        if (calls.isEmpty() && scenario.actionStyle() == ActionStyle.TEXT) {
            List<FencedActions.XmlCall> xml = FencedActions.xmlCalls(action.text());
            if (!xml.isEmpty()) {
                List<ModelAction.Call> fromXml = new ArrayList<>();
                for (FencedActions.XmlCall x : xml) {
                    ObjectNode args = JSON.createObjectNode();
                    x.parameters().forEach(args::put);
                    JsonNode params = scenario.toolParameters(x.name());
                    fromXml.add(new ModelAction.Call(x.name(), (params == null ? args : SweTools.coerceToSchema(args, params)).toString()));
                }
                calls = fromXml;
                fromText = true;
            } else {
                String cmd = scenario.sourceFormat().startsWith("mini")
                        ? FencedActions.exactlyOne(action.text(), FencedActions.MINI_FENCES)
                        : FencedActions.last(action.text());
                if (cmd != null) {
                    calls = List.of(new ModelAction.Call("bash", JSON.createObjectNode().put("command", cmd).toString()));
                    fromText = true;
                }
            }
        }
        List<CallScore> scores = new ArrayList<>();
        Set<String> strictModes = new LinkedHashSet<>();
        Set<String> lenientModes = new LinkedHashSet<>();
        boolean modelTerminal = false;
        Agreement stepLevel = calls.isEmpty() || rec.isEmpty() ? Agreement.NO_ACTION : Agreement.EXACT;
        for (int i = 0; i < calls.size(); i++) {
            ModelAction.Call c = calls.get(i);
            ToolValidator.Validation exact = validator.validate(c.name(), c.arguments());
            String sanitized = ToolValidator.sanitizedName(c.name());
            boolean leak = !exact.validName() && validator.declares(sanitized);
            // the lenient reading: a leaked name that strips to a declared tool is that tool
            ToolValidator.Validation v = leak ? validator.validate(sanitized, c.arguments()) : exact;
            if (leak) {
                strictModes.add(FailureMode.TOOL_NAME_LEAK.code());
                strictModes.add(FailureMode.UNKNOWN_TOOL.code());
                if (!v.validJson()) strictModes.add(FailureMode.INVALID_JSON_ARGUMENTS.code());
            } else {
                strictModes.addAll(exact.failureModes());
            }
            lenientModes.addAll(v.failureModes());
            String name = v.name();
            BashNormalizer.Normalized command = isBashLike(name) && v.parsed() != null
                    && v.parsed().path("command").isTextual() ? BashNormalizer.normalize(v.parsed().get("command").asText()) : null;
            Agreement level = i < rec.size() ? compare(name, c.arguments(), v.parsed(), command, rec.get(i)) : Agreement.NO_ACTION;
            if (i < rec.size() && level.ordinal() > stepLevel.ordinal()) stepLevel = level;
            modelTerminal |= isTerminal(name, v.parsed());
            String normalized = command == null ? null : command.text();
            scores.add(new CallScore(c.name(), c.arguments(), exact.validName(), v.validName(), v.validJson(),
                    v.schemaChecked(), v.schemaValid(), v.errors(), level, normalized));
        }
        Set<String> modes = new LinkedHashSet<>(strictModes);
        modes.addAll(lenientModes);
        if (!calls.isEmpty() && !rec.isEmpty() && calls.size() != rec.size()
                && stepLevel.ordinal() < Agreement.SAME_TOOL.ordinal()) {
            stepLevel = Agreement.SAME_TOOL;
        }
        return new ActionScore(step, true, calls.size(), rec.size(), fromText, scores, stepLevel, recordedTerminal,
                modelTerminal, new ArrayList<>(modes), new ArrayList<>(strictModes), new ArrayList<>(lenientModes));
    }

    /** Graded agreement of one model call with one recorded call. */
    private static Agreement compare(String name, String argsText, JsonNode args, BashNormalizer.Normalized command,
                                     Recorded recorded) {
        if (!name.equals(recorded.call().name())) return Agreement.DIFFERENT;
        JsonNode rec = recorded.args();
        if (args == null || rec == null) {
            return argsText != null && argsText.strip().equals(recorded.call().arguments().strip()) ? Agreement.EXACT : Agreement.SAME_TOOL;
        }
        if (JsonCanonical.equal(args, rec, false)) return Agreement.EXACT;
        if (command != null && recorded.command() != null) {
            if (BashNormalizer.equivalent(command, recorded.command())
                    && JsonCanonical.equal(without(args, "command"), without(rec, "command"), true)) {
                return Agreement.CANONICAL;
            }
            String pa = command.program();
            return !pa.isEmpty() && pa.equals(recorded.command().program()) ? Agreement.SAME_PROGRAM : Agreement.SAME_TOOL;
        }
        if (JsonCanonical.equal(args, rec, true)) return Agreement.CANONICAL;
        if (rec.has("path") && JsonCanonical.equal(args.get("path"), rec.get("path"), true)
                && JsonCanonical.equal(args.path("command"), rec.path("command"), true)) {
            return Agreement.SAME_TARGET;
        }
        return Agreement.SAME_TOOL;
    }

    private static JsonNode without(JsonNode obj, String field) {
        if (!obj.isObject()) return obj;
        ObjectNode copy = obj.deepCopy();
        copy.remove(field);
        return copy;
    }

    /** bash-style tools: their {@code command} is compared with {@link BashNormalizer}. */
    public static boolean isBashLike(String name) {
        return name != null && name.contains("bash");
    }

    /** The call ends the run: {@code submit}, {@code finish}, or a bash command with mini-swe-agent's sentinel. */
    public static boolean isTerminal(String name, JsonNode args) {
        if (name == null) return false;
        if (name.equals("submit") || name.equals("finish")) return true;
        if (isBashLike(name) && args != null && args.path("command").isTextual()) {
            String cmd = args.get("command").asText();
            return cmd.contains("COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT") || cmd.contains("MINI_SWE_AGENT_FINAL_OUTPUT")
                    || cmd.strip().equals("submit"); // SWE-agent thought_action's submit command
        }
        return false;
    }

    private static JsonNode parseOrNull(String text) {
        try {
            JsonNode n = text == null ? null : JSON.readTree(text);
            return n == null || n.isMissingNode() ? null : n;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
