package dev.harmonica.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded synthetic run (run.json + journal.jsonl) for tests and the report benchmark. Two or more variants play
 * the same scenarios (so A/B pairing is exercised); the later variants have fewer format faults; the fault rate
 * grows with depth; faults use real gpt-oss error signatures (openai/harmony PR #114's census). Records carry
 * realistic fields: raw harmony text, completion token ids, three parse outcomes with messages, tool calls with
 * arguments and results, per-parser failure modes, outcome and verdict. About one turn in 500 is not judged (the
 * endpoint gave no output: read timeout, HTTP 5xx or connection refused), which ends its scenario not judged and not
 * scored, as the runner does. Scenarios are interleaved as a concurrent runner would write them.
 */
public final class SyntheticJournal {
    /** Generation parameters. {@code xss} puts HTML/script payloads into model output and ids (for escaping tests). */
    public record Spec(long turns, List<String> variants, long seed, boolean simulated, boolean xss, int concurrency) {
        public static Spec of(long turns, long seed) {
            return new Spec(turns, List.of("harmony-v0.0.8", "pr114"), seed, true, false, 8);
        }
    }

    static final String[][] FAULTS = {
            // failure mode, strict error / signature, lenient repair code, repaired header text before, after
            {"unknown_role", "Unknown role: assistant<|channel|>commentary", "L2_DUPLICATE_CHANNEL",
                    "assistant<|channel|>commentary<|channel|>commentary", "assistant<|channel|>commentary"},
            {"duplicate_channel", "Unknown role: assistant<|channel|>bash<|channel|>commentary", "L2_DUPLICATE_CHANNEL",
                    "<|channel|>bash<|channel|>commentary", "<|channel|>commentary"},
            {"leftover_header_tokens", "unexpected tokens remaining in message header: Some(\"to=functions.bash\")",
                    "L3_LEFTOVER_RECIPIENT", " to=functions.bash", ""},
            {"unknown_role", "Unknown role: final", "L5_ROLE_FROM_CHANNEL", "final", "assistant<|channel|>final"},
            {"reasoning_after_constrain",
                    "unexpected tokens remaining in message header: Some(\"<|constrain|>commentary\")",
                    "L4_CONSTRAIN_REASONING", "<|constrain|>commentary", "<|constrain|>json"},
            {"truncated_content", "Unexpected EOS while waiting for message header to complete", null, null, null},
    };

    private SyntheticJournal() {
    }

    /** Writes run.json and journal.jsonl into {@code dir}; returns the number of turn records written. */
    public static long write(Path dir, Spec spec) throws IOException {
        Files.createDirectories(dir);
        String runId = "synthetic-" + spec.seed();
        StringBuilder vs = new StringBuilder();
        for (String v : spec.variants()) {
            if (vs.length() > 0) vs.append(',');
            vs.append("{\"name\":").append(TurnsCsv.jsonString(v)).append(",\"renderer\":")
                    .append(TurnsCsv.jsonString(v.startsWith("pr114") ? "pr114" : "harmony-v0.0.8"))
                    .append(",\"endpoint_mode\":\"completions\",\"driving_parser\":\"lenient\"}");
        }
        Files.writeString(dir.resolve("run.json"), "{\"run_id\":" + TurnsCsv.jsonString(runId) + ",\"variants\":[" + vs
                + "],\"endpoint\":{\"kind\":\"" + (spec.simulated() ? "sim" : "completions")
                + "\",\"url\":null},\"datasets\":[\"bfcl-v4-multi-turn\",\"swe-replay\"],\"seed\":" + spec.seed()
                + ",\"versions\":{\"harmonica\":\"dev\"}}\n");
        JsonFactory jf = new JsonFactory();
        long written = 0;
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(dir.resolve("journal.jsonl")), 1 << 20);
             JsonGenerator g = jf.createGenerator(os, JsonEncoding.UTF8)) {
            g.setRootValueSeparator(null);
            SplittableRandom rnd = new SplittableRandom(spec.seed());
            Deque<List<Object[]>> active = new ArrayDeque<>();
            int scenarioNo = 0;
            while (written < spec.turns() || !active.isEmpty()) {
                while (active.size() < spec.concurrency() && written + pending(active) < spec.turns()) {
                    long left = spec.turns() - written - pending(active);
                    long budget = Math.max(1, left / spec.variants().size());
                    for (int vi = 0; vi < spec.variants().size() && left > 0; vi++) { // exactly spec.turns() in all
                        List<Object[]> sc = scenario(spec, runId, scenarioNo, spec.variants().get(vi), vi,
                                Math.min(budget, left));
                        left -= sc.size() - 1;
                        active.add(sc);
                    }
                    scenarioNo++;
                }
                if (active.isEmpty()) break;
                // round-robin one record from a random active scenario
                int pick = rnd.nextInt(active.size());
                List<Object[]> s = null;
                for (int i = 0; i <= pick; i++) {
                    s = active.pollFirst();
                    if (i < pick) active.addLast(s);
                }
                Object[] rec = s.remove(0);
                emit(g, os, rec);
                if (rec[0] == Kind.TURN) written++;
                if (!s.isEmpty()) active.addLast(s);
            }
        }
        return written;
    }

    private static long pending(Deque<List<Object[]>> active) {
        long n = 0;
        for (List<Object[]> l : active) for (Object[] r : l) if (r[0] == Kind.TURN) n++;
        return n;
    }

    private enum Kind { TURN, SCENARIO }

    private static List<Object[]> scenario(Spec spec, String runId, int no, String variant, int vi, long budget) {
        SplittableRandom r = new SplittableRandom(spec.seed() * 31 + no);
        boolean swe = r.nextInt(4) == 0;
        String[] cats = {"multi_turn_base", "multi_turn_miss_func", "multi_turn_miss_param", "multi_turn_long_context"};
        String category = swe ? "swe" : cats[r.nextInt(4)];
        String id = (swe ? "swe-replay_" : category + "_") + no;
        if (spec.xss() && no == 1) id = "xss_<script>document.title='PWNED-ID'</script>_" + no;
        int userTurns = swe ? 1 : 1 + r.nextInt(4);
        int length = (int) Math.min(budget, swe ? 4 + r.nextInt(30) : userTurns * (1 + r.nextInt(4)));
        length = Math.max(1, length);
        // variant-specific randomness, but the same scenario shape
        SplittableRandom vr = new SplittableRandom(spec.seed() * 1_000_003L + no * 97L + vi);
        double base = vi == 0 ? 0.06 : 0.02;
        List<Object[]> out = new ArrayList<>();
        int strictFailures = 0, lenientFailures = 0;
        Integer firstDepth = null;
        int promptTokens = 1200 + r.nextInt(800);
        for (int d = 0; d < length; d++) {
            int turn = swe ? 0 : Math.min(userTurns - 1, d * userTurns / length);
            int step = swe ? d : d - firstDepthOfTurn(turn, userTurns, length);
            promptTokens += 150 + vr.nextInt(900);
            double p = base * (1 + d / 6.0);
            boolean endpointError = vr.nextInt(500) == 0;
            int fault = !endpointError && vr.nextDouble() < p ? vr.nextInt(FAULTS.length) : -1;
            boolean xssTurn = spec.xss() && no <= 2 && d == 0;
            Object[] rec = {Kind.TURN, runId, id, swe ? "swe" : "bfcl", category, variant, turn, step, d, promptTokens,
                    fault, endpointError, vr.nextLong(), xssTurn};
            out.add(rec);
            if (fault >= 0) {
                strictFailures++;
                if (FAULTS[fault][2] == null) lenientFailures++;
                if (firstDepth == null) firstDepth = d;
            }
            if (endpointError) { // the runner ends a scenario at its first turn not judged
                length = d + 1;
                break;
            }
        }
        boolean judged = !((Boolean) out.get(out.size() - 1)[11]);
        String status = judged ? "completed" : "not_judged";
        boolean valid = !swe && vr.nextDouble() < (0.62 - strictFailures * 0.08 - (vi == 0 ? 0.03 : 0));
        out.add(new Object[]{Kind.SCENARIO, runId, id, swe ? "swe" : "bfcl", category, variant, status, length,
                strictFailures, lenientFailures, firstDepth, swe || !judged ? null : valid,
                swe && judged ? Math.round((0.5 + vr.nextDouble() * 0.5) * 1000) / 1000.0 : null});
        return out;
    }

    private static int firstDepthOfTurn(int turn, int userTurns, int length) {
        for (int d = 0; d < length; d++) if (Math.min(userTurns - 1, d * userTurns / length) == turn) return d;
        return 0;
    }

    static final String XSS_RAW = "<script>document.title='PWNED'</script>\"><img src=x onerror=\"document.title='PWNED2'\">"
            + "<svg onload=alert(1)></svg>";

    private static void emit(JsonGenerator g, OutputStream os, Object[] rec) throws IOException {
        if (rec[0] == Kind.SCENARIO) {
            g.writeStartObject();
            g.writeStringField("type", "scenario");
            g.writeStringField("run_id", (String) rec[1]);
            g.writeStringField("shard", "0");
            g.writeStringField("scenario_id", (String) rec[2]);
            g.writeStringField("source", (String) rec[3]);
            g.writeStringField("category", (String) rec[4]);
            g.writeStringField("variant", (String) rec[5]);
            g.writeStringField("status", (String) rec[6]);
            boolean judged = "completed".equals(rec[6]);
            if (!judged) g.writeStringField("error", "not judged: read_timeout: no answer within 600 s");
            g.writeNumberField("model_turns", (Integer) rec[7]);
            g.writeNumberField("strict_failures", (Integer) rec[8]);
            g.writeNumberField("lenient_failures", (Integer) rec[9]);
            if (rec[10] != null) g.writeNumberField("first_strict_failure_depth", (Integer) rec[10]);
            if (rec[11] != null) {
                g.writeObjectFieldStart("bfcl");
                boolean valid = (Boolean) rec[11];
                g.writeBooleanField("valid", valid);
                if (!valid) {
                    g.writeStringField("error_type", "multi_turn:instance_state_mismatch");
                    g.writeStringField("error_message",
                            "Model instance for GorillaFileSystem does not match the state with ground truth instance.");
                    g.writeNumberField("turn", 0);
                }
                g.writeEndObject();
            }
            if (rec[12] != null) g.writeNumberField("swe_agreement", (Double) rec[12]);
            g.writeNumberField("judged_turns", judged ? (Integer) rec[7] : (Integer) rec[7] - 1);
            g.writeNumberField("unjudged_turns", judged ? 0 : 1);
            if (!judged) g.writeBooleanField("scored", false);
            g.writeStringField("record_digest", "sha256:" + Long.toHexString(((String) rec[2]).hashCode() * 0x9E3779B97F4A7C15L));
            g.writeEndObject();
            g.writeRaw('\n');
            return;
        }
        String id = (String) rec[2];
        int fault = (Integer) rec[10];
        boolean endpointError = (Boolean) rec[11];
        SplittableRandom r = new SplittableRandom((Long) rec[12]);
        boolean xss = (Boolean) rec[13];
        String tool = "swe".equals(rec[3]) ? "bash" : new String[]{"ls", "cd", "cat", "mkdir", "get_stock_info",
                "book_flight"}[r.nextInt(6)];
        String args = "swe".equals(rec[3]) ? "{\"command\":\"grep -rn \\\"def parse\\\" src/ | head -" + (5 + r.nextInt(40)) + "\"}"
                : "{\"folder\":\"document_" + r.nextInt(100) + "\",\"recursive\":" + r.nextBoolean() + "}";
        String reasoning = lorem(r, 120 + r.nextInt(600));
        String header = fault < 0 || FAULTS[fault][3] == null ? "assistant"
                : fault == 0 || fault == 3 ? FAULTS[fault][3] : "assistant" + FAULTS[fault][3];
        String prefix = "<|channel|>analysis<|message|>" + reasoning + "<|end|><|start|>";
        String call = "<|channel|>commentary to=functions." + tool + " <|constrain|>json<|message|>" + args + "<|call|>";
        String raw = xss ? XSS_RAW + prefix + header + call : prefix + header + call;
        if (fault == 5) raw = prefix + "assistant<|channel|>comment";
        int completionTokens = 40 + raw.length() / 4;
        g.writeStartObject();
        g.writeStringField("type", "turn");
        g.writeStringField("run_id", (String) rec[1]);
        g.writeStringField("shard", "0");
        g.writeStringField("scenario_id", id);
        g.writeStringField("source", (String) rec[3]);
        g.writeStringField("category", (String) rec[4]);
        g.writeStringField("variant", (String) rec[5]);
        g.writeNumberField("turn", (Integer) rec[6]);
        g.writeNumberField("step", (Integer) rec[7]);
        g.writeNumberField("depth", (Integer) rec[8]);
        g.writeNumberField("prompt_tokens", (Integer) rec[9]);
        g.writeNumberField("completion_tokens", completionTokens);
        g.writeNumberField("latency_ms", Math.round((200 + r.nextDouble() * 1800 + completionTokens * 3) * 10) / 10.0);
        g.writeNumberField("attempts", endpointError ? 5 : 1);
        g.writeBooleanField("cached", false);
        g.writeStringField("request_digest", "sha256:" + Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong()));
        if (endpointError) {
            notJudged(g, r);
            return;
        }
        g.writeObjectFieldStart("raw");
        g.writeStringField("text", raw);
        g.writeArrayFieldStart("token_ids");
        for (int i = 0; i < completionTokens; i++) g.writeNumber(r.nextInt(200_000));
        g.writeEndArray();
        g.writeStringField("finish_reason", fault == 5 ? "length" : "stop");
        g.writeEndObject();
        String messages = "[{\"role\":\"assistant\",\"channel\":\"analysis\",\"content\":[{\"type\":\"text\",\"text\":"
                + TurnsCsv.jsonString(reasoning) + "}]},{\"role\":\"assistant\",\"recipient\":\"functions." + tool
                + "\",\"channel\":\"commentary\",\"content_type\":\"<|constrain|>json\",\"content\":[{\"type\":\"text\",\"text\":"
                + TurnsCsv.jsonString(args) + "}]}]";
        boolean lenientOk = fault < 0 || FAULTS[fault][2] != null;
        parse(g, "strict", fault < 0, fault < 0 ? null : FAULTS[fault][1], fault < 0 ? messages : null, null, raw, fault);
        parse(g, "harmony_non_strict", fault < 0 || fault == 2, fault < 0 || fault == 2 ? null : FAULTS[fault][1],
                fault < 0 || fault == 2 ? messages : null, null, raw, fault);
        parse(g, "lenient", lenientOk, lenientOk ? null : "output ended inside a header", lenientOk ? messages : null,
                fault >= 0 && lenientOk ? FAULTS[fault] : null, raw, fault);
        if (fault >= 0) g.writeStringField("strict_signature", FAULTS[fault][1]);
        g.writeArrayFieldStart("failure_modes");
        if (fault >= 0) g.writeString(FAULTS[fault][0]);
        boolean badSchema = r.nextInt(100) == 0;
        if (badSchema) g.writeString("schema_mismatch");
        g.writeEndArray();
        // per-parser view (TurnRecord.strictFailureModes / lenientFailureModes)
        g.writeArrayFieldStart("strict_failure_modes");
        if (fault >= 0) g.writeString(FAULTS[fault][0]);
        if (badSchema) g.writeString("schema_mismatch");
        g.writeEndArray();
        g.writeArrayFieldStart("lenient_failure_modes");
        if (fault >= 0 && !lenientOk) g.writeString(FAULTS[fault][0]);
        if (badSchema) g.writeString("schema_mismatch");
        g.writeEndArray();
        if (lenientOk) {
            g.writeArrayFieldStart("tool_calls");
            g.writeStartObject();
            g.writeStringField("name", tool);
            g.writeStringField("arguments", args);
            g.writeBooleanField("valid_name", true);
            g.writeBooleanField("valid_json", true);
            g.writeBooleanField("schema_valid", !badSchema);
            if (badSchema) {
                g.writeArrayFieldStart("schema_errors");
                g.writeString("$.recursive: string found, boolean expected");
                g.writeEndArray();
            }
            g.writeStringField("result", "swe".equals(rec[3]) ? "src/parser.py:" + r.nextInt(900) + ":def parse(tokens):\n"
                    + lorem(r, 80 + r.nextInt(300)) : "{\"current_working_directory\": \"document_" + r.nextInt(100) + "\"}");
            if ("swe".equals(rec[3])) g.writeBooleanField("agrees_with_recorded", r.nextInt(5) != 0);
            g.writeEndObject();
            g.writeEndArray();
        }
        if (fault >= 0) {
            g.writeArrayFieldStart("injected_faults");
            g.writeString(new String[]{"F2", "F2", "F3", "F7", "F4", "F9"}[fault]);
            g.writeEndArray();
        }
        g.writeStringField("driven_by", "lenient");
        g.writeStringField("outcome", "judged");
        g.writeStringField("verdict", fault < 0 ? "ok" : !lenientOk ? "failed"
                : LOSSY.equals(FAULTS[fault][2]) ? "rescued_with_loss" : "rescued");
        g.writeStringField("record_digest", "sha256:" + Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong()));
        g.writeEndObject();
        g.writeRaw('\n');
    }

    /** The repair the synthetic model's lossy fault uses (the role is guessed from the channel). */
    static final String LOSSY = "L5_ROLE_FROM_CHANNEL";

    /** The rest of a not-judged turn: no output, the endpoint's cause (docs/journal.md). */
    private static void notJudged(JsonGenerator g, SplittableRandom r) throws IOException {
        String[][] causes = {{"read_timeout", "-1", "no answer within 600 s"}, {"http_5xx", "503", "Service Unavailable"},
                {"connection_refused", "-1", "connect to 127.0.0.1:8000 refused"}};
        String[] c = causes[r.nextInt(causes.length)];
        g.writeArrayFieldStart("failure_modes");
        g.writeEndArray();
        g.writeStringField("driven_by", "none");
        g.writeStringField("outcome", "not_judged");
        g.writeObjectFieldStart("not_judged");
        g.writeStringField("cause", c[0]);
        g.writeNumberField("status", Integer.parseInt(c[1]));
        g.writeStringField("message", c[2]);
        g.writeNumberField("attempts", 6);
        g.writeEndObject();
        g.writeStringField("record_digest", "sha256:" + Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong()));
        g.writeEndObject();
        g.writeRaw('\n');
    }

    private static void parse(JsonGenerator g, String name, boolean ok, String error, String messages, String[] fault,
                              String raw, int f) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeBooleanField("ok", ok);
        if (error != null) g.writeStringField("error", error);
        if (messages != null) {
            g.writeFieldName("messages");
            g.writeRawValue(messages);
        }
        if (fault != null && fault[2] != null) {
            g.writeArrayFieldStart("repairs");
            g.writeStartObject();
            g.writeStringField("code", fault[2]);
            int off = raw.indexOf(fault[3]);
            g.writeNumberField("offset", Math.max(off, 0));
            g.writeStringField("before", fault[3]);
            g.writeStringField("after", fault[4]);
            g.writeBooleanField("lossy", LOSSY.equals(fault[2]));
            g.writeEndObject();
            g.writeEndArray();
        } else if ("lenient".equals(name)) {
            g.writeArrayFieldStart("repairs");
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static final String[] WORDS = ("the user wants to list files in the current directory so we should call "
            + "ls first then check whether the folder exists and move the report into it before reading the file "
            + "contents we need the function result to answer").split(" ");

    private static String lorem(SplittableRandom r, int chars) {
        StringBuilder sb = new StringBuilder(chars + 16);
        while (sb.length() < chars) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(WORDS[r.nextInt(WORDS.length)]);
        }
        return sb.append('.').toString();
    }
}
