package dev.harmonica.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.scenario.ReplayScenario;
import dev.harmonica.scenario.swe.ReplayContext;
import dev.harmonica.scenario.swe.SweScenario;
import dev.harmonica.scenario.swe.SweTools;
import dev.harmonica.scenario.swe.TokenCounter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A synthetic SWE-agent trajectory for {@code harmonica bench runner --parts swe}: {@code steps} steps of
 * {@code bash} and {@code str_replace_editor} calls (SWE-agent's default tools) whose recorded observations are
 * sized so that the prompt of the last step is about {@code lastPromptTokens} tokens (the replay context's own
 * o200k_harmony estimate). Seeded and deterministic; built in memory, nothing is read or written.
 */
final class SweBenchScenario {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String[] WORDS = {"self", "value", "result", "config", "items", "index", "parser", "node",
            "token", "buffer", "request", "response", "cache", "schema", "field", "offset", "length", "name", "path",
            "state", "context", "handler", "options", "data", "key", "error", "message", "count", "limit", "scope"};
    private static final String[] MODULES = {"core", "utils", "parsing", "models", "views", "fields", "query",
            "serializers", "backends", "compat"};

    private SweBenchScenario() {
    }

    /** The synthetic trajectory as a replay scenario. */
    static ReplayScenario build(long seed, int steps, int lastPromptTokens) {
        if (steps < 2) throw new IllegalArgumentException("a synthetic trajectory needs at least 2 steps, got " + steps);
        return ReplayScenario.of(trajectory(seed, steps, lastPromptTokens));
    }

    static SweScenario trajectory(long seed, int steps, int lastPromptTokens) {
        SplittableRandom rnd = new SplittableRandom(seed);
        TokenCounter counter = TokenCounter.harmony();
        List<JsonNode> tools = SweTools.sweAgentDefaults();
        List<JsonNode> prompt = List.of(
                F.objectNode().put("role", "system").put("content",
                        "You are a helpful assistant that can interact with a computer to solve software tasks."),
                F.objectNode().put("role", "user").put("content", "<uploaded_files>\n/repo\n</uploaded_files>\n"
                        + "Fix the issue: `Parser.parse` drops the last field when the input ends without a newline. "
                        + "Make the minimal change to non-test files so that the issue is resolved."));
        // the prompt before any step: the prompt messages + tool schemas (as ReplayContext estimates them)
        int used = ReplayContext.MESSAGE_OVERHEAD * prompt.size();
        for (JsonNode m : prompt) used += counter.count(m.path("content").asText());
        ArrayNode toolsJson = F.arrayNode();
        tools.forEach(toolsJson::add);
        used += counter.count(toolsJson.toString());

        List<SweScenario.Step> out = new ArrayList<>(steps);
        for (int j = 0; j < steps; j++) {
            String file = "/repo/src/pkg/" + MODULES[rnd.nextInt(MODULES.length)] + ".py";
            String thought;
            String name;
            ObjectNode args = F.objectNode();
            String head;
            switch (j == steps - 1 ? 5 : rnd.nextInt(5)) {
                case 0 -> {
                    name = "bash";
                    String w = WORDS[rnd.nextInt(WORDS.length)];
                    args.put("command", "grep -rn \"" + w + "\" /repo/src --include=*.py | head -200");
                    thought = "Let me find where `" + w + "` is used.";
                    head = "";
                }
                case 1 -> {
                    name = "bash";
                    args.put("command", "cd /repo && python -m pytest tests/test_" + MODULES[rnd.nextInt(MODULES.length)]
                            + ".py -x -q 2>&1 | tail -80");
                    thought = "Run the relevant tests to see the current behaviour.";
                    head = "============================= test session starts ==============================\n";
                }
                case 2, 3 -> {
                    name = "str_replace_editor";
                    int from = 1 + rnd.nextInt(400);
                    args.put("command", "view").put("path", file);
                    args.putArray("view_range").add(from).add(from + 60);
                    thought = "Let me look at " + file + " around line " + from + ".";
                    head = "Here's the result of running `cat -n` on " + file + ":\n";
                }
                case 4 -> {
                    name = "str_replace_editor";
                    String w = WORDS[rnd.nextInt(WORDS.length)];
                    args.put("command", "str_replace").put("path", file)
                            .put("old_str", "        if " + w + " is None:\n            return []")
                            .put("new_str", "        if " + w + " is None:\n            return [" + w + "_default]");
                    thought = "Handle the missing `" + w + "` case.";
                    head = "The file " + file + " has been edited. Here's the result of running `cat -n` on a snippet of "
                            + file + ":\n";
                }
                default -> {
                    name = "submit";
                    thought = "The fix is in place and the tests pass; submitting.";
                    head = "";
                }
            }
            SweScenario.ToolCall call = new SweScenario.ToolCall("call_" + j, name, args.toString());
            int stepTokens = ReplayContext.MESSAGE_OVERHEAD + counter.count(thought) + ReplayContext.CALL_OVERHEAD
                    + counter.count(name) + counter.count(call.arguments()) + ReplayContext.MESSAGE_OVERHEAD;
            String observation;
            if (j == steps - 1) {
                observation = "diff --git a/src/pkg/core.py b/src/pkg/core.py\n";
            } else {
                // spread what is left evenly over the remaining steps, varied +-50% (the last observation is not in
                // the last prompt)
                int remaining = lastPromptTokens - used;
                int left = steps - 1 - j;
                double mean = remaining / (double) left;
                int target = left == 1 ? (int) mean - stepTokens : (int) (mean * (0.5 + rnd.nextDouble())) - stepTokens;
                observation = observation(rnd, counter, head, Math.max(8, target), j);
            }
            used += stepTokens + counter.count(observation);
            out.add(new SweScenario.Step(thought, null, List.of(call), List.of(observation)));
        }
        return new SweScenario("synthetic_swe_" + steps + "_" + seed, "messages", SweScenario.ActionStyle.TOOL_CALLS,
                tools, prompt, out, Map.of("synthetic", "true", "seed", Long.toString(seed)));
    }

    /** Code-like lines (numbered as {@code cat -n} prints them) until about {@code targetTokens}. */
    private static String observation(SplittableRandom rnd, TokenCounter counter, String head, int targetTokens, int step) {
        StringBuilder sb = new StringBuilder(head);
        int tokens = counter.count(head);
        int line = 1 + rnd.nextInt(300);
        while (tokens < targetTokens) {
            String a = WORDS[rnd.nextInt(WORDS.length)];
            String b = WORDS[rnd.nextInt(WORDS.length)];
            String text = switch (rnd.nextInt(4)) {
                case 0 -> "    def " + a + "_" + b + "(self, " + b + "=None):";
                case 1 -> "        " + a + " = self._" + b + ".get(" + step + ", " + line + ")";
                case 2 -> "        if not " + a + ":  # " + b + " may be empty";
                default -> "        return " + a + "[" + b + "]";
            };
            String l = String.format(Locale.ROOT, "%6d\t%s%n", line++, text);
            int t = counter.count(l);
            if (tokens + t > targetTokens && tokens > 0) break;
            sb.append(l);
            tokens += t;
        }
        return sb.toString();
    }
}
