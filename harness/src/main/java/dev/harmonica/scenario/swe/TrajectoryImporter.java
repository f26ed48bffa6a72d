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
 * Imports recorded agent trajectories (swe-trajectories.md §2) into {@link SweScenario}s. Pure apart from reading
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
    private static final List<String> MINI_FENCES = FencedActions.MINI_FENCES;

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
            case SWEAGENT -> scenarios.add(finish(sweAgent(label, stem, single(label, parsed, fmt)), warnings));
            case MINI_V1 -> scenarios.add(finish(miniV1(label, stem, single(label, parsed, fmt)), warnings));
            case MINI_V2 -> scenarios.add(finish(miniV2(label, stem, single(label, parsed, fmt)), warnings));
            case OPENHANDS -> scenarios.add(finish(openHands(label, stem, single(label, parsed, fmt), null), warnings));
            case MESSAGES -> {
                errors.addAll(parsed.lineErrors);
                Set<String> ids = new HashSet<>();
                for (int r = 0; r < parsed.rows.size(); r++) {
                    Integer line = parsed.lines == null ? null : parsed.lines.get(r);
                    try {
                        Draft d = messagesRow(label, stem, parsed.rows.get(r), line, r, parsed.rows.size());
                        if (!ids.add(d.id)) {
                            String unique = d.id + "#" + (line != null ? "L" + line : "r" + r);
                            warnings.add(d.id + ": duplicate id in " + label + "; renamed to " + unique);
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
        }
        errors.sort(Comparator.comparing(e -> e.line() == null ? 0 : e.line()));
        return new ImportResult(file, fmt, auto, scenarios, warnings, errors);
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
        return n.isObject() && messagesField(n) != null && !n.has("trajectory_format") && !n.has("info");
    }

    private static String messagesField(JsonNode row) {
        for (String k : new String[]{"messages", "trajectory", "conversation", "conversations"}) {
            JsonNode v = row.get(k);
            if (v != null && v.isArray() && (v.isEmpty() || v.get(0).has("role") || v.get(0).has("from"))) return k;
        }
        return null;
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
        if (root == null) return SweFormat.MESSAGES;
        if (root.isObject()) {
            if (root.path("trajectory_format").asText("").startsWith("mini-swe-agent")) return SweFormat.MINI_V2;
            if (root.has("history") && (root.has("trajectory") || root.has("replay_config"))) return SweFormat.SWEAGENT;
            if (root.path("history").isArray() && root.path("history").path(0).has("source")) return SweFormat.OPENHANDS;
            if (root.has("messages") && root.path("info").has("mini_version")) return SweFormat.MINI_V2;
            if (isMessagesRow(root)) return SweFormat.MESSAGES;
        } else if (root.isArray() && !root.isEmpty()) {
            JsonNode first = root.get(0);
            if (first.has("source") && (first.has("action") || first.has("observation"))) return SweFormat.OPENHANDS;
            if (first.has("role")) return SweFormat.MINI_V1;
            if (isMessagesRow(first)) return SweFormat.MESSAGES;
        }
        throw new TrajectoryImportException(label, null, null, "cannot detect the trajectory format (expected a SWE-agent"
                + " .traj with 'history', a mini-swe-agent list or 'trajectory_format', an OpenHands event list, or"
                + " OpenAI-messages rows); pass --format " + String.join("|", SweFormat.codes()));
    }

    // ---------------------------------------------------------------- formats

    /** A scenario before tool completion and validation. */
    private record Draft(String id, SweFormat format, ActionStyle style, List<JsonNode> tools, List<JsonNode> prompt,
                         List<Step> steps, Map<String, String> meta, List<String> warnings, String label, Integer line) {
        Draft withId(String newId) {
            return new Draft(newId, format, style, tools, prompt, steps, meta, warnings, label, line);
        }
    }

    private static Draft sweAgent(String label, String stem, JsonNode root) {
        Where where = new Where(label, null);
        if (!root.isObject()) throw where.error(null, "expected a JSON object with 'history' and 'trajectory'");
        JsonNode replay = root.get("replay_config");
        if (replay != null && replay.isTextual()) {
            try {
                replay = JSON.readTree(replay.asText());
            } catch (JsonProcessingException e) {
                replay = null;
            }
        }
        JsonNode agent = replay == null ? F.missingNode() : replay.path("agent");
        JsonNode trajectory = root.path("trajectory");
        JsonNode history = root.get("history");
        String parseType = agent.path("tools").path("parse_function").path("type").asText("");
        List<JsonNode> messages = new ArrayList<>();
        if (history != null && history.isArray() && !history.isEmpty()) {
            history.forEach(messages::add);
        } else if (trajectory.isArray() && !trajectory.isEmpty() && trajectory.get(0).path("query").isArray()) {
            trajectory.get(0).get("query").forEach(messages::add); // older files: the first step's exact input
        } else {
            throw where.error(null, "missing field 'history' (and no trajectory[0].query to rebuild the prompt from)");
        }
        ActionStyle style = parseType.equals("thought_action") ? ActionStyle.TEXT : ChatWalker.detectStyle(messages);
        ChatWalker.Result r = ChatWalker.walk(messages, style, m -> {
            JsonNode a = m.get("action");
            if (a != null && a.isTextual() && !a.asText().isBlank()) return a.asText().strip();
            return ChatWalker.lastFence(ChatWalker.contentText(m.get("content")));
        }, where);
        List<String> warnings = new ArrayList<>(r.warnings());
        List<JsonNode> tools = new ArrayList<>();
        String docs = agent.path("tools").path("command_docs").asText("");
        if (style == ActionStyle.TEXT) {
            tools.add(SweTools.bash());
        } else if (!docs.isBlank()) {
            tools.addAll(SweTools.fromCommandDocs(docs));
        } else {
            tools.addAll(SweTools.sweAgentDefaults());
        }
        // the terminal action (e.g. submit) is recorded only in 'trajectory' (§8.1)
        List<Step> steps = new ArrayList<>(r.steps());
        if (trajectory.isArray() && trajectory.size() > steps.size()) {
            Set<String> names = new LinkedHashSet<>();
            for (JsonNode t : tools) names.add(SweTools.nameOf(t));
            for (int k = steps.size(); k < trajectory.size(); k++) {
                JsonNode t = trajectory.get(k);
                String action = t.path("action").asText("").strip();
                String text = t.hasNonNull("response") ? t.get("response").asText() : t.path("thought").asText("");
                String id = ChatWalker.syntheticId(k, 0);
                ToolCall call;
                if (action.isEmpty()) {
                    call = null;
                } else if (style == ActionStyle.TOOL_CALLS && names.contains(action)) {
                    call = new ToolCall(id, action, "{}");
                } else {
                    call = ChatWalker.bashCall(id, action);
                }
                if (style == ActionStyle.TEXT) text = t.path("response").asText(text);
                List<String> obs = new ArrayList<>();
                if (t.has("observation") && !t.get("observation").isNull()) obs.add(t.get("observation").asText());
                steps.add(new Step(text, null, call == null ? List.of() : List.of(call), obs));
                warnings.add("step " + k + ": taken from 'trajectory' (not in 'history'): action '" + abbreviate(action) + "'");
            }
        } else if (trajectory.isArray() && trajectory.size() < steps.size()) {
            warnings.add("'history' has " + steps.size() + " assistant messages but 'trajectory' only " + trajectory.size() + " steps");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        putIf(meta, "exit_status", root.path("info").path("exit_status"));
        putIf(meta, "model", agent.path("model").path("name"));
        putIf(meta, "environment", root.path("environment"));
        return new Draft(stem, SweFormat.SWEAGENT, style, tools, r.prompt(), steps, meta, warnings, label, null);
    }

    private static Draft miniV1(String label, String stem, JsonNode root) {
        Where where = new Where(label, null);
        if (!root.isArray()) throw where.error(null, "expected a JSON list of {role, content} messages (mini-swe-agent v1)");
        List<JsonNode> messages = new ArrayList<>();
        root.forEach(messages::add);
        ChatWalker.Result r = ChatWalker.walk(messages, ActionStyle.TEXT,
                m -> ChatWalker.exactlyOneFence(ChatWalker.contentText(m.get("content")), MINI_FENCES), where);
        List<String> warnings = new ArrayList<>(r.warnings());
        noteStepsWithoutAction(r.steps(), warnings);
        return new Draft(stem, SweFormat.MINI_V1, ActionStyle.TEXT, List.of(SweTools.bash()), r.prompt(), r.steps(),
                Map.of(), warnings, label, null);
    }

    private static Draft miniV2(String label, String stem, JsonNode root) {
        Where where = new Where(label, null);
        JsonNode msgs = root.get("messages");
        if (!root.isObject() || msgs == null || !msgs.isArray()) {
            throw where.error(null, "missing field 'messages' (mini-swe-agent v2 trajectory_format mini-swe-agent-1.1)");
        }
        List<JsonNode> messages = new ArrayList<>();
        for (JsonNode m : msgs) {
            // tool-call mode keeps native tool_calls; if a serializer dropped them, extra.actions still name the calls
            if (m.path("role").asText("").equals("assistant") && !m.path("tool_calls").isArray()
                    && m.path("extra").path("actions").isArray() && m.path("extra").path("actions").path(0).has("tool_call_id")) {
                ObjectNode copy = m.deepCopy();
                ArrayNode tcs = copy.putArray("tool_calls");
                for (JsonNode a : m.path("extra").path("actions")) {
                    ObjectNode fn = F.objectNode().put("name", "bash")
                            .put("arguments", F.objectNode().put("command", a.path("command").asText("")).toString());
                    tcs.addObject().put("id", a.path("tool_call_id").asText()).put("type", "function").set("function", fn);
                }
                m = copy;
            }
            messages.add(m);
        }
        ActionStyle style = ChatWalker.detectStyle(messages);
        ChatWalker.Result r = ChatWalker.walk(messages, style,
                m -> ChatWalker.exactlyOneFence(ChatWalker.contentText(m.get("content")), MINI_FENCES), where);
        List<String> warnings = new ArrayList<>(r.warnings());
        noteStepsWithoutAction(r.steps(), warnings);
        Map<String, String> meta = new LinkedHashMap<>();
        putIf(meta, "instance_id", root.path("instance_id"));
        putIf(meta, "exit_status", root.path("info").path("exit_status"));
        if (!meta.containsKey("exit_status") && r.exitStatus() != null) meta.put("exit_status", r.exitStatus());
        putIf(meta, "mini_version", root.path("info").path("mini_version"));
        putIf(meta, "model", root.path("info").path("config").path("model").path("model_name"));
        String id = root.path("instance_id").asText(stem);
        return new Draft(id.isEmpty() ? stem : id, SweFormat.MINI_V2, style, List.of(SweTools.bash()), r.prompt(),
                r.steps(), meta, warnings, label, null);
    }

    private static Draft openHands(String label, String stem, JsonNode root, Integer line) {
        Where where = new Where(label, line);
        JsonNode events = root;
        String id = stem;
        if (root.isObject() && root.path("history").isArray()) {
            events = root.get("history");
            id = root.path("instance_id").asText(stem);
        }
        if (!events.isArray()) throw where.error(null, "expected a JSON list of OpenHands events");
        Map<Long, JsonNode> byId = new LinkedHashMap<>();
        for (JsonNode e : events) if (e.has("id")) byId.put(e.get("id").asLong(), e);
        List<JsonNode> messages = new ArrayList<>();
        List<JsonNode> tools = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Set<String> seenResponses = new HashSet<>();
        int index = -1;
        for (JsonNode e : events) {
            index++;
            if (!e.isObject()) throw where.error(null, "event " + index + ": expected a JSON object");
            String source = e.path("source").asText("");
            JsonNode tcm = e.get("tool_call_metadata");
            if (e.has("action")) {
                String action = e.get("action").asText();
                if (action.equals("system")) {
                    String content = e.path("args").path("content").asText("");
                    if (!content.isEmpty()) messages.add(ChatWalker.promptMessage("system", content));
                    tools.addAll(SweTools.normalizeAll(e.path("args").get("tools")));
                } else if (source.equals("user") && action.equals("message")) {
                    messages.add(ChatWalker.promptMessage("user", e.path("args").path("content").asText(e.path("message").asText(""))));
                } else if (source.equals("agent") && tcm != null && tcm.isObject()) {
                    JsonNode resp = tcm.path("model_response");
                    String respId = resp.path("id").asText("");
                    if (!respId.isEmpty() && !seenResponses.add(respId)) continue; // later calls of the same response
                    JsonNode msg = resp.path("choices").path(0).path("message");
                    ObjectNode assistant = F.objectNode().put("role", "assistant");
                    if (msg.isObject() && msg.path("tool_calls").isArray()) {
                        assistant.put("content", ChatWalker.contentText(msg.get("content")));
                        assistant.set("tool_calls", msg.get("tool_calls").deepCopy());
                    } else {
                        // no raw response: rebuild the single call from the event (§8.3 mapping)
                        assistant.put("content", e.path("args").path("thought").asText(""));
                        ObjectNode fn = F.objectNode().put("name", tcm.path("function_name").asText(action))
                                .put("arguments", openHandsArguments(action, e.path("args")).toString());
                        assistant.putArray("tool_calls").addObject().put("id", tcm.path("tool_call_id").asText(""))
                                .put("type", "function").set("function", fn);
                    }
                    messages.add(assistant);
                } else if (source.equals("agent") && action.equals("message")) {
                    messages.add(F.objectNode().put("role", "assistant").put("content", e.path("args").path("content").asText("")));
                }
                // everything else (change_agent_state, recall, environment actions, …) is not part of the chat
            } else if (e.has("observation") && e.has("cause")) {
                JsonNode cause = byId.get(e.get("cause").asLong());
                JsonNode ctcm = cause == null ? null : cause.get("tool_call_metadata");
                if (ctcm == null || !ctcm.isObject()) continue; // answers a non-tool event (recall, state change)
                messages.add(F.objectNode().put("role", "tool").put("tool_call_id", ctcm.path("tool_call_id").asText(""))
                        .put("content", openHandsObservationText(e)));
            }
        }
        ChatWalker.Result r = ChatWalker.walk(messages, ActionStyle.TOOL_CALLS, m -> null, where);
        warnings.addAll(r.warnings());
        if (tools.isEmpty()) tools.addAll(SweTools.openHandsDefaults());
        Map<String, String> meta = new LinkedHashMap<>();
        if (root.isObject()) putIf(meta, "instance_id", root.path("instance_id"));
        return new Draft(id, SweFormat.OPENHANDS, ActionStyle.TOOL_CALLS, tools, r.prompt(), r.steps(), meta, warnings,
                label, line);
    }

    private static ObjectNode openHandsArguments(String action, JsonNode args) {
        ObjectNode out = F.objectNode();
        switch (action) {
            case "run" -> {
                out.put("command", args.path("command").asText(""));
                out.put("is_input", args.path("is_input").asBoolean(false) ? "true" : "false");
            }
            case "read" -> {
                out.put("command", "view");
                out.put("path", args.path("path").asText(""));
            }
            case "finish" -> {
                if (args.hasNonNull("final_thought")) out.put("message", args.get("final_thought").asText());
            }
            case "think" -> out.put("thought", args.path("thought").asText(""));
            default -> args.fields().forEachRemaining(f -> {
                if (!f.getKey().equals("thought")) out.set(f.getKey(), f.getValue().deepCopy());
            });
        }
        return out;
    }

    /** What the agent saw: for {@code run}, OpenHands shows prefix + content + suffix (e.g. the exit-code line). */
    private static String openHandsObservationText(JsonNode e) {
        String content = e.path("content").asText("");
        JsonNode md = e.path("extras").path("metadata");
        if (e.path("observation").asText("").equals("run") && md.isObject()) {
            return md.path("prefix").asText("") + content + md.path("suffix").asText("");
        }
        return content;
    }

    private static Draft messagesRow(String label, String stem, JsonNode row, Integer line, int rowIndex, int rowCount) {
        Where where = new Where(label, line);
        if (!row.isObject()) throw where.error(null, "expected a JSON object with a 'messages' list");
        if (row.path("history").isArray() && row.path("history").path(0).has("source")) {
            return openHands(label, rowCount == 1 ? stem : stem + "#" + (line != null ? "L" + line : "r" + rowIndex), row, line);
        }
        String field = messagesField(row);
        if (field == null) {
            throw where.error(null, "missing field 'messages' (a list of {role, content, tool_calls?} objects;"
                    + " 'trajectory', 'conversation' and 'conversations' are accepted too)");
        }
        List<JsonNode> messages = new ArrayList<>();
        for (JsonNode m : row.get(field)) {
            if (m.isObject() && !m.has("role") && m.has("from")) { // ShareGPT-style {from, value}
                ObjectNode c = m.deepCopy();
                String from = m.get("from").asText("");
                c.put("role", switch (from) {
                    case "observation", "function", "tool" -> "user";
                    default -> from;
                });
                c.set("content", m.get("value"));
                m = c;
            }
            if (m.isObject() && !m.has("content") && m.has("text")) { // nebius-style rows use 'text'
                ObjectNode c = m.deepCopy();
                c.set("content", m.get("text"));
                m = c;
            }
            messages.add(m);
        }
        ActionStyle style = ChatWalker.detectStyle(messages);
        boolean[] xml = {false};
        ChatWalker.Result r = ChatWalker.walkCalls(messages, style, m -> {
            String content = ChatWalker.contentText(m.get("content"));
            List<FencedActions.XmlCall> calls = FencedActions.xmlCalls(content);
            if (!calls.isEmpty()) {
                xml[0] = true;
                List<ToolCall> out = new ArrayList<>();
                for (FencedActions.XmlCall c : calls) {
                    ObjectNode args = F.objectNode();
                    c.parameters().forEach(args::put);
                    out.add(new ToolCall("", c.name(), args.toString()));
                }
                return out;
            }
            String cmd = ChatWalker.lastFence(content);
            return cmd == null ? List.of() : List.of(ChatWalker.bashCall("", cmd));
        }, where);
        List<String> warnings = new ArrayList<>(r.warnings());
        List<JsonNode> tools = new ArrayList<>(SweTools.normalizeAll(row.get("tools")));
        if (tools.isEmpty()) {
            boolean openHands = false;
            for (Step s : r.steps()) for (ToolCall c : s.toolCalls()) openHands |= c.name().equals("execute_bash");
            if (style == ActionStyle.TEXT && !xml[0]) {
                tools.add(SweTools.bash());
            } else {
                tools.addAll(openHands ? SweTools.openHandsDefaults() : SweTools.sweAgentDefaults());
            }
        }
        List<Step> steps = xml[0] ? coerceToSchemas(r.steps(), tools) : r.steps();
        String id = null;
        for (String k : new String[]{"trajectory_id", "traj_id", "id", "instance_id"}) {
            JsonNode v = row.get(k);
            if (v != null && (v.isTextual() || v.isNumber()) && !v.asText().isEmpty()) {
                id = v.asText();
                break;
            }
        }
        if (id == null) id = rowCount == 1 ? stem : stem + "#" + (line != null ? "L" + line : "r" + rowIndex);
        Map<String, String> meta = new LinkedHashMap<>();
        for (String k : new String[]{"instance_id", "model", "model_name", "exit_status", "resolved", "target", "repo"}) {
            putIf(meta, k, row.path(k));
        }
        return new Draft(id, SweFormat.MESSAGES, style, tools, r.prompt(), steps, meta, warnings, label, line);
    }

    /**
     * XML-written arguments are all text; convert each to the type its tool schema declares (integer, number, boolean,
     * array, object) when the text parses as that type, so that e.g. {@code view_range} becomes {@code [1, 20]}.
     */
    private static List<Step> coerceToSchemas(List<Step> steps, List<JsonNode> tools) {
        Map<String, JsonNode> props = new LinkedHashMap<>();
        for (JsonNode t : tools) props.put(SweTools.nameOf(t), SweTools.parametersOf(t));
        List<Step> out = new ArrayList<>();
        for (Step st : steps) {
            List<ToolCall> calls = new ArrayList<>();
            for (ToolCall c : st.toolCalls()) {
                JsonNode schema = props.get(c.name());
                JsonNode args;
                try {
                    args = JSON.readTree(c.arguments());
                } catch (JsonProcessingException e) {
                    calls.add(c);
                    continue;
                }
                if (schema == null || !args.isObject()) {
                    calls.add(c);
                    continue;
                }
                ObjectNode coerced = SweTools.coerceToSchema(args, schema);
                calls.add(new ToolCall(c.id(), c.name(), coerced.toString()));
            }
            out.add(new Step(st.assistantText(), st.reasoning(), calls, st.observations()));
        }
        return out;
    }

    // ---------------------------------------------------------------- completion and validation

    private static SweScenario finish(Draft d, List<String> warningsOut) {
        Where where = new Where(d.label, d.line);
        if (d.steps.isEmpty()) throw where.error(null, "no assistant messages: nothing to replay");
        if (d.prompt.isEmpty()) throw where.error(0, "no prompt: the first message is already an assistant message");
        List<String> warnings = new ArrayList<>(d.warnings);
        List<JsonNode> tools = new ArrayList<>(d.tools);
        Set<String> declared = new LinkedHashSet<>();
        for (JsonNode t : tools) declared.add(SweTools.nameOf(t));
        Map<String, List<JsonNode>> undeclared = new LinkedHashMap<>();
        for (int k = 0; k < d.steps.size(); k++) {
            for (ToolCall c : d.steps.get(k).toolCalls()) {
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
        Map<String, String> meta = new LinkedHashMap<>(d.meta);
        SweScenario s = new SweScenario(d.id, d.format.code(), d.style, tools, d.prompt, d.steps, meta);
        // validate the recorded calls against the schemas: a recording that disagrees with its own tools is worth knowing
        ToolValidator validator = ToolValidator.of(s.tools());
        for (int k = 0; k < s.steps().size(); k++) {
            for (ToolCall c : s.steps().get(k).toolCalls()) {
                List<String> errs = validator.validate(c.name(), c.arguments()).errors();
                if (!errs.isEmpty()) warnings.add("step " + k + ": recorded call " + c.name() + " does not match its schema: " + String.join("; ", errs));
            }
        }
        for (String w : warnings) warningsOut.add(d.id + ": " + w);
        return s;
    }

    private static void noteStepsWithoutAction(List<Step> steps, List<String> warnings) {
        for (int k = 0; k < steps.size(); k++) {
            if (steps.get(k).toolCalls().isEmpty()) {
                warnings.add("step " + k + ": no action (a recorded format error); scored as 'no action'");
            }
        }
    }

    private static void putIf(Map<String, String> meta, String key, JsonNode v) {
        if (v != null && !v.isMissingNode() && !v.isNull() && (v.isValueNode()) && !v.asText().isEmpty()) meta.put(key, v.asText());
    }

    private static String abbreviate(String s) {
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
