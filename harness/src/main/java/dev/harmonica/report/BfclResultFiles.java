package dev.harmonica.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.journal.JournalReader;
import dev.harmonica.journal.ScenarioRecord;
import dev.harmonica.run.Runner;
import dev.harmonica.run.RunSpec;
import dev.harmonica.run.Variant;
import dev.harmonica.scenario.BadInputException;
import dev.harmonica.scenario.bfcl.BfclCategory;
import dev.harmonica.tools.bfcl.BfclScores;
import dev.harmonica.tools.bfcl.py.Py;
import dev.harmonica.tools.bfcl.py.PyException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a run's BFCL-protocol variant as a BFCL project root, from the journal alone: the result files
 * {@code result/<model>/multi_turn/BFCL_v4_multi_turn_<category>_result.json} that {@code bfcl evaluate} scores, and
 * {@code score/data_multi_turn.csv} from Harmonica's own verdicts, byte for byte as bfcl-eval 2026.3.23 writes it.
 *
 * <p>The layout follows bfcl-eval ({@code BaseHandler.write}, {@code multi_threaded_inference},
 * {@code eval_runner_helper.write_score_csv_file}; public source: ShishirPatil/gorilla,
 * berkeley-function-call-leaderboard/bfcl_eval/): one {@code json.dumps} line per entry, sorted by entry number;
 * {@code result} holds per user turn the model's answer at each step as BFCL's FC handler records it (the list of
 * {@code {name: arguments text}} of the message's tool calls, or its content), or {@code "Error during inference: …"}
 * when an endpoint failure ended the entry. Entries that were never sent (deadline, unreachable endpoint) or ended
 * in a harness error are left out (score them with {@code bfcl evaluate --partial-eval}).
 */
public final class BfclResultFiles {
    /** The model the files go under by default: an OpenAI chat-completions FC handler in bfcl-eval's registry. */
    public static final String DEFAULT_MODEL = "openbmb/MiniCPM-SALA-FC";
    /** Its display name in bfcl-eval's registry (the {@code Model} column of the score CSVs). */
    public static final String DEFAULT_DISPLAY_NAME = "MiniCPM-SALA (FC)";
    /** The name of BFCL's multi-turn score table. */
    public static final String SCORE_CSV = "data_multi_turn.csv";

    private BfclResultFiles() {
    }

    /**
     * Where and under which name.
     *
     * @param dir         the BFCL project root to write into
     * @param model       BFCL registry name ({@code /} becomes {@code _} in directory names, as BFCL does)
     * @param displayName the registry's display name of {@code model}, for the CSV's {@code Model} column
     */
    public record Options(Path dir, String model, String displayName) {
        public static Options of(Path dir, String model, String displayName) {
            String m = model == null ? DEFAULT_MODEL : model;
            String d = displayName != null ? displayName : DEFAULT_MODEL.equals(m) ? DEFAULT_DISPLAY_NAME : m;
            return new Options(dir, m, d);
        }
    }

    /** What was written. */
    public record Written(String variant, Path resultDir, List<Path> resultFiles, Path scoreCsv, int entries,
                          int inferenceErrors, int leftOut) {
    }

    /** One entry's lines: the turns of its last finished attempt and its scenario record. */
    private static final class Entry {
        final List<JsonNode> turns = new ArrayList<>();
        JsonNode scenario;
    }

    public static Written write(Path runDir, Options o) {
        String variant = compatVariant(Runner.resolveForResume(runDir));
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Path f : JournalScanner.requireJournal(runDir)) {
            JournalReader.forEachComplete(f, n -> {
                if (!variant.equals(n.path("variant").asText()) || !"bfcl".equals(n.path("source").asText())) return;
                Entry e = entries.computeIfAbsent(n.path("scenario_id").asText(), k -> new Entry());
                if (ScenarioRecord.TYPE.equals(n.path("type").asText())) e.scenario = n;
                else e.turns.add(n);
            });
        }
        Map<BfclCategory, TreeMap<Integer, String>> lines = new EnumMap<>(BfclCategory.class);
        BfclScores scores = new BfclScores();
        int inferenceErrors = 0;
        int leftOut = 0;
        for (Map.Entry<String, Entry> x : entries.entrySet()) {
            Entry e = x.getValue();
            ScenarioRecord.Status st = e.scenario == null ? null : ScenarioRecord.Status.byName(e.scenario.path("status").asText());
            BfclCategory cat = categoryOf(x.getKey());
            if (st == null || !st.scored() || cat == null || !e.scenario.path("bfcl").isObject()) {
                leftOut++;
                continue;
            }
            boolean inferenceError = st == ScenarioRecord.Status.INFERENCE_ERROR
                    || (st == ScenarioRecord.Status.STOPPED && "multi_turn:inference_error".equals(e.scenario.path("bfcl").path("error_type").asText()));
            if (inferenceError) inferenceErrors++;
            Map<String, Object> line = inferenceError ? errorEntry(x.getKey(), e) : resultEntry(x.getKey(), e);
            lines.computeIfAbsent(cat, k -> new TreeMap<>()).put(number(x.getKey()), dumps(line));
            scores.add(cat, e.scenario.path("bfcl").path("valid").asBoolean(false));
        }
        return writeFiles(o, variant, lines, scores, inferenceErrors, leftOut);
    }

    private static Written writeFiles(Options o, String variant, Map<BfclCategory, TreeMap<Integer, String>> lines,
                                      BfclScores scores, int inferenceErrors, int leftOut) {
        Path resultDir = o.dir().resolve("result").resolve(o.model().replace("/", "_")).resolve("multi_turn");
        Path csv = o.dir().resolve("score").resolve(SCORE_CSV);
        List<Path> files = new ArrayList<>();
        int n = 0;
        try {
            Files.createDirectories(resultDir);
            for (Map.Entry<BfclCategory, TreeMap<Integer, String>> c : lines.entrySet()) {
                Path f = resultDir.resolve("BFCL_v4_" + c.getKey().testCategory() + "_result.json");
                StringBuilder sb = new StringBuilder();
                for (String l : c.getValue().values()) sb.append(l).append('\n');
                Files.writeString(f, sb.toString(), StandardCharsets.UTF_8);
                files.add(f);
                n += c.getValue().size();
            }
            Files.createDirectories(csv.getParent());
            Files.writeString(csv, multiTurnCsv(scores, o.displayName()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("writing BFCL files under " + o.dir() + ": " + e.getMessage(), e);
        }
        return new Written(variant, resultDir, List.copyOf(files), csv, n, inferenceErrors, leftOut);
    }

    /**
     * BFCL's {@code data_multi_turn.csv} for one model: the header and one row joined by {@code \n}, no newline at the
     * end, cells unquoted, accuracies {@code "{:.2f}%"} of the fraction × 100 or {@code N/A} for a category with no
     * result file (bfcl_eval/eval_checker/eval_runner_helper.py, {@code write_score_csv_file}).
     */
    public static String multiTurnCsv(BfclScores scores, String displayName) {
        return String.join(",", BfclScores.MULTI_TURN_COLUMNS) + "\n" + String.join(",", scores.multiTurnRow(displayName));
    }

    private static String compatVariant(RunSpec rc) {
        List<String> names = rc.variants().stream().filter(Variant::bfclCompat).map(Variant::name).toList();
        if (names.size() != 1) {
            throw new BadInputException("--bfcl-results: the run has " + names.size() + " BFCL-protocol variants "
                    + names + "; BFCL's layout holds one model: run with --bfcl-compat and one variant (or one "
                    + "variant with \"bfcl_compat\": true in the run file)");
        }
        return names.get(0);
    }

    private static BfclCategory categoryOf(String id) {
        int us = id.lastIndexOf('_');
        if (us < 0 || !id.startsWith("multi_turn_")) return null;
        try {
            Integer.parseInt(id.substring(us + 1));
            return BfclCategory.parse(id.substring("multi_turn_".length(), us));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static int number(String id) {
        return Integer.parseInt(id.substring(id.lastIndexOf('_') + 1));
    }

    /** {@code {"id", "result": [[step answer…] per turn], "input_token_count", "output_token_count", "latency", "inference_log"}}. */
    private static Map<String, Object> resultEntry(String id, Entry e) {
        e.turns.sort(Comparator.comparingInt((JsonNode n) -> n.path("turn").asInt()).thenComparingInt(n -> n.path("step").asInt()));
        Map<Integer, List<JsonNode>> byTurn = new TreeMap<>();
        for (JsonNode t : e.turns) {
            if (!"not_judged".equals(t.path("outcome").asText())) byTurn.computeIfAbsent(t.path("turn").asInt(), k -> new ArrayList<>()).add(t);
        }
        List<Object> result = new ArrayList<>();
        List<Object> in = new ArrayList<>();
        List<Object> out = new ArrayList<>();
        List<Object> latency = new ArrayList<>();
        List<Object> log = new ArrayList<>();
        for (List<JsonNode> steps : byTurn.values()) {
            List<Object> r = new ArrayList<>();
            List<Object> i = new ArrayList<>();
            List<Object> o = new ArrayList<>();
            List<Object> l = new ArrayList<>();
            Map<Object, Object> turnLog = new LinkedHashMap<>();
            for (JsonNode s : steps) {
                Object answer = stepAnswer(s.path("raw").path("chat_message"));
                r.add(answer);
                i.add((long) s.path("prompt_tokens").asInt());
                o.add((long) s.path("completion_tokens").asInt());
                l.add(s.path("latency_ms").asDouble() / 1000.0);
                List<Object> stepLog = new ArrayList<>();
                stepLog.add(Py.dict("role", "assistant", "content", Py.deepCopy(answer)));
                for (JsonNode c : s.path("tool_calls")) {
                    if (c.hasNonNull("result")) stepLog.add(Py.dict("role", "tool", "content", c.get("result").asText()));
                }
                turnLog.put("step_" + (r.size() - 1), stepLog);
            }
            result.add(r);
            in.add(i);
            out.add(o);
            latency.add(l);
            log.add(turnLog);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("result", result);
        m.put("input_token_count", in);
        m.put("output_token_count", out);
        m.put("latency", latency);
        m.put("inference_log", log);
        return m;
    }

    /**
     * One step's answer as BFCL's FC handler records it ({@code _parse_query_response_FC}): the tool calls as
     * {@code {name: arguments text}}, or, when the message has no tool call list, its content (None when absent).
     */
    static Object stepAnswer(JsonNode message) {
        JsonNode tc = message.get("tool_calls");
        if (tc != null && tc.isArray()) {
            List<Object> calls = new ArrayList<>();
            for (JsonNode c : tc) {
                JsonNode a = c.path("function").get("arguments");
                Object args = a == null || a.isNull() ? null : a.isTextual() ? a.textValue() : a.toString();
                calls.add(Py.dict(c.path("function").path("name").asText(""), args));
            }
            return calls;
        }
        JsonNode content = message.get("content");
        return content == null || content.isNull() ? null : content.isTextual() ? content.textValue() : content.toString();
    }

    /** {@code {"id", "result": "Error during inference: …", "traceback"}}, as {@code multi_threaded_inference} writes it. */
    private static Map<String, Object> errorEntry(String id, Entry e) {
        String why = sdkMessage(e.scenario, e.turns.isEmpty() ? null : e.turns.get(e.turns.size() - 1));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("result", "Error during inference: " + why);
        m.put("traceback", "Harmonica (BFCL protocol): " + e.scenario.path("error").asText(why));
        return m;
    }

    /**
     * What the openai SDK's exception says ({@code str(e)}, openai-python {@code _make_status_error_from_response}):
     * {@code Error code: N}, followed by {@code  - message} when the body is a JSON object whose {@code error} (or
     * itself) has a non-empty {@code message}; {@code Request timed out.} or {@code Connection error.} without an HTTP
     * answer. A body Harmonica kept only in part (500 characters) may lose its message.
     *
     * @param lastTurn the entry's last turn line: a server's rejection of the turn's format is on it
     */
    static String sdkMessage(JsonNode scenario, JsonNode lastTurn) {
        JsonNode nj = scenario.path("not_judged");
        if (!nj.isObject()) { // the server rejected the turn's format: an HTTP error to the SDK
            JsonNode ee = lastTurn == null ? null : lastTurn.path("endpoint_error");
            if (ee == null || !ee.isObject()) return "Error code: 500";
            String m = ee.path("message").asText("");
            return "Error code: " + ee.path("status").asInt() + (m.isEmpty() ? "" : " - " + m);
        }
        int status = nj.path("status").asInt(-1);
        if (status > 0) {
            String m = sdkBodyMessage(nj.path("body_excerpt").asText(""));
            return "Error code: " + status + (m == null ? "" : " - " + m);
        }
        return nj.path("cause").asText("").contains("timeout") ? "Request timed out." : "Connection error.";
    }

    /** The SDK's {@code error.message} of a JSON error body, or null. */
    private static String sdkBodyMessage(String body) {
        try {
            JsonNode b = JournalScanner.MAPPER.readTree(body);
            if (b == null || !b.isObject()) return null;
            JsonNode err = b.has("error") ? b.get("error") : b;
            JsonNode m = err.isObject() ? err.get("message") : null;
            return m != null && m.isTextual() && !m.textValue().isEmpty() ? m.textValue() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String dumps(Object v) {
        try {
            return Py.jsonDumps(v);
        } catch (PyException e) {
            throw new IllegalStateException("not JSON-encodable: " + e.getMessage(), e);
        }
    }
}
