package dev.harmonica.report;

import org.apache.commons.csv.CSVFormat;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Streams {@code turns.csv}: one row per model turn, written as each scenario closes; discarded resample draws are rows
 * too ({@code driven_by} = {@code resampled}). {@code strict_failure_modes} / {@code lenient_failure_modes} are empty
 * when the turn has none or the journal predates them. Every cell goes through {@link Text#csvText} (formula-injection
 * guard): any of them can carry model, dataset or journal text.
 */
final class TurnsCsv implements RunAggregator.TurnSink, Closeable {
    static final String[] BASE_HEADER = {"run_id", "shard", "scenario_id", "source", "category", "variant", "turn", "step",
            "depth", "prompt_tokens", "completion_tokens", "latency_ms", "attempts", "cached", "finish_reason",
            "outcome", "verdict", "not_judged_cause",
            "endpoint_error", "strict_ok", "strict_signature", "strict_error", "harmony_non_strict_ok",
            "harmony_non_strict_error", "lenient_ok", "lenient_error", "rescued_by_lenient", "repair_codes",
            "failure_modes", "strict_failure_modes", "lenient_failure_modes", "tool_calls", "tool_call_names",
            "tool_calls_valid", "tool_calls_schema_valid",
            "tool_calls_agree", "injected_faults", "driven_by", "scenario_status", "bfcl_valid", "journal_file",
            "journal_line"};
    /** The base columns, then the echo and log-probability columns ({@link EchoFigures}, {@link MarginFigures}). */
    static final String[] HEADER = concat(BASE_HEADER, EchoFigures.CSV_COLUMNS, MarginFigures.CSV_COLUMNS);

    private static String[] concat(String[]... parts) {
        return Arrays.stream(parts).flatMap(Arrays::stream).toArray(String[]::new);
    }

    static CSVFormat format(String... header) {
        return CSVFormat.DEFAULT.builder().setHeader(header).setRecordSeparator("\n").get();
    }

    private final Writer out;
    private final List<String> row = new ArrayList<>(HEADER.length);
    private final EchoFigures.Columns echoColumns = new EchoFigures.Columns();

    TurnsCsv(Path file) throws IOException {
        out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 17);
        row.addAll(List.of(HEADER));
        writeRow();
    }

    /** RFC 4180 row: a field is quoted when it holds a comma, quote, CR or LF or starts/ends with whitespace. */
    private void writeRow() {
        try {
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) out.write(',');
                String v = row.get(i);
                if (needsQuotes(v)) {
                    out.write('"');
                    out.write(v.replace("\"", "\"\""));
                    out.write('"');
                } else {
                    out.write(v);
                }
            }
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean needsQuotes(String v) {
        int n = v.length();
        if (n == 0) return false;
        if (v.charAt(0) <= ' ' || v.charAt(n - 1) <= ' ') return true;
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') return true;
        }
        return false;
    }

    @Override
    public void turn(TurnRow r, ScenarioResult s) {
        row.clear();
        boolean ep = !r.judged();
        add(r.runId());
        add(r.shard());
        add(r.scenarioId());
        add(r.source());
        add(r.category());
        add(r.variant());
        add(Integer.toString(r.turn()));
        add(Integer.toString(r.step()));
        add(Integer.toString(r.depth()));
        add(Integer.toString(r.promptTokens()));
        add(Integer.toString(r.completionTokens()));
        add(Text.num(r.latencyMs()));
        add(Integer.toString(r.attempts()));
        add(Boolean.toString(r.cached()));
        add(r.finishReason());
        add(r.outcome().jsonName());
        add(r.verdict() == null ? null : r.verdict().jsonName());
        add(r.notJudgedCause());
        add(endpointError(r));
        add(ep ? null : Boolean.toString(!r.strictFailed()));
        add(r.strictFailed() ? r.signature() : null);
        add(r.strictError());
        add(ep ? null : Boolean.toString(!r.nonStrictFailed()));
        add(r.nonStrictError());
        add(ep ? null : Boolean.toString(!r.lenientFailed()));
        add(r.lenientError());
        add(Boolean.toString(r.rescued()));
        add(String.join(";", r.repairCodes()));
        add(String.join(";", r.failureModes()));
        add(r.strictFailureModes() == null ? null : String.join(";", r.strictFailureModes()));
        add(r.lenientFailureModes() == null ? null : String.join(";", r.lenientFailureModes()));
        add(Integer.toString(r.toolCalls().size()));
        if (r.toolCalls().isEmpty()) {
            add("");
            add("");
            add("");
            add("");
        } else {
            StringBuilder names = new StringBuilder("[");
            StringBuilder valid = new StringBuilder(), schema = new StringBuilder(), agree = new StringBuilder();
            for (int i = 0; i < r.toolCalls().size(); i++) {
                TurnRow.Call c = r.toolCalls().get(i);
                if (i > 0) {
                    names.append(',');
                    valid.append(';');
                    schema.append(';');
                    agree.append(';');
                }
                names.append(jsonString(c.name()));
                valid.append(c.valid());
                schema.append(c.schemaValid());
                agree.append(c.agrees() == null ? "" : c.agrees().toString());
            }
            add(names.append(']').toString());
            add(valid.toString());
            add(schema.toString());
            add(agree.toString().replace(";", "").isEmpty() ? "" : agree.toString());
        }
        add(String.join(";", r.injectedFaults()));
        add(r.drivenBy());
        add(s.status());
        add(s.bfclValid() == null ? null : s.bfclValid().toString());
        add(r.file());
        add(Long.toString(r.line()));
        echoColumns.addTo(row, r);
        MarginFigures.addTo(row, r);
        writeRow();
    }

    /** What the endpoint said: a harmony format error, or why the turn was not judged (or the harness error). */
    static String endpointError(TurnRow r) {
        String status = r.endpointStatus() == null ? null
                : r.endpointStatus() <= 0 ? "transport" : "HTTP " + r.endpointStatus();
        if (r.judged()) {
            if (status == null) return null;
            return (r.endpointFormatError() ? "format " : "") + status
                    + (r.endpointMessage() == null ? "" : ": " + r.endpointMessage());
        }
        String msg = r.outcomeMessage() == null ? "" : r.outcomeMessage();
        if (r.harnessError()) return "harness error: " + msg;
        return (status == null ? "" : status + ": ") + msg;
    }

    /** Every cell is formula-guarded ({@link Text#csvText}): any of them can carry journal text. */
    private void add(String s) {
        row.add(s == null ? "" : Text.csvText(s));
    }

    static String jsonString(String s) {
        if (s == null) return "null";
        try {
            return JournalScanner.MAPPER.writeValueAsString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
