package dev.harmonica.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.harmony.FailureMode;

import java.util.ArrayList;
import java.util.List;

/**
 * What the reports keep of one {@code "type":"turn"} journal record (see {@link dev.harmonica.journal.TurnRecord}):
 * everything but the raw output and parsed messages, which only the drill-down reads (in a second pass).
 *
 * <p>Definitions used throughout the reports:
 * <ul>
 *   <li><b>endpoint failure</b>: an endpoint error that is not a format error: the model produced nothing to
 *       parse. Such turns are counted but excluded from parse-failure denominators.</li>
 *   <li><b>strict failure</b>: the strict parse failed, or the server rejected the output with a harmony error
 *       ({@code endpoint_error.format_error}).</li>
 *   <li><b>lenient / harmony-non-strict failure</b>: that parse failed; when the journal has no such parse
 *       (chat-mode endpoints) the strict outcome stands.</li>
 *   <li><b>rescued</b>: strict failed and lenient succeeded.</li>
 *   <li><b>per-parser failure modes</b>: {@code strictFailureModes} / {@code lenientFailureModes} are the journal's
 *       {@code strict_failure_modes} / {@code lenient_failure_modes} (the modes that break the turn for that
 *       consumer); null when the journal predates them, in which case {@link VariantStats} falls back to the older
 *       rule (format modes count under a parser when its parse failed, tool-level modes under both) and the report
 *       warns about it.</li>
 *   <li><b>resampled draw</b>: {@code driven_by} starts with {@code resampled}: a draw the runner discarded and
 *       re-drew at the same (turn, step). Kept as its own row in turns.csv, counted ("resampled draws"), but left out
 *       of every rate, failure-mode count, census, latency and pairing, so rates describe the draws that drove the
 *       conversation.</li>
 *   <li><b>figures</b>: outcome, verdict, echo and log-probability forensics ({@link TurnFigures}).</li>
 * </ul>
 */
public record TurnRow(String runId, String shard, String scenarioId, String source, String category, String variant,
                      int turn, int step, int depth, int promptTokens, int completionTokens, double latencyMs,
                      int attempts, boolean cached, String finishReason,
                      Integer endpointStatus, String endpointMessage, boolean endpointFormatError,
                      Boolean strictOk, String strictError, Boolean nonStrictOk, String nonStrictError,
                      Boolean lenientOk, String lenientError, List<String> repairCodes,
                      String strictSignature, List<String> failureModes, List<String> strictFailureModes,
                      List<String> lenientFailureModes, List<Call> toolCalls,
                      List<String> injectedFaults, String drivenBy, String file, long line, TurnFigures figures) {

    /** One tool call, as validated by the runner. */
    public record Call(String name, boolean validName, boolean validJson, boolean schemaValid, Boolean agrees) {
        public boolean valid() {
            return validName && validJson;
        }
    }

    public static final int MAX_TEXT = 2000;

    /** True for a draw the runner discarded and re-drew ({@code driven_by} = {@code resampled} or {@code resampled#k}). */
    public boolean resampled() {
        return drivenBy != null && drivenBy.startsWith("resampled");
    }

    /** True when the journal carries the per-parser failure-mode lists for this turn. */
    public boolean hasPerParserModes() {
        return strictFailureModes != null && lenientFailureModes != null;
    }

    public boolean endpointFailure() {
        return endpointStatus != null && !endpointFormatError;
    }

    public boolean evaluable() {
        return !endpointFailure();
    }

    public boolean strictFailed() {
        if (endpointFailure()) return false;
        if (endpointStatus != null && endpointFormatError) return true;
        return strictOk != null && !strictOk;
    }

    public boolean nonStrictFailed() {
        if (endpointFailure()) return false;
        return nonStrictOk != null ? !nonStrictOk : strictFailed();
    }

    public boolean lenientFailed() {
        if (endpointFailure()) return false;
        return lenientOk != null ? !lenientOk : strictFailed();
    }

    public boolean rescued() {
        return strictFailed() && !lenientFailed();
    }

    /** The census signature of this turn: the strict error signature, a server format error, or an endpoint error. */
    public String signature() {
        if (endpointFailure()) {
            return clip("[endpoint] " + (endpointStatus == 0 ? "transport" : "HTTP " + endpointStatus)
                    + (endpointMessage == null || endpointMessage.isEmpty() ? "" : ": " + endpointMessage), 300);
        }
        if (!strictFailed()) return null;
        if (strictSignature != null) return clip(strictSignature, 500);
        if (strictError != null) return clip(strictError, 500);
        if (endpointFormatError) {
            return clip("[server format error] " + (endpointMessage == null ? "" : endpointMessage), 300);
        }
        return "(strict failed without an error message)";
    }

    /** Failure modes that count against the strict/lenient parse (format level) vs tool-call validation. */
    public static boolean isToolLevel(String mode) {
        FailureMode m = FailureMode.byCode(mode);
        return m != null && m.isToolLevel();
    }

    static String clip(String s, int max) {
        if (s == null || s.length() <= max) return s;
        int end = max;
        if (Character.isHighSurrogate(s.charAt(end - 1))) end--;
        return s.substring(0, end) + "…";
    }

    /** Extracts a turn record; null (with a warning naming file, line and field) when a required field is bad. */
    static TurnRow from(ObjectNode n, String file, long line, Warnings w) {
        String where = file + " line " + line;
        String scenario = text(n, "scenario_id");
        String variant = text(n, "variant");
        if (scenario == null) {
            w.add(where + ": turn record without a string field \"scenario_id\"; record skipped");
            return null;
        }
        if (variant == null) {
            w.add(where + ": turn record without a string field \"variant\"; record skipped");
            return null;
        }
        for (String f : new String[]{"turn", "step", "depth"}) {
            JsonNode v = n.get(f);
            if (v == null || !v.canConvertToInt() || !v.isNumber()) {
                w.add(where + ": turn record field \"" + f + "\" must be an integer, found "
                        + (v == null ? "nothing" : v.getNodeType().toString().toLowerCase()) + "; record skipped");
                return null;
            }
        }
        JsonNode ee = n.get("endpoint_error");
        Integer status = null;
        String emsg = null;
        boolean fmt = false;
        if (ee != null && ee.isObject()) {
            status = ee.path("status").asInt(0);
            emsg = clip(textOf(ee.get("message")), MAX_TEXT);
            fmt = ee.path("format_error").asBoolean(false);
        }
        JsonNode strict = obj(n, "strict"), nonStrict = obj(n, "harmony_non_strict"), lenient = obj(n, "lenient");
        List<String> repairs = new ArrayList<>();
        JsonNode rs = lenient == null ? null : lenient.get("repairs");
        if (rs != null && rs.isArray()) {
            for (JsonNode r : rs) {
                String code = textOf(r.get("code"));
                repairs.add(code == null ? "?" : code);
            }
        }
        List<String> modes = strings(n.get("failure_modes"));
        List<Call> calls = new ArrayList<>();
        JsonNode tc = n.get("tool_calls");
        if (tc != null && tc.isArray()) {
            for (JsonNode c : tc) {
                JsonNode ag = c.get("agrees_with_recorded");
                calls.add(new Call(clip(textOf(c.get("name")), 200), c.path("valid_name").asBoolean(false),
                        c.path("valid_json").asBoolean(false), c.path("schema_valid").asBoolean(false),
                        ag == null || ag.isNull() ? null : ag.asBoolean()));
            }
        }
        JsonNode raw = n.get("raw");
        return new TurnRow(text(n, "run_id"), text(n, "shard"), scenario, text(n, "source"), text(n, "category"),
                variant, n.get("turn").asInt(), n.get("step").asInt(), n.get("depth").asInt(),
                n.path("prompt_tokens").asInt(0), n.path("completion_tokens").asInt(0),
                n.path("latency_ms").asDouble(0), n.path("attempts").asInt(0), n.path("cached").asBoolean(false),
                raw == null ? null : textOf(raw.get("finish_reason")),
                status, emsg, fmt,
                ok(strict), clip(err(strict), MAX_TEXT), ok(nonStrict), clip(err(nonStrict), MAX_TEXT),
                ok(lenient), clip(err(lenient), MAX_TEXT), repairs,
                text(n, "strict_signature"), modes, stringsOrNull(n.get("strict_failure_modes")),
                stringsOrNull(n.get("lenient_failure_modes")), calls, strings(n.get("injected_faults")), text(n, "driven_by"),
                file, line, TurnFigures.from(n, status != null && !fmt));
    }

    private static JsonNode obj(JsonNode n, String f) {
        JsonNode v = n.get(f);
        return v != null && v.isObject() ? v : null;
    }

    private static Boolean ok(JsonNode parse) {
        if (parse == null) return null;
        JsonNode ok = parse.get("ok");
        if (ok != null && ok.isBoolean()) return ok.booleanValue();
        JsonNode e = parse.get("error");
        return e == null || e.isNull();
    }

    private static String err(JsonNode parse) {
        return parse == null ? null : textOf(parse.get("error"));
    }

    static String text(JsonNode n, String f) {
        return textOf(n.get(f));
    }

    static String textOf(JsonNode v) {
        if (v == null || v.isNull() || v.isContainerNode()) return null;
        return v.asText();
    }

    /** Like {@link #strings} but null when the field is absent or not an array (an older journal). */
    static List<String> stringsOrNull(JsonNode v) {
        if (v == null || !v.isArray()) return null;
        return strings(v);
    }

    static List<String> strings(JsonNode v) {
        if (v == null || !v.isArray() || v.isEmpty()) return List.of();
        List<String> out = new ArrayList<>(v.size());
        for (JsonNode x : v) {
            String s = textOf(x);
            if (s != null) out.add(clip(s, 200));
        }
        return out;
    }
}
