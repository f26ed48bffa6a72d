package dev.harmonica.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harmonica.cli.BadInputException;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads replay scenarios from the SWE importer's {@code scenarios.jsonl}: one object per line,
 * {@code {"id","source_format","tools","prompt_messages","steps":[{"assistant_text","tool_calls":[{"id","name","arguments"}],"observations":[...]}]}}.
 * Errors name the file, line and field.
 */
public final class SweScenarios {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SweScenarios() {
    }

    public static List<ReplayScenario> readJsonl(Path file) {
        List<ReplayScenario> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) continue;
                JsonNode node;
                try {
                    node = MAPPER.readTree(line);
                } catch (JsonProcessingException e) {
                    throw new BadInputException(file + ", line " + n + ": invalid JSON: " + e.getOriginalMessage());
                }
                out.add(fromJson(node, file + ", line " + n));
            }
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage(), e);
        }
        return out;
    }

    /** One scenario object; {@code where} prefixes error messages. */
    public static ReplayScenario fromJson(JsonNode node, String where) {
        if (!node.isObject()) throw bad(where, "", "expected a JSON object");
        String id = text(node, "id", where, true);
        String format = text(node, "source_format", where, false);
        JsonNode tools = node.get("tools");
        if (tools == null || tools.isNull()) tools = MAPPER.createArrayNode();
        if (!tools.isArray()) throw bad(where, "tools", "expected an array of OpenAI tools");
        for (int i = 0; i < tools.size(); i++) {
            JsonNode fn = tools.get(i).has("function") ? tools.get(i).get("function") : tools.get(i);
            if (!fn.path("name").isTextual()) throw bad(where, "tools[" + i + "].function.name", "required string");
        }
        List<JsonNode> prompt = new ArrayList<>();
        JsonNode pm = node.get("prompt_messages");
        if (pm == null || !pm.isArray()) throw bad(where, "prompt_messages", "required: an array of chat messages");
        for (int i = 0; i < pm.size(); i++) {
            if (!pm.get(i).path("role").isTextual()) throw bad(where, "prompt_messages[" + i + "].role", "required string");
            prompt.add(pm.get(i));
        }
        JsonNode steps = node.get("steps");
        if (steps == null || !steps.isArray()) throw bad(where, "steps", "required: an array of recorded steps");
        List<ReplayScenario.Step> out = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            JsonNode s = steps.get(i);
            String sp = "steps[" + i + "]";
            if (!s.isObject()) throw bad(where, sp, "expected an object");
            JsonNode at = s.get("assistant_text");
            String text = at == null || at.isNull() ? null : at.asText();
            List<ReplayScenario.RecordedCall> calls = new ArrayList<>();
            JsonNode tc = s.get("tool_calls");
            if (tc != null && !tc.isNull()) {
                if (!tc.isArray()) throw bad(where, sp + ".tool_calls", "expected an array");
                for (int j = 0; j < tc.size(); j++) {
                    JsonNode c = tc.get(j);
                    if (!c.path("name").isTextual()) throw bad(where, sp + ".tool_calls[" + j + "].name", "required string");
                    JsonNode a = c.get("arguments");
                    String args = a == null || a.isNull() ? "{}" : a.isTextual() ? a.textValue() : a.toString();
                    calls.add(new ReplayScenario.RecordedCall(c.path("id").isTextual() ? c.get("id").textValue() : null,
                            c.get("name").textValue(), args));
                }
            }
            List<String> obs = new ArrayList<>();
            JsonNode ob = s.get("observations");
            if (ob != null && !ob.isNull()) {
                if (!ob.isArray()) throw bad(where, sp + ".observations", "expected an array of strings");
                for (JsonNode o : ob) obs.add(o.isTextual() ? o.textValue() : o.toString());
            }
            out.add(new ReplayScenario.Step(text, calls, obs));
        }
        return new ReplayScenario(id, "swe", format, tools, prompt, out);
    }

    private static String text(JsonNode node, String field, String where, boolean required) {
        JsonNode n = node.get(field);
        if (n == null || n.isNull()) {
            if (required) throw bad(where, field, "required string");
            return null;
        }
        if (!n.isTextual()) throw bad(where, field, "expected a string");
        return n.textValue();
    }

    private static BadInputException bad(String where, String field, String msg) {
        return new BadInputException(where + (field.isEmpty() ? "" : ", field " + field) + ": " + msg);
    }
}
