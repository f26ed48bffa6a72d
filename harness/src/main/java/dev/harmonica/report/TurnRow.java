package dev.harmonica.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.harmony.FailureMode;
import dev.harmonica.turn.Outcome;
import dev.harmonica.turn.Verdict;

import java.util.ArrayList;
import java.util.List;

/**
 * What the reports keep of one {@code "type":"turn"} journal record (see {@link dev.harmonica.journal.TurnRecord}):
 * everything but the raw output and parsed messages, which only the drill-down reads (in a second pass).
 *
 * <p>Definitions used throughout the reports (docs/journal.md, docs/reports.md):
 * <ul>
 *   <li><b>outcome</b>: the journal's {@code outcome}. Only <b>judged</b> turns are in a rate; <b>not judged</b>
 *       (the endpoint gave no output; {@code not_judged.cause} says why) and <b>harness error</b> turns are counted
 *       beside every rate, never as a failure nor as a success. Older journals without {@code outcome}: an
 *       {@code endpoint_error} that is not a format error reads as not judged, anything else as judged.</li>
 *   <li><b>verdict</b> of a judged turn: the journal's {@code verdict} (ok, rescued, rescued with loss, failed);
 *       journals without it get it from {@link Verdict#of}, the one home of the rule, applied to the fields they
 *       have ({@link #deriveVerdict}).</li>
 *   <li><b>strict failure</b>: verdict is not ok. <b>lenient failure</b>: verdict failed. <b>harmony-non-strict
 *       failure</b>: that parse failed; when the journal has no such parse (chat-mode endpoints) the strict parse's
 *       outcome stands.</li>
 *   <li><b>per-parser failure modes</b>: {@code strictFailureModes} / {@code lenientFailureModes} are the journal's
 *       {@code strict_failure_modes} / {@code lenient_failure_modes} (the modes that break the turn for that
 *       consumer); null when the journal predates them, in which case {@link VariantStats} falls back to the older
 *       rule (format modes count under a parser when its parse failed, tool-level modes under both) and the report
 *       warns about it.</li>
 *   <li><b>resampled draw</b>: {@code driven_by} starts with {@code resampled}: a draw the runner discarded and
 *       re-drew at the same (turn, step). Kept as its own row in turns.csv, counted ("resampled draws"), but left out
 *       of every rate, failure-mode count, census, latency and pairing, so rates describe the draws that drove the
 *       conversation.</li>
 *   <li><b>replay</b>: a SWE replay step's score (the journal's {@code replay} object, on the step's last request),
 *       or null; see {@link SweFigures}.</li>
 *   <li><b>figures</b>: echo and log-probability forensics ({@link TurnFigures}).</li>
 * </ul>
 *
 * @param outcome        judged, not judged or harness error
 * @param verdict        a judged turn's verdict; null otherwise
 * @param notJudgedCause a not-judged turn's cause ({@code connection_refused}, {@code read_timeout}, …); null otherwise
 * @param outcomeMessage a not-judged turn's endpoint message or a harness error's message; null otherwise
 * @param attempt        the scenario × variant's attempt (absent in the journal = 1)
 */
public record TurnRow(String runId, String shard, String scenarioId, String source, String category, String variant,
                      int turn, int step, int depth, int promptTokens, int completionTokens, double latencyMs,
                      int attempts, boolean cached, String finishReason,
                      Integer endpointStatus, String endpointMessage, boolean endpointFormatError,
                      Boolean strictOk, String strictError, Boolean nonStrictOk, String nonStrictError,
                      Boolean lenientOk, String lenientError, List<String> repairCodes,
                      String strictSignature, List<String> failureModes, List<String> strictFailureModes,
                      List<String> lenientFailureModes, List<Call> toolCalls,
                      List<String> injectedFaults, String drivenBy, Outcome outcome, Verdict verdict,
                      String notJudgedCause, String outcomeMessage, int attempt, String file, long line,
                      SweFigures.Step replay, TurnFigures figures) {

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

    /** The parsers judged this turn: it is in the rates. */
    public boolean judged() {
        return outcome == Outcome.JUDGED;
    }

    /** The endpoint gave no output: counted beside the rates, by cause. */
    public boolean notJudged() {
        return outcome == Outcome.NOT_JUDGED;
    }

    public boolean harnessError() {
        return outcome == Outcome.HARNESS_ERROR;
    }

    public boolean strictFailed() {
        return judged() && verdict.strictFailed();
    }

    /** The strict parse itself failed (or the server rejected the output with a harmony error). */
    boolean strictParseFailed() {
        return judged() && (endpointFormatError || Boolean.FALSE.equals(strictOk));
    }

    public boolean nonStrictFailed() {
        if (!judged()) return false;
        return nonStrictOk != null ? !nonStrictOk : strictParseFailed();
    }

    public boolean lenientFailed() {
        return judged() && verdict.lenientFailed();
    }

    /** Strict failed and lenient recovered it, with or without loss. */
    public boolean rescued() {
        return verdict == Verdict.RESCUED || verdict == Verdict.RESCUED_WITH_LOSS;
    }

    /**
     * The census signature of this turn: the strict error signature, a server format error, or why the turn was not
     * judged ({@code [not judged: cause] message}, {@code [harness error] message}); null for a turn strict accepted.
     */
    public String signature() {
        if (notJudged()) {
            return clip("[not judged: " + notJudgedCause + "]" + (outcomeMessage == null || outcomeMessage.isEmpty()
                    ? "" : " " + outcomeMessage), 300);
        }
        if (harnessError()) return clip("[harness error] " + (outcomeMessage == null ? "" : outcomeMessage), 300);
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
        if (!valid(n, file + " line " + line, w)) return null;
        JsonNode ee = obj(n, "endpoint_error");
        boolean fmt = ee != null && ee.path("format_error").asBoolean(false);
        JsonNode strict = obj(n, "strict"), nonStrict = obj(n, "harmony_non_strict"), lenient = obj(n, "lenient");
        JsonNode rs = lenient == null ? null : lenient.get("repairs");
        List<String> repairs = new ArrayList<>();
        boolean lossy = false;
        if (rs != null && rs.isArray()) {
            for (JsonNode r : rs) {
                String code = textOf(r.get("code"));
                repairs.add(code == null ? "?" : code);
                lossy |= r.path("lossy").asBoolean(false);
            }
        }
        List<String> strictModes = stringsOrNull(n.get("strict_failure_modes"));
        Outcome outcome = outcome(n, ee, fmt);
        Verdict verdict = null;
        if (outcome == Outcome.JUDGED) {
            verdict = Verdict.byName(text(n, "verdict"));
            if (verdict == null) verdict = deriveVerdict(ok(strict), fmt, ok(lenient), lossy, strictModes);
        }
        JsonNode nj = obj(n, outcome == Outcome.HARNESS_ERROR ? "harness_error" : "not_judged");
        Integer status = ee == null ? null : ee.path("status").asInt(0);
        String emsg = ee == null ? null : clip(textOf(ee.get("message")), MAX_TEXT);
        String cause = outcome != Outcome.NOT_JUDGED ? null : nj != null && textOf(nj.get("cause")) != null
                ? textOf(nj.get("cause")) : legacyCause(status);
        String message = nj != null ? clip(textOf(nj.get("message")), MAX_TEXT) : outcome == Outcome.JUDGED ? null : emsg;
        if (ee == null && nj != null && outcome == Outcome.NOT_JUDGED && nj.path("status").asInt(-1) > 0) {
            status = nj.path("status").asInt();
        }
        JsonNode raw = n.get("raw");
        return new TurnRow(text(n, "run_id"), text(n, "shard"), text(n, "scenario_id"), text(n, "source"),
                text(n, "category"), text(n, "variant"), n.get("turn").asInt(), n.get("step").asInt(),
                n.get("depth").asInt(), n.path("prompt_tokens").asInt(0), n.path("completion_tokens").asInt(0),
                n.path("latency_ms").asDouble(0), n.path("attempts").asInt(0), n.path("cached").asBoolean(false),
                raw == null ? null : textOf(raw.get("finish_reason")), status, emsg, fmt,
                ok(strict), clip(err(strict), MAX_TEXT), ok(nonStrict), clip(err(nonStrict), MAX_TEXT),
                ok(lenient), clip(err(lenient), MAX_TEXT), repairs, text(n, "strict_signature"),
                strings(n.get("failure_modes")), strictModes, stringsOrNull(n.get("lenient_failure_modes")), calls(n),
                strings(n.get("injected_faults")), text(n, "driven_by"), outcome, verdict, cause, message,
                n.path("attempt").asInt(1), file, line, SweFigures.Step.from(n.get("replay")),
                TurnFigures.from(n));
    }

    /** The required fields are there; otherwise a warning naming file, line and field. */
    private static boolean valid(ObjectNode n, String where, Warnings w) {
        for (String f : new String[]{"scenario_id", "variant"}) {
            if (text(n, f) == null) {
                w.add(where + ": turn record without a string field \"" + f + "\"; record skipped");
                return false;
            }
        }
        for (String f : new String[]{"turn", "step", "depth"}) {
            JsonNode v = n.get(f);
            if (v == null || !v.canConvertToInt() || !v.isNumber()) {
                w.add(where + ": turn record field \"" + f + "\" must be an integer, found "
                        + (v == null ? "nothing" : v.getNodeType().toString().toLowerCase()) + "; record skipped");
                return false;
            }
        }
        return true;
    }

    /**
     * The journal's {@code outcome}; journals written before it existed: an endpoint error that is not a harmony
     * format error means the endpoint gave no output (not judged), anything else was judged.
     */
    static Outcome outcome(JsonNode n, JsonNode endpointError, boolean formatError) {
        Outcome o = Outcome.byName(text(n, "outcome"));
        if (o != null) return o;
        return endpointError != null && !formatError ? Outcome.NOT_JUDGED : Outcome.JUDGED;
    }

    /** The cause of a not-judged turn in a journal without {@code not_judged}: from the HTTP status it recorded. */
    static String legacyCause(Integer status) {
        if (status == null || status <= 0) return "transport";
        if (status == 429) return "http_429";
        return status >= 500 ? "http_5xx" : "http_4xx";
    }

    /**
     * The verdict of a judged turn in a journal without {@code verdict}: {@link Verdict#of} applied to what the
     * journal has. Strict is broken when its parse failed, the server rejected the output with a harmony error, or
     * the strict view names {@code tool_name_leak}; the lenient parse counts as failed when it failed (or, without a
     * lenient parse, when strict's did); a repair is lossy when the journal flags it so.
     */
    static Verdict deriveVerdict(Boolean strictOk, boolean formatError, Boolean lenientOk, boolean anyLossyRepair,
                                 List<String> strictModes) {
        boolean strictParseFailed = formatError || Boolean.FALSE.equals(strictOk);
        boolean leak = strictModes != null && strictModes.contains(FailureMode.TOOL_NAME_LEAK.code());
        boolean lenientParsed = lenientOk != null ? lenientOk : !strictParseFailed;
        return Verdict.of(strictParseFailed || leak, lenientParsed, anyLossyRepair);
    }

    private static List<Call> calls(JsonNode n) {
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
        return calls;
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
