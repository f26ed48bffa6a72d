package dev.harmonica.turn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.harmony.FailureMode;
import dev.harmonica.scenario.schema.ToolValidator;
import dev.harmonica.scenario.swe.ActionFormat;
import dev.harmonica.scenario.swe.SweScenario;
import dev.harmonica.scenario.swe.SweScenario.ToolCall;
import dev.harmonica.turn.ActionScore.Agreement;
import dev.harmonica.turn.ActionScore.CallScore;
import dev.harmonica.turn.ActionScore.Terminal;
import dev.harmonica.turn.ActionScore.ToolModes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Scores a model's reply against the recorded step (docs/swe.md), with one action model for every
 * trajectory format: the reply's actions are its native calls, or, when it has none and the recording writes actions
 * in text, the actions read from its text with the recording's {@link ActionFormat}; each action is validated (tool
 * declared, JSON arguments, schema) and the actions are matched to the recorded ones as a multiset. One instance per
 * scenario (schemas compiled once); {@link #score} is pure and thread-safe. Nothing is executed.
 */
public final class ActionScorer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SweScenario scenario;
    private final ToolValidator validator;
    private final List<List<Recorded>> recorded; // per step, per action: parsed once

    /** A recorded action with its parsed arguments and (bash-style tools) normalised command. */
    private record Recorded(ToolCall call, JsonNode args, BashNormalizer.Normalized command, boolean terminal) {
    }

    /** One reply action as the lenient reading sees it, with both readings' failure codes. */
    private record Read(ModelAction.Call call, ToolValidator.Validation exact, ToolValidator.Validation lenient,
                        BashNormalizer.Normalized command) {
    }

    public ActionScorer(SweScenario scenario) {
        this.scenario = scenario;
        this.validator = ToolValidator.of(scenario.tools());
        List<List<Recorded>> all = new ArrayList<>();
        for (SweScenario.Step st : scenario.steps()) {
            List<Recorded> calls = new ArrayList<>();
            for (ToolCall c : st.toolCalls()) {
                JsonNode args = parseOrNull(c.arguments());
                calls.add(new Recorded(c, args, commandOf(c.name(), args), isTerminal(c.name(), args)));
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
     * Scores the reply on step {@code step} (0-based; the prompt was the prefix before that step). For a step
     * replayed in several requests (parallel calls, one per request), pass {@link ModelAction#combine} of them.
     *
     * @throws IndexOutOfBoundsException when the scenario has no such step
     */
    public ActionScore score(int step, ModelAction reply) {
        List<Recorded> rec = recorded.get(step);
        boolean recordedTerminal = rec.stream().anyMatch(Recorded::terminal);
        String format = scenario.actionFormat().label();
        if (!reply.parsed()) {
            return new ActionScore(step, false, format, false, List.of(), rec.size(), Agreement.NO_ACTION,
                    new Terminal(recordedTerminal, false), List.of(), ToolModes.NONE);
        }
        List<ModelAction.Call> calls = reply.calls();
        boolean fromText = false;
        List<String> formatErrors = List.of();
        if (calls.isEmpty() && scenario.actionFormat().textActions()) {
            ActionFormat.Extraction x = scenario.actionFormat().extract(reply.text(), scenario::toolParameters);
            calls = x.actions().stream().map(c -> new ModelAction.Call(c.name(), c.arguments())).toList();
            fromText = !calls.isEmpty();
            formatErrors = x.errors();
        }
        List<Read> reads = new ArrayList<>();
        Set<String> strictModes = new LinkedHashSet<>();
        Set<String> lenientModes = new LinkedHashSet<>();
        for (ModelAction.Call c : calls) reads.add(read(c, strictModes, lenientModes));
        Agreement[] levels = new Agreement[reads.size()];
        int[] matched = match(reads, rec, levels);
        List<CallScore> scores = new ArrayList<>();
        boolean modelTerminal = false;
        for (int i = 0; i < reads.size(); i++) {
            Read r = reads.get(i);
            modelTerminal |= isTerminal(r.lenient().name(), r.lenient().parsed());
            scores.add(new CallScore(r.call().name(), r.call().arguments(), r.exact().validName(), r.lenient().validName(),
                    r.lenient().validJson(), r.lenient().schemaChecked(), r.lenient().schemaValid(), r.lenient().errors(),
                    levels[i], matched[i], r.command() == null ? null : r.command().text()));
        }
        Set<String> all = new LinkedHashSet<>(strictModes);
        all.addAll(lenientModes);
        return new ActionScore(step, true, format, fromText, scores, rec.size(), stepLevel(levels, rec.size()),
                new Terminal(recordedTerminal, modelTerminal), formatErrors,
                new ToolModes(new ArrayList<>(all), new ArrayList<>(strictModes), new ArrayList<>(lenientModes)));
    }

    /** Validates one reply action strictly (name as written) and leniently (a leaked name recovered). */
    private Read read(ModelAction.Call c, Set<String> strictModes, Set<String> lenientModes) {
        ToolValidator.Validation exact = validator.validate(c.name(), c.arguments());
        String sanitized = ToolValidator.sanitizedName(c.name());
        boolean leak = !exact.validName() && validator.declares(sanitized);
        ToolValidator.Validation v = leak ? validator.validate(sanitized, c.arguments()) : exact;
        if (leak) {
            strictModes.add(FailureMode.TOOL_NAME_LEAK.code());
            strictModes.add(FailureMode.UNKNOWN_TOOL.code());
            if (!v.validJson()) strictModes.add(FailureMode.INVALID_JSON_ARGUMENTS.code());
        } else {
            strictModes.addAll(exact.failureModes());
        }
        lenientModes.addAll(v.failureModes());
        return new Read(c, exact, v, commandOf(v.name(), v.parsed()));
    }

    /**
     * Matches reply actions to recorded actions as a multiset: the closest pairs first (by level, then reply order,
     * then recorded order), each action used once. Fills {@code levels}; returns the matched recorded index per reply
     * action (-1: none left, level {@code NO_ACTION}).
     */
    private static int[] match(List<Read> reads, List<Recorded> rec, Agreement[] levels) {
        int[] matched = new int[reads.size()];
        Arrays.fill(matched, -1);
        Arrays.fill(levels, Agreement.NO_ACTION);
        List<int[]> pairs = new ArrayList<>(); // {level ordinal, reply index, recorded index}
        for (int i = 0; i < reads.size(); i++) {
            for (int j = 0; j < rec.size(); j++) pairs.add(new int[]{compare(reads.get(i), rec.get(j)).ordinal(), i, j});
        }
        pairs.sort((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0])
                : a[1] != b[1] ? Integer.compare(a[1], b[1]) : Integer.compare(a[2], b[2]));
        boolean[] recordedUsed = new boolean[rec.size()];
        for (int[] p : pairs) {
            if (matched[p[1]] >= 0 || recordedUsed[p[2]]) continue;
            matched[p[1]] = p[2];
            recordedUsed[p[2]] = true;
            levels[p[1]] = Agreement.values()[p[0]];
        }
        return matched;
    }

    /**
     * The step's level: both without action → {@code MESSAGE}; an action where the recording has none →
     * {@code DIFFERENT}; no action where it has some → {@code NO_ACTION}; else the worst matched level, capped at
     * {@code SAME_TOOL} when the numbers of actions differ.
     */
    private static Agreement stepLevel(Agreement[] levels, int recordedCount) {
        if (levels.length == 0) return recordedCount == 0 ? Agreement.MESSAGE : Agreement.NO_ACTION;
        if (recordedCount == 0) return Agreement.DIFFERENT;
        Agreement worst = Agreement.EXACT;
        for (Agreement a : levels) {
            if (a != Agreement.NO_ACTION && a.ordinal() > worst.ordinal()) worst = a;
        }
        if (levels.length != recordedCount && worst.ordinal() < Agreement.SAME_TOOL.ordinal()) worst = Agreement.SAME_TOOL;
        return worst;
    }

    /** Graded agreement of one reply action with one recorded action. */
    private static Agreement compare(Read r, Recorded recorded) {
        String name = r.lenient().name();
        if (!name.equals(recorded.call().name())) return Agreement.DIFFERENT;
        JsonNode args = r.lenient().parsed();
        JsonNode rec = recorded.args();
        if (args == null || rec == null) {
            String text = r.call().arguments();
            return text != null && text.strip().equals(recorded.call().arguments().strip()) ? Agreement.EXACT : Agreement.SAME_TOOL;
        }
        if (JsonCanonical.equal(args, rec, false)) return Agreement.EXACT;
        if (r.command() != null && recorded.command() != null) {
            if (BashNormalizer.equivalent(r.command(), recorded.command())
                    && JsonCanonical.equal(without(args, "command"), without(rec, "command"), true)) {
                return Agreement.EQUIVALENT;
            }
            String pa = r.command().program();
            return !pa.isEmpty() && pa.equals(recorded.command().program()) ? Agreement.SAME_PROGRAM : Agreement.SAME_TOOL;
        }
        if (JsonCanonical.equal(args, rec, true)) return Agreement.EQUIVALENT;
        if (rec.has("path") && JsonCanonical.equal(args.get("path"), rec.get("path"), true)
                && JsonCanonical.equal(args.path("command"), rec.path("command"), true)) {
            return Agreement.SAME_TARGET;
        }
        return Agreement.SAME_TOOL;
    }

    private static BashNormalizer.Normalized commandOf(String name, JsonNode args) {
        return isBashLike(name) && args != null && args.path("command").isTextual()
                ? BashNormalizer.normalize(args.get("command").asText()) : null;
    }

    private static JsonNode without(JsonNode obj, String field) {
        if (!obj.isObject()) return obj;
        ObjectNode copy = obj.deepCopy();
        copy.remove(field);
        return copy;
    }

    /** bash-style tools: their {@code command} is compared with {@link BashNormalizer}. */
    public static boolean isBashLike(String name) {
        return name != null && (name.contains("bash") || name.equals("terminal"));
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
