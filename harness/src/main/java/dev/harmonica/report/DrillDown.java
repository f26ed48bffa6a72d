package dev.harmonica.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.journal.JournalReader;
import dev.harmonica.journal.JournalSession;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The per-scenario drill-down: a bounded, deterministic sample of scenarios, read in a second pass over the journal
 * (only the selected scenarios' lines are parsed). Scenarios where the variants disagree come first, then scenarios
 * with a strict failure, then the rest; within each group the order is a fixed hash of the scenario id, so every
 * variant and every rebuild shows the same scenarios.
 */
final class DrillDown {
    static final int MAX_TURNS_PER_SCENARIO = 40;
    static final int MAX_RAW = 6000;
    static final int MAX_JSON = 3000;

    /** A repair span in the raw text. */
    record Span(int index, String code, int offset, String before, String after, boolean located) {
    }

    /** One tool call for display. */
    record CallView(String name, String arguments, boolean validName, boolean validJson, boolean schemaValid,
                    String schemaErrors, String result, Boolean agrees) {
    }

    /** One turn for display (all text still unescaped; the HTML writer escapes). */
    record TurnView(int turn, int step, int depth, int promptTokens, double latencyMs, String raw, boolean rawClipped,
                    int rawLength, String chatMessage, String finishReason, String endpointError, Boolean strictOk,
                    String strictError, String strictMessages, Boolean nonStrictOk, String nonStrictError,
                    Boolean lenientOk, String lenientError, String lenientMessages, List<Span> repairs,
                    List<String> failureModes, List<CallView> calls, List<String> injectedFaults, String drivenBy,
                    List<String> strictFailureModes, List<String> lenientFailureModes) {
        boolean resampled() {
            return drivenBy != null && drivenBy.startsWith("resampled");
        }
    }

    /** One scenario × variant. */
    record Entry(String variant, ScenarioResult result, List<TurnView> turns, int totalTurns) {
    }

    /** One selected scenario, with one entry per variant that ran it. */
    record Scenario(String scenarioId, String why, List<Entry> entries) {
    }

    record Selection(List<String> ids, Map<String, String> why, int population, int k) {
    }

    static long fnv(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x100000001b3L;
        }
        return h;
    }

    static Selection select(RunData run, int k) {
        Map<String, List<ScenarioResult>> byId = new LinkedHashMap<>();
        for (Map<String, ScenarioResult> m : run.scenarios().values()) {
            for (ScenarioResult s : m.values()) byId.computeIfAbsent(s.scenarioId(), x -> new ArrayList<>()).add(s);
        }
        record Cand(String id, int prio, long hash) {
        }
        List<Cand> cands = new ArrayList<>(byId.size());
        for (Map.Entry<String, List<ScenarioResult>> e : byId.entrySet()) {
            List<ScenarioResult> l = e.getValue();
            boolean anyStrict = l.stream().anyMatch(s -> !s.strictClean());
            boolean allStrict = l.stream().allMatch(s -> !s.strictClean());
            boolean anyBad = l.stream().anyMatch(s -> SummaryWriters.junitKind(s) != null);
            int prio = l.size() > 1 && anyStrict && !allStrict ? 0 : anyStrict ? 1 : anyBad ? 2 : 3;
            cands.add(new Cand(e.getKey(), prio, fnv(e.getKey())));
        }
        cands.sort(Comparator.comparingInt(Cand::prio).thenComparingLong(Cand::hash).thenComparing(Cand::id));
        List<String> ids = new ArrayList<>();
        Map<String, String> why = new HashMap<>();
        for (Cand c : cands) {
            if (ids.size() >= k) break;
            ids.add(c.id());
            why.put(c.id(), switch (c.prio()) {
                case 0 -> "variants disagree under strict";
                case 1 -> "strict failure";
                case 2 -> "other failure";
                default -> "sampled";
            });
        }
        return new Selection(ids, why, cands.size(), k);
    }

    /** Second pass: collects the selected scenarios' turns (bounded). */
    static List<Scenario> collect(RunData run, Selection sel) {
        if (sel.ids().isEmpty()) return List.of();
        Set<String> wanted = new HashSet<>(sel.ids());
        Map<String, List<TurnView>> turns = new HashMap<>();
        Map<String, Set<Long>> seen = new HashMap<>();
        Map<String, Integer> totals = new HashMap<>();
        JournalReader.Visitor v = (node, file, line) -> {
            if (!"turn".equals(TurnRow.text(node, "type"))) return;
            String id = TurnRow.text(node, "scenario_id"), variant = TurnRow.text(node, "variant");
            if (id == null || variant == null || !wanted.contains(id)) return;
            String key = variant + '\u0000' + id;
            long tk = ScenarioResult.key(node.path("turn").asInt(), node.path("step").asInt());
            Set<Long> s = seen.computeIfAbsent(key, x -> new HashSet<>());
            String driven = TurnRow.text(node, "driven_by");
            boolean resampled = driven != null && driven.startsWith("resampled"); // shares (turn, step) with the kept draw
            if (!resampled && !s.add(tk)) { // legacy journal: a later attempt of the same scenario supersedes the earlier one
                s.clear();
                s.add(tk);
                turns.remove(key);
                totals.remove(key);
            }
            totals.merge(key, 1, Integer::sum);
            List<TurnView> l = turns.computeIfAbsent(key, x -> new ArrayList<>());
            if (l.size() < MAX_TURNS_PER_SCENARIO) l.add(view(node));
        };
        JournalSession session = JournalReader.session(JournalReader.Options.REPORT.withRunId(run.info().runId())
                .withFilter((buf, off, len) -> {
                    String id = JournalScanner.quickScenarioId(buf, off, len);
                    return id == null || wanted.contains(id);
                }), w -> { }); // the aggregating pass has reported every warning already
        for (Path f : JournalScanner.journalFiles(run.runDir())) session.read(f, v);
        List<Scenario> out = new ArrayList<>();
        for (String id : sel.ids()) {
            List<Entry> entries = new ArrayList<>();
            for (VariantStats vs : run.variants()) {
                ScenarioResult r = run.scenarios().get(vs.name()).get(id);
                if (r == null) continue;
                String key = vs.name() + '\u0000' + id;
                entries.add(new Entry(vs.name(), r, turns.getOrDefault(key, List.of()), totals.getOrDefault(key, 0)));
            }
            out.add(new Scenario(id, sel.why().get(id), entries));
        }
        return out;
    }

    static TurnView view(ObjectNode n) {
        JsonNode raw = n.get("raw");
        String text = raw == null ? null : TurnRow.textOf(raw.get("text"));
        String chat = raw != null && raw.get("chat_message") != null && !raw.get("chat_message").isNull()
                ? pretty(raw.get("chat_message")) : null;
        String finish = raw == null ? null : TurnRow.textOf(raw.get("finish_reason"));
        int rawLen = text == null ? 0 : text.length();
        boolean clipped = rawLen > MAX_RAW;
        JsonNode strict = n.get("strict"), nonStrict = n.get("harmony_non_strict"), lenient = n.get("lenient");
        List<Span> spans = new ArrayList<>();
        if (lenient != null && lenient.get("repairs") != null && lenient.get("repairs").isArray()) {
            int idx = 0;
            for (JsonNode r : lenient.get("repairs")) {
                if (idx >= 50) break;
                String code = TurnRow.textOf(r.get("code"));
                int off = r.path("offset").asInt(-1);
                String before = TurnRow.textOf(r.get("before"));
                String after = TurnRow.textOf(r.get("after"));
                spans.add(new Span(++idx, code == null ? "?" : code, off, before == null ? "" : TurnRow.clip(before, 500),
                        after == null ? "" : TurnRow.clip(after, 500), false));
            }
        }
        JsonNode ee = n.get("endpoint_error");
        String endpoint = ee == null || !ee.isObject() ? null
                : (ee.path("format_error").asBoolean(false) ? "format error, " : "") + "HTTP " + ee.path("status").asInt()
                + ": " + TurnRow.clip(TurnRow.textOf(ee.get("message")), 1000);
        List<CallView> calls = new ArrayList<>();
        JsonNode tc = n.get("tool_calls");
        if (tc != null && tc.isArray()) {
            for (JsonNode c : tc) {
                if (calls.size() >= 20) break;
                JsonNode ag = c.get("agrees_with_recorded");
                calls.add(new CallView(TurnRow.clip(TurnRow.textOf(c.get("name")), 200),
                        TurnRow.clip(TurnRow.textOf(c.get("arguments")), 1500), c.path("valid_name").asBoolean(),
                        c.path("valid_json").asBoolean(), c.path("schema_valid").asBoolean(),
                        c.get("schema_errors") == null ? null : TurnRow.clip(String.join("; ",
                                TurnRow.strings(c.get("schema_errors"))), 500),
                        TurnRow.clip(TurnRow.textOf(c.get("result")), 1500),
                        ag == null || ag.isNull() ? null : ag.asBoolean()));
            }
        }
        return new TurnView(n.path("turn").asInt(), n.path("step").asInt(), n.path("depth").asInt(),
                n.path("prompt_tokens").asInt(), n.path("latency_ms").asDouble(),
                text == null ? null : clipped ? text.substring(0, MAX_RAW) : text, clipped, rawLen, chat, finish,
                endpoint, ok(strict), err(strict), messages(strict), ok(nonStrict), err(nonStrict), ok(lenient),
                err(lenient), messages(lenient), spans, TurnRow.strings(n.get("failure_modes")), calls,
                TurnRow.strings(n.get("injected_faults")), TurnRow.clip(TurnRow.text(n, "driven_by"), 100),
                TurnRow.stringsOrNull(n.get("strict_failure_modes")), TurnRow.stringsOrNull(n.get("lenient_failure_modes")));
    }

    private static Boolean ok(JsonNode p) {
        if (p == null || !p.isObject()) return null;
        JsonNode ok = p.get("ok");
        return ok != null && ok.isBoolean() ? ok.booleanValue() : p.get("error") == null || p.get("error").isNull();
    }

    private static String err(JsonNode p) {
        return p == null ? null : TurnRow.clip(TurnRow.textOf(p.get("error")), 1000);
    }

    private static String messages(JsonNode p) {
        if (p == null || p.get("messages") == null || p.get("messages").isNull()) return null;
        return pretty(p.get("messages"));
    }

    private static String pretty(JsonNode n) {
        try {
            String s = JournalScanner.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(n);
            return s.length() > MAX_JSON ? s.substring(0, MAX_JSON) + "\n… (" + s.length() + " characters, clipped)" : s;
        } catch (JsonProcessingException e) {
            return n.toString();
        }
    }

    /** Splits {@code raw} into segments with the repairs located (by UTF-16 offset, then by code point offset). */
    static List<Object[]> segments(String raw, List<Span> spans) {
        List<Object[]> segs = new ArrayList<>(); // {text, Span or null, isInsertion}
        if (raw == null) return segs;
        List<Span> located = new ArrayList<>();
        for (Span s : spans) {
            int off = locate(raw, s);
            if (off >= 0) located.add(new Span(s.index(), s.code(), off, s.before(), s.after(), true));
        }
        located.sort(Comparator.comparingInt(Span::offset).thenComparingInt(Span::index));
        int pos = 0;
        for (Span s : located) {
            if (s.offset() < pos) continue; // overlapping: listed below the output, not highlighted
            if (s.offset() > pos) segs.add(new Object[]{raw.substring(pos, s.offset()), null});
            segs.add(new Object[]{s.before(), s});
            pos = s.offset() + s.before().length();
        }
        if (pos < raw.length()) segs.add(new Object[]{raw.substring(pos), null});
        return segs;
    }

    static int locate(String raw, Span s) {
        int off = s.offset();
        if (off < 0) return -1;
        if (off <= raw.length() && raw.startsWith(s.before(), off)) return off;
        try {
            int cu = raw.offsetByCodePoints(0, off);
            if (raw.startsWith(s.before(), cu)) return cu;
        } catch (IndexOutOfBoundsException ignored) {
            // not a code point offset either
        }
        return -1;
    }
}
