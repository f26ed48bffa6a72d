package dev.harmonica.scenario.swe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.scenario.swe.SweScenario.ActionStyle;
import dev.harmonica.scenario.swe.SweScenario.Step;
import dev.harmonica.scenario.swe.SweScenario.ToolCall;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The {@code scenarios.jsonl} contract written by {@code harmonica import} and read by the runner: one JSON object
 * per line,
 * <pre>{"id", "source_format", "action_style": "tool_calls"|"text",
 *  "tools": [OpenAI tool JSON…], "prompt_messages": [{"role","content"}…],
 *  "steps": [{"assistant_text", "reasoning"?, "tool_calls": [{"id","name","arguments"}], "observations": [text…],
 *             "in_history"?: false}],
 *  "action_format": {"kind": "tool_calls"|"regex"|"fence_last"|"command_tag_last"|"function_xml", "pattern"?},
 *  "meta": {string: string}}</pre>
 * {@code arguments} is the JSON text of the arguments (a string, as in OpenAI's API). Within a step, the first
 * {@code tool_calls.size()} observations are the call results, in order; further ones are user messages (text mode:
 * all). {@code action_style}, {@code action_format}, {@code in_history} and {@code meta} are optional on read (defaults
 * {@code tool_calls}, the style's default format ({@link SweScenario#defaultFormat}), true, empty).
 */
public final class ScenarioJsonl {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ScenarioJsonl() {
    }

    /** One scenario as its JSON object (field order as documented). */
    public static ObjectNode toJson(SweScenario s) {
        ObjectNode o = F.objectNode();
        o.put("id", s.id());
        o.put("source_format", s.sourceFormat());
        o.put("action_style", s.actionStyle().code());
        ArrayNode tools = o.putArray("tools");
        s.tools().forEach(tools::add);
        ArrayNode prompt = o.putArray("prompt_messages");
        s.promptMessages().forEach(prompt::add);
        ArrayNode steps = o.putArray("steps");
        for (Step st : s.steps()) {
            ObjectNode so = steps.addObject();
            so.put("assistant_text", st.assistantText());
            if (st.reasoning() != null) so.put("reasoning", st.reasoning());
            ArrayNode calls = so.putArray("tool_calls");
            for (ToolCall c : st.toolCalls()) calls.addObject().put("id", c.id()).put("name", c.name()).put("arguments", c.arguments());
            ArrayNode obs = so.putArray("observations");
            st.observations().forEach(obs::add);
            if (!st.inHistory()) so.put("in_history", false);
        }
        ObjectNode format = o.putObject("action_format").put("kind", s.actionFormat().kind().code());
        if (s.actionFormat().pattern() != null) format.put("pattern", s.actionFormat().pattern());
        ObjectNode meta = o.putObject("meta");
        s.meta().forEach(meta::put);
        return o;
    }

    /** One scenario as a single JSON line (no trailing newline). */
    public static String toLine(SweScenario s) {
        return toJson(s).toString();
    }

    /** Writes scenarios, one line each. */
    public static void write(Writer out, List<SweScenario> scenarios) throws IOException {
        for (SweScenario s : scenarios) {
            out.write(toLine(s));
            out.write('\n');
        }
    }

    /** Reads a whole scenarios.jsonl file. */
    public static List<SweScenario> read(Path file) {
        List<SweScenario> out = new ArrayList<>();
        forEach(file, out::add);
        return out;
    }

    /**
     * Streams a scenarios.jsonl file line by line (blank lines skipped).
     *
     * @throws TrajectoryImportException naming the file, line and field of the first bad line
     */
    public static void forEach(Path file, Consumer<SweScenario> sink) {
        String label = file.toString();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank()) continue;
                sink.accept(parseLine(label, no, line));
            }
        } catch (IOException e) {
            throw new TrajectoryImportException(label, null, null, "cannot read file: " + e.getMessage(), e);
        }
    }

    /** Parses one line of the contract. */
    public static SweScenario parseLine(String label, int lineNo, String line) {
        JsonNode o;
        try {
            o = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new TrajectoryImportException(label, lineNo, null, "invalid JSON: " + e.getOriginalMessage());
        }
        return fromJson(label, lineNo, o);
    }

    /** Reads one scenario object; errors name the field, e.g. {@code steps[3].tool_calls[0].name}. */
    public static SweScenario fromJson(String label, Integer lineNo, JsonNode o) {
        if (o == null || !o.isObject()) throw new TrajectoryImportException(label, lineNo, null, "expected a JSON object");
        String id = text(label, lineNo, o, "id", "id");
        String format = text(label, lineNo, o, "source_format", "source_format");
        ActionStyle style = ActionStyle.TOOL_CALLS;
        if (o.has("action_style")) {
            style = ActionStyle.byCode(o.get("action_style").asText(""));
            if (style == null) throw bad(label, lineNo, null, "field 'action_style': expected \"tool_calls\" or \"text\", found " + o.get("action_style"));
        }
        List<JsonNode> tools = new ArrayList<>();
        int i = 0;
        for (JsonNode t : array(label, lineNo, o, "tools", "tools")) {
            if (SweTools.nameOf(t).isEmpty()) throw bad(label, lineNo, null, "field 'tools[" + i + "].function.name': missing");
            tools.add(t);
            i++;
        }
        List<JsonNode> prompt = new ArrayList<>();
        i = 0;
        for (JsonNode m : array(label, lineNo, o, "prompt_messages", "prompt_messages")) {
            text(label, lineNo, m, "role", "prompt_messages[" + i + "].role");
            prompt.add(m);
            i++;
        }
        List<Step> steps = new ArrayList<>();
        int k = 0;
        for (JsonNode s : array(label, lineNo, o, "steps", "steps")) {
            String p = "steps[" + k + "]";
            if (!s.isObject()) throw bad(label, lineNo, k, "field '" + p + "': expected an object");
            JsonNode at = s.get("assistant_text");
            if (at != null && !at.isTextual() && !at.isNull()) throw bad(label, lineNo, k, "field '" + p + ".assistant_text': expected a string");
            List<ToolCall> calls = new ArrayList<>();
            int c = 0;
            for (JsonNode call : array(label, lineNo, s, "tool_calls", p + ".tool_calls")) {
                String cp = p + ".tool_calls[" + c + "]";
                calls.add(new ToolCall(text(label, lineNo, call, "id", cp + ".id"), text(label, lineNo, call, "name", cp + ".name"),
                        text(label, lineNo, call, "arguments", cp + ".arguments")));
                c++;
            }
            List<String> obs = new ArrayList<>();
            int j = 0;
            for (JsonNode ob : array(label, lineNo, s, "observations", p + ".observations")) {
                if (!ob.isTextual()) throw bad(label, lineNo, k, "field '" + p + ".observations[" + j + "]': expected a string");
                obs.add(ob.asText());
                j++;
            }
            JsonNode reasoning = s.get("reasoning");
            steps.add(new Step(at == null || at.isNull() ? "" : at.asText(),
                    reasoning == null || reasoning.isNull() ? null : reasoning.asText(), calls, obs,
                    s.path("in_history").asBoolean(true)));
            k++;
        }
        if (steps.isEmpty()) throw bad(label, lineNo, null, "field 'steps': empty (nothing to replay)");
        Map<String, String> meta = new LinkedHashMap<>();
        JsonNode m = o.get("meta");
        if (m != null && m.isObject()) m.fields().forEachRemaining(e -> meta.put(e.getKey(), e.getValue().asText()));
        try {
            return new SweScenario(id, format, style, actionFormat(label, lineNo, o.get("action_format")), tools, prompt,
                    steps, meta);
        } catch (IllegalArgumentException e) {
            throw bad(label, lineNo, null, "field 'action_format': " + e.getMessage());
        }
    }

    private static ActionFormat actionFormat(String label, Integer lineNo, JsonNode f) {
        if (f == null || f.isNull()) return null;
        ActionFormat.Kind kind = ActionFormat.Kind.byCode(f.path("kind").asText(""));
        if (kind == null) {
            throw bad(label, lineNo, null, "field 'action_format.kind': expected tool_calls, regex, fence_last,"
                    + " command_tag_last or function_xml, found " + f.get("kind"));
        }
        try {
            return new ActionFormat(kind, f.path("pattern").isTextual() ? f.get("pattern").asText() : null);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw bad(label, lineNo, null, "field 'action_format.pattern': " + (e.getMessage() == null ? "missing" : e.getMessage()));
        }
    }

    private static TrajectoryImportException bad(String label, Integer line, Integer step, String problem) {
        return new TrajectoryImportException(label, line, step, problem);
    }

    private static String text(String label, Integer line, JsonNode o, String field, String path) {
        JsonNode v = o == null ? null : o.get(field);
        if (v == null || !v.isTextual()) {
            throw bad(label, line, null, "field '" + path + "': " + (v == null ? "missing" : "expected a string, found " + v.getNodeType()));
        }
        return v.asText();
    }

    private static JsonNode array(String label, Integer line, JsonNode o, String field, String path) {
        JsonNode v = o.get(field);
        if (v == null || !v.isArray()) {
            throw bad(label, line, null, "field '" + path + "': " + (v == null ? "missing" : "expected an array, found " + v.getNodeType()));
        }
        return v;
    }

    /** Whether a JSON Lines file is in this contract (its first non-blank line has {@code source_format} and {@code steps}). */
    public static boolean isScenarioFile(Path file) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) continue;
                JsonNode o = JSON.readTree(line);
                return o.isObject() && o.has("source_format") && o.has("steps");
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }
}
