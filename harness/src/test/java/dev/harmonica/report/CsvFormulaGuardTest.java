package dev.harmonica.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CSV formula injection (OWASP "CSV Injection", issue 12.5): every CSV the reports write guards every cell that can
 * carry model, dataset or journal text. The journal here puts a hostile value in every text field it has; no cell of
 * any CSV may then start (after spaces) with {@code = + - @}, tab or CR unless it is a plain number.
 */
class CsvFormulaGuardTest {
    @TempDir
    Path tmp;

    static final String[] HOSTILE = {"=cmd|' /C calc'!A0", "+SUM(1,2)", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1",
            "  =HYPERLINK(\"x\")"};
    private int next;

    private String h(String tail) {
        return HOSTILE[next++ % HOSTILE.length] + tail;
    }

    private ObjectNode hostileTurn(String run, String scenario, String variant, int turn, String outcome) {
        ObjectNode n = JournalScanner.MAPPER.createObjectNode();
        n.put("type", "turn").put("run_id", run).put("shard", h("shard")).put("scenario_id", scenario)
                .put("source", h("src")).put("category", h("cat")).put("variant", variant).put("turn", turn)
                .put("step", 0).put("depth", turn).put("prompt_tokens", 10).put("latency_ms", 1.5);
        n.putObject("raw").put("text", h("raw")).put("finish_reason", h("finish"));
        n.putObject("endpoint_error").put("status", 400).put("message", h("server said")).put("format_error", true);
        n.putObject("strict").put("ok", false).put("error", h("strict error"));
        n.putObject("harmony_non_strict").put("ok", false).put("error", h("non-strict error"));
        ObjectNode lenient = n.putObject("lenient").put("ok", true);
        lenient.putArray("repairs").addObject().put("code", h("REPAIR")).put("lossy", true);
        n.put("strict_signature", h("signature"));
        for (String f : new String[]{"failure_modes", "strict_failure_modes", "lenient_failure_modes", "injected_faults"}) {
            n.putArray(f).add(h("mode"));
        }
        ArrayNode calls = n.putArray("tool_calls");
        calls.addObject().put("name", h("tool")).put("arguments", h("{}")).put("valid_name", false);
        n.put("driven_by", h("driver"));
        n.put("outcome", outcome);
        if (outcome.equals("judged")) n.put("verdict", "rescued_with_loss");
        if (outcome.equals("not_judged")) n.putObject("not_judged").put("cause", h("cause")).put("message", h("msg"));
        if (outcome.equals("harness_error")) n.putObject("harness_error").put("message", h("bug"));
        return n;
    }

    private Path hostileRun() throws IOException {
        String run = "=run_id";
        String[] variants = {"=HYPERLINK(\"http://x\")", "@variant", "-1+1"};
        StringBuilder j = new StringBuilder();
        for (int s = 0; s < 3; s++) {
            for (String v : variants) {
                String id = HOSTILE[s] + "scenario" + s; // the same ids for every variant, so that they pair
                j.append(hostileTurn(run, id, v, 0, "judged")).append('\n');
                j.append(hostileTurn(run, id, v, 1, s == 1 ? "not_judged" : s == 2 ? "harness_error" : "judged"))
                        .append('\n');
                ObjectNode sc = JournalScanner.MAPPER.createObjectNode();
                sc.put("type", "scenario").put("run_id", run).put("scenario_id", id).put("source", "bfcl")
                        .put("category", h("multi_turn_base")).put("variant", v)
                        .put("status", s == 0 ? "completed" : h("status")).put("error", h("error"));
                sc.putObject("bfcl").put("valid", false).put("error_type", h("type")).put("error_message", h("m"));
                j.append(sc).append('\n');
            }
        }
        Path dir = Files.createDirectories(tmp.resolve("hostile"));
        StringBuilder vs = new StringBuilder();
        for (String v : variants) vs.append(vs.length() == 0 ? "" : ",").append(TurnsCsv.jsonString(v));
        Files.writeString(dir.resolve("run.json"), "{\"run_id\":\"=run_id\",\"variants\":[" + vs + "]}");
        Files.writeString(dir.resolve("journal.jsonl"), j);
        return dir;
    }

    static List<List<String>> cells(Path file) throws IOException {
        List<List<String>> out = new ArrayList<>();
        if (file.getFileName().toString().equals("bfcl_scores.csv")) { // BFCL's layout: no quoting
            for (String line : Files.readAllLines(file)) out.add(List.of(line.split(",", -1)));
            return out;
        }
        try (Reader r = Files.newBufferedReader(file); CSVParser p = CSVFormat.DEFAULT.parse(r)) {
            for (CSVRecord rec : p) out.add(rec.toList());
        }
        return out;
    }

    static boolean dangerous(String cell) {
        String t = cell.stripLeading();
        if (t.isEmpty() && !cell.isEmpty()) return cell.indexOf('\t') >= 0 || cell.indexOf('\r') >= 0;
        char c = cell.isEmpty() ? 'x' : cell.charAt(0) == ' ' ? t.charAt(0) : cell.charAt(0);
        return "=+-@\t\r".indexOf(c) >= 0 && !Text.plainNumber(cell);
    }

    @Test
    void noCellOfAnyCsvStartsAFormula() throws IOException {
        Path run = hostileRun();
        Reports.writeAll(run);
        Path cmp = tmp.resolve("cmp");
        Reports.compare(run, run, cmp, "=HYPERLINK(\"http://x\")", "@variant", List.of());
        List<Path> csvs = new ArrayList<>();
        for (String f : Reports.FILES) if (f.endsWith(".csv")) csvs.add(run.resolve(f));
        csvs.add(cmp.resolve("comparison.csv"));
        int guarded = 0;
        for (Path f : csvs) {
            for (List<String> row : cells(f)) {
                for (String cell : row) {
                    assertThat(dangerous(cell)).as(f.getFileName() + ": " + cell.replace("\r", "\\r")).isFalse();
                    if (cell.startsWith("'")) guarded++;
                }
            }
        }
        assertThat(guarded).as("the hostile values are there, guarded").isGreaterThan(100);
        String turns = Files.readString(run.resolve("turns.csv"));
        assertThat(turns).contains("'=cmd|' /C calc'!A0", "'@SUM(A1:A9)", "'-2+3");
    }

    @Test
    void negativeNumbersStayNumbers() {
        assertThat(Text.csvText("-8.2")).isEqualTo("-8.2");
        assertThat(Text.csvText("-1e-5")).isEqualTo("-1e-5");
        assertThat(Text.csvText("-1+1")).isEqualTo("'-1+1");
        assertThat(Text.csvText("-")).isEqualTo("'-");
        assertThat(Text.csvText(" =1")).isEqualTo("' =1");
        assertThat(Text.csvText("'=1")).isEqualTo("'=1");
    }
}
