package dev.harmonica.scenario.swe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.scenario.schema.ToolValidator;
import dev.harmonica.scenario.swe.ChatWalker.Where;
import dev.harmonica.scenario.swe.SweScenario.ActionStyle;
import dev.harmonica.scenario.swe.SweScenario.Step;
import dev.harmonica.scenario.swe.SweScenario.ToolCall;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Imports recorded agent trajectories (docs/swe.md) into {@link SweScenario}s. Pure apart from reading
 * the one file it is given; never executes anything from it.
 *
 * <p>Tool schemas: taken from the trajectory when it records them (SWE-agent {@code command_docs}, an OpenHands
 * {@code system} event's {@code tools}, a dataset row's {@code tools}); else the scaffold's defaults from
 * {@link SweTools}. A recorded call to a tool that is still undeclared gets an inferred schema and a warning.
 */
public final class TrajectoryImporter {
    private static final ObjectMapper JSON = ChatWalker.JSON;
    /** A whole-document reader: content after the first value is an error (so JSON Lines are not read as one row). */
    private static final ObjectReader DOCUMENT = JSON.readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /**
     * What one file produced.
     *
     * @param format       the format used
     * @param autoDetected whether {@code format} was detected (true) or given (false)
     * @param scenarios    the scenarios imported (one per file, or one per good row of a JSON Lines file)
     * @param warnings     non-fatal findings (pairing by position, inferred schemas, recorded calls that do not
     *                     match their schema, …), each prefixed with the scenario id
     * @param errors       rows that failed (JSON Lines / row arrays only; a single-trajectory file throws instead)
     */
    public record ImportResult(Path file, SweFormat format, boolean autoDetected, List<SweScenario> scenarios,
                               List<String> warnings, List<TrajectoryImportException> errors) {
        public ImportResult {
            scenarios = List.copyOf(scenarios);
            warnings = List.copyOf(warnings);
            errors = List.copyOf(errors);
        }
    }

    private TrajectoryImporter() {
    }

    /**
     * Imports one file.
     *
     * @param format the format, or null to detect it ({@link #detect})
     * @throws TrajectoryImportException when the file cannot be read, is not valid JSON / JSON Lines, is not of the
     *                                   format, or (single-trajectory files) a step is malformed
     */
    public static ImportResult importFile(Path file, SweFormat format) {
        String label = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TrajectoryImportException(label, null, null, "cannot read file: " + e.getMessage(), e);
        }
        return importText(label, stem(file), text, format, file);
    }

    /** Imports text already read (tests, stdin). {@code stem} is the id used when the content names none. */
    public static ImportResult importText(String label, String stem, String text, SweFormat format) {
        return importText(label, stem, text, format, Path.of(label));
    }

    private static ImportResult importText(String label, String stem, String text, SweFormat format, Path file) {
        Parsed parsed = parse(label, text);
        boolean auto = format == null;
        SweFormat fmt = auto ? detect(label, parsed) : format;
        List<SweScenario> scenarios = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<TrajectoryImportException> errors = new ArrayList<>();
        switch (fmt) {
            case SWEAGENT -> scenarios.add(finish(SweAgentFormat.read(label, stem, single(label, parsed, fmt)), warnings));
            case MINI_V1 -> scenarios.add(finish(MiniSweAgentFormat.v1(label, stem, single(label, parsed, fmt)), warnings));
            case MINI_V2 -> scenarios.add(finish(MiniSweAgentFormat.v2(label, stem, single(label, parsed, fmt)), warnings));
            case OPENHANDS -> scenarios.add(finish(OpenHandsFormat.v0(label, stem, single(label, parsed, fmt), null), warnings));
            case OPENHANDS_V1 -> {
                if (!parsed.lineErrors.isEmpty()) throw parsed.lineErrors.get(0);
                scenarios.add(finish(OpenHandsFormat.v1(label, stem, events(parsed)), warnings));
            }
            case MESSAGES -> rows(label, stem, parsed, scenarios, warnings, errors);
        }
        errors.sort(Comparator.comparing(e -> e.line() == null ? 0 : e.line()));
        return new ImportResult(file, fmt, auto, scenarios, warnings, errors);
    }

    private static void rows(String label, String stem, Parsed parsed, List<SweScenario> scenarios, List<String> warnings,
                             List<TrajectoryImportException> errors) {
        errors.addAll(parsed.lineErrors);
        Set<String> ids = new HashSet<>();
        for (int r = 0; r < parsed.rows.size(); r++) {
            Integer line = parsed.lines == null ? null : parsed.lines.get(r);
            try {
                Draft d = row(label, stem, parsed.rows.get(r), line, r, parsed.rows.size());
                if (!ids.add(d.id())) {
                    String unique = d.id() + "#" + (line != null ? "L" + line : "r" + r);
                    warnings.add(d.id() + ": duplicate id in " + label + "; renamed to " + unique);
                    d = d.withId(unique);
                    ids.add(unique);
                }
                scenarios.add(finish(d, warnings));
            } catch (TrajectoryImportException e) {
                errors.add(e);
            }
        }
        if (scenarios.isEmpty() && errors.isEmpty()) {
            throw new TrajectoryImportException(label, null, null, "no rows found");
        }
    }

    /** One dataset row: an OpenHands V0 {@code output.jsonl} row (with {@code history}) or a messages row. */
    private static Draft row(String label, String stem, JsonNode row, Integer line, int rowIndex, int rowCount) {
        String fallbackId = rowCount == 1 ? stem : stem + "#" + (line != null ? "L" + line : "r" + rowIndex);
        if (!row.isObject()) {
            throw new TrajectoryImportException(label, line, null, "expected a JSON object with a 'messages' list");
        }
        if (row.path("history").isArray() && row.path("history").path(0).has("source")) {
            return OpenHandsFormat.v0(label, fallbackId, row, line);
        }
        String id = fallbackId;
        for (String k : new String[]{"trajectory_id", "traj_id", "id", "instance_id"}) {
            JsonNode v = row.get(k);
            if (v != null && (v.isTextual() || v.isNumber()) && !v.asText().isEmpty()) {
                id = v.asText();
                break;
            }
        }
        return MessagesRows.read(label, id, row, line);
    }

    /** The events of an OpenHands V1 log: JSON Lines rows, a JSON list, or an object's {@code events} list. */
    private static List<JsonNode> events(Parsed p) {
        JsonNode root = p.root;
        List<JsonNode> out = new ArrayList<>();
        if (root == null) out.addAll(p.rows);
        else if (root.isArray()) root.forEach(out::add);
        else if (root.path("events").isArray()) root.get("events").forEach(out::add);
        else out.add(root);
        return out;
    }

    // ---------------------------------------------------------------- parsing and detection

    /** The parsed content: one JSON value, or JSON Lines rows (with their 1-based line numbers). */
    private record Parsed(JsonNode root, List<JsonNode> rows, List<Integer> lines, List<TrajectoryImportException> lineErrors) {
        Parsed(JsonNode root, List<JsonNode> rows, List<Integer> lines) {
            this(root, rows, lines, List.of());
        }
    }

    private static Parsed parse(String label, String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) throw new TrajectoryImportException(label, null, null, "file is empty");
        {
            try {
                JsonNode root = DOCUMENT.readValue(text);
                List<JsonNode> rows = new ArrayList<>();
                if (root.isArray() && !root.isEmpty() && root.get(0).isObject() && isMessagesRow(root.get(0))) {
                    root.forEach(rows::add);
                } else {
                    rows.add(root);
                }
                return new Parsed(root, rows, null);
            } catch (JsonProcessingException e) {
                if (!looksLikeJsonLines(text)) {
                    throw new TrajectoryImportException(label, e.getLocation() == null ? null : e.getLocation().getLineNr(), null,
                            "invalid JSON: " + e.getOriginalMessage());
                }
            }
        }
        List<JsonNode> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        List<TrajectoryImportException> lineErrors = new ArrayList<>();
        String[] ls = text.split("\n", -1);
        for (int i = 0; i < ls.length; i++) {
            if (ls[i].isBlank()) continue;
            try {
                rows.add(JSON.readTree(ls[i]));
                lines.add(i + 1);
            } catch (JsonProcessingException e) {
                lineErrors.add(new TrajectoryImportException(label, i + 1, null, "invalid JSON: " + e.getOriginalMessage()
                        + " (each line of a JSON Lines file must be one complete JSON value)"));
            }
        }
        if (rows.isEmpty() && !lineErrors.isEmpty()) throw lineErrors.get(0);
        return new Parsed(null, rows, lines, lineErrors);
    }

    private static boolean looksLikeJsonLines(String text) {
        String first = text.strip().split("\n", 2)[0];
        try {
            return JSON.readTree(first).isObject();
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static JsonNode single(String label, Parsed p, SweFormat fmt) {
        if (!p.lineErrors.isEmpty()) throw p.lineErrors.get(0);
        if (p.root != null) return p.root;
        if (p.rows.size() == 1) return p.rows.get(0);
        throw new TrajectoryImportException(label, null, null, "the " + fmt.code()
                + " format is one JSON document per file, but the file holds " + p.rows.size()
                + " JSON Lines rows (use --format messages)");
    }

    private static boolean isMessagesRow(JsonNode n) {
        return n.isObject() && MessagesRows.messagesField(n) != null && !n.has("trajectory_format") && !n.has("info");
    }

    /** Detects the format of a file (see {@link #detect(String, Parsed)}). */
    public static SweFormat detect(Path file) {
        String label = file.toString();
        try {
            return detect(label, parse(label, Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new TrajectoryImportException(label, null, null, "cannot read file: " + e.getMessage(), e);
        }
    }

    private static SweFormat detect(String label, Parsed p) {
        JsonNode root = p.root;
        if (root == null) {
            JsonNode first = p.rows.isEmpty() ? null : p.rows.get(0);
            return first != null && isV1Event(first) ? SweFormat.OPENHANDS_V1 : SweFormat.MESSAGES;
        }
        SweFormat f = root.isObject() ? detectObject(root) : root.isArray() && !root.isEmpty() ? detectList(root) : null;
        if (f != null) return f;
        String seen = root.isObject() ? "a JSON object with fields " + fieldNames(root)
                : root.isArray() && !root.isEmpty() ? "a JSON list whose first element is " + describe(root.get(0))
                : "a JSON " + root.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        throw new TrajectoryImportException(label, null, null, "cannot detect the trajectory format: the file holds "
                + seen + "; expected a SWE-agent .traj ('history'), a mini-swe-agent list or 'trajectory_format', an"
                + " OpenHands event list (V0 'source'+'action'/'observation', V1 'kind'), or OpenAI-messages rows"
                + " ('messages', 'trajectory', 'conversation(s)'); pass --format " + String.join("|", SweFormat.codes()));
    }

    private static SweFormat detectObject(JsonNode root) {
        if (root.path("trajectory_format").asText("").startsWith("mini-swe-agent")) return SweFormat.MINI_V2;
        if (root.has("messages") && root.path("info").has("mini_version")) return SweFormat.MINI_V2;
        JsonNode history = root.path("history");
        if (history.isArray() && history.path(0).has("source")) return SweFormat.OPENHANDS;
        if (history.isArray() && (history.path(0).has("role") || root.has("trajectory") || root.has("replay_config"))) {
            return SweFormat.SWEAGENT;
        }
        if (root.path("events").isArray() && isV1Event(root.path("events").path(0))) return SweFormat.OPENHANDS_V1;
        if (isV1Event(root)) return SweFormat.OPENHANDS_V1;
        if (isMessagesRow(root)) return SweFormat.MESSAGES;
        return null;
    }

    private static SweFormat detectList(JsonNode root) {
        JsonNode first = root.get(0);
        if (isV1Event(first)) return SweFormat.OPENHANDS_V1;
        if (first.has("source") && (first.has("action") || first.has("observation"))) return SweFormat.OPENHANDS;
        if (first.has("role")) return SweFormat.MINI_V1;
        if (isMessagesRow(first)) return SweFormat.MESSAGES;
        return null;
    }

    /** An OpenHands V1 SDK event: a {@code kind} naming an event class, with {@code id} or {@code source}. */
    private static boolean isV1Event(JsonNode n) {
        return n.isObject() && n.path("kind").asText("").endsWith("Event") && (n.has("source") || n.has("id"))
                || n.isObject() && n.path("kind").asText("").equals("UserRejectObservation");
    }

    /** The field names of an object, for error messages. */
    static List<String> fieldNames(JsonNode o) {
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String describe(JsonNode n) {
        return n.isObject() ? "an object with fields " + fieldNames(n) : "a " + n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }

    // ---------------------------------------------------------------- completion and validation

    private static SweScenario finish(Draft d, List<String> warningsOut) {
        Draft.Content c = d.content();
        Where where = new Where(d.source().label(), d.source().line());
        if (c.steps().isEmpty()) throw where.error(null, "no assistant messages: nothing to replay");
        List<String> warnings = new ArrayList<>(d.warnings());
        if (c.prompt().isEmpty()) warnings.add("no prompt: the first message is already an assistant message");
        List<JsonNode> tools = new ArrayList<>(c.tools());
        inferUndeclaredTools(c.steps(), tools, warnings);
        ActionStyle style = c.actionFormat().textActions() ? ActionStyle.TEXT : ActionStyle.TOOL_CALLS;
        SweScenario s = new SweScenario(d.id(), d.source().format().code(), style, c.actionFormat(), tools, c.prompt(),
                c.steps(), new LinkedHashMap<>(d.meta()));
        // validate the recorded calls against the schemas: a recording that disagrees with its own tools is worth knowing
        ToolValidator validator = ToolValidator.of(s.tools());
        for (int k = 0; k < s.steps().size(); k++) {
            for (ToolCall call : s.steps().get(k).toolCalls()) {
                List<String> errs = validator.validate(call.name(), call.arguments()).errors();
                if (!errs.isEmpty()) {
                    warnings.add("step " + k + ": recorded call " + call.name() + " does not match its schema: "
                            + String.join("; ", errs));
                }
            }
        }
        for (String w : warnings) warningsOut.add(d.id() + ": " + w);
        return s;
    }

    private static void inferUndeclaredTools(List<Step> steps, List<JsonNode> tools, List<String> warnings) {
        Set<String> declared = new LinkedHashSet<>();
        for (JsonNode t : tools) declared.add(SweTools.nameOf(t));
        Map<String, List<JsonNode>> undeclared = new LinkedHashMap<>();
        for (int k = 0; k < steps.size(); k++) {
            for (ToolCall c : steps.get(k).toolCalls()) {
                JsonNode args;
                try {
                    args = JSON.readTree(c.arguments());
                } catch (JsonProcessingException e) {
                    args = null;
                    warnings.add("step " + k + ": recorded call " + c.id() + " (" + c.name() + ") has arguments that are not valid JSON");
                }
                if (!declared.contains(c.name())) undeclared.computeIfAbsent(c.name(), n -> new ArrayList<>()).add(args);
            }
        }
        for (Map.Entry<String, List<JsonNode>> e : undeclared.entrySet()) {
            tools.add(SweTools.inferred(e.getKey(), e.getValue()));
            warnings.add("tool '" + e.getKey() + "' is called but not declared; schema inferred from " + e.getValue().size() + " recorded call(s)");
        }
    }

    static void noteStepsWithoutAction(List<Step> steps, List<String> warnings) {
        for (int k = 0; k < steps.size(); k++) {
            if (steps.get(k).toolCalls().isEmpty()) {
                warnings.add("step " + k + ": no action (" + (steps.get(k).inHistory() ? "a message-only reply"
                        : "a reply the agent rejected as a format error") + "); agrees only with a reply without action");
            }
        }
    }

    static void putIf(Map<String, String> meta, String key, JsonNode v) {
        if (v != null && !v.isMissingNode() && !v.isNull() && (v.isValueNode()) && !v.asText().isEmpty()) meta.put(key, v.asText());
    }

    static String abbreviate(String s) {
        String one = s.replace('\n', ' ');
        return one.length() <= 60 ? one : one.substring(0, 57) + "...";
    }

    /** The file name without its trajectory extensions ({@code .traj}, {@code .json}, {@code .jsonl}). */
    static String stem(Path file) {
        String n = file.getFileName().toString();
        for (String ext : new String[]{".jsonl", ".json", ".traj"}) {
            if (n.endsWith(ext)) n = n.substring(0, n.length() - ext.length());
        }
        return n;
    }
}
