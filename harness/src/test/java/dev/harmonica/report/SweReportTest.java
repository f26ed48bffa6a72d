package dev.harmonica.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SWE replay report on a hand-written journal whose every figure is known: agreement per format and depth over
 * judged steps, steps not judged beside it, first divergence (median, never, censored), action-format errors apart from
 * harmony format errors; in summary.json, swe_agreement.csv (formula-guarded) and index.html.
 */
class SweReportTest {
    @TempDir
    Path tmp;

    private final List<String> lines = new ArrayList<>();

    /** A judged turn line; {@code replay} null for a request that is not the step's last. */
    private void turn(String variant, String id, String format, int step, int request, boolean strictOk,
                      boolean lenientOk, String replay) {
        ObjectNode n = JournalScanner.MAPPER.createObjectNode();
        n.put("type", "turn").put("run_id", "r").put("scenario_id", id).put("source", "swe").put("category", format)
                .put("variant", variant).put("turn", request).put("step", step).put("depth", step)
                .put("outcome", "judged").put("driven_by", "lenient");
        n.putObject("strict").put("ok", strictOk);
        n.putObject("lenient").put("ok", lenientOk);
        if (replay != null) n.set("replay", read(replay));
        lines.add(n.toString());
    }

    private void replayed(String id, String format, int step, String agreement, boolean agrees) {
        turn("v", id, format, step, 0, true, true, replay(agreement, agrees, null));
    }

    private static String replay(String agreement, boolean agrees, String formatError) {
        return "{\"action_format\":\"tool_calls\",\"agreement\":\"" + agreement + "\",\"agrees\":" + agrees
                + (formatError == null ? "" : ",\"action_format_errors\":[\"" + formatError + "\"]")
                + ",\"recorded_actions\":1,\"actions_from_text\":false,\"requests\":1}";
    }

    private void notJudged(String id, String format, int step) {
        lines.add("{\"type\":\"turn\",\"run_id\":\"r\",\"scenario_id\":\"" + id + "\",\"source\":\"swe\",\"category\":\""
                + format + "\",\"variant\":\"v\",\"turn\":0,\"step\":" + step + ",\"depth\":" + step
                + ",\"outcome\":\"not_judged\",\"not_judged\":{\"cause\":\"read_timeout\",\"status\":-1,\"message\":\"t\","
                + "\"attempts\":3},\"driven_by\":\"none\"}");
    }

    private void scenario(String variant, String id, String source, String format, String status) {
        lines.add("{\"type\":\"scenario\",\"run_id\":\"r\",\"scenario_id\":\"" + id + "\",\"source\":\"" + source
                + "\",\"category\":" + JournalScanner.MAPPER.valueToTree(format) + ",\"variant\":\"" + variant
                + "\",\"status\":\"" + status + "\",\"model_turns\":1,\"strict_failures\":0,\"lenient_failures\":0}");
    }

    private static JsonNode read(String json) {
        try {
            return JournalScanner.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A (mini-v2): exact, equivalent, same_program (first divergence at 2), no_action with an action-format error.
     * B (sweagent): exact; step 1 in two requests, the first failing strict harmony (lenient recovers), exact; message.
     * C (sweagent): different with harmony failing under both parsers (diverges at 0), then not judged.
     * D (sweagent): exact, then not judged (censored). Plus a BFCL scenario that must not count.
     */
    private Path journal() throws IOException {
        replayed("A", "mini-v2", 0, "exact", true);
        replayed("A", "mini-v2", 1, "equivalent", true);
        replayed("A", "mini-v2", 2, "same_program", false);
        turn("v", "A", "mini-v2", 3, 0, true, true, replay("no_action", false, "expected exactly 1 action, found 2"));
        scenario("v", "A", "swe", "mini-v2", "completed");
        replayed("B", "sweagent", 0, "exact", true);
        turn("v", "B", "sweagent", 1, 0, false, true, null);
        turn("v", "B", "sweagent", 1, 1, true, true, replay("exact", true, null));
        replayed("B", "sweagent", 2, "message", true);
        scenario("v", "B", "swe", "sweagent", "completed");
        turn("v", "C", "sweagent", 0, 0, false, false, replay("different", false, null));
        notJudged("C", "sweagent", 1);
        scenario("v", "C", "swe", "sweagent", "not_judged");
        replayed("D", "sweagent", 0, "exact", true);
        notJudged("D", "sweagent", 1);
        scenario("v", "D", "swe", "sweagent", "not_judged");
        lines.add("{\"type\":\"turn\",\"run_id\":\"r\",\"scenario_id\":\"b1\",\"source\":\"bfcl\",\"category\":\"base\","
                + "\"variant\":\"v\",\"turn\":0,\"step\":0,\"depth\":0,\"strict\":{\"ok\":true},\"lenient\":{\"ok\":true}}");
        scenario("v", "b1", "bfcl", "base", "completed");
        Path dir = Files.createDirectories(tmp.resolve("run"));
        Files.write(dir.resolve("journal.jsonl"), lines, StandardCharsets.UTF_8);
        return dir;
    }

    /** The journal plus one completed scenario E (one exact step) of {@code variant} and {@code format}; reports written. */
    private Path reportsWithExtra(String variant, String format) throws IOException {
        journal();
        turn(variant, "E", format, 0, 0, true, true, replay("exact", true, null));
        scenario(variant, "E", "swe", format, "completed");
        Path dir = tmp.resolve("run");
        Files.write(dir.resolve("journal.jsonl"), lines, StandardCharsets.UTF_8);
        Reports.writeAll(dir);
        return dir;
    }

    @Test
    void summaryJsonHasAgreementPerFormatAndDepthOverJudgedStepsOnly() throws IOException {
        Path dir = journal();
        Reports.writeAll(dir);
        JsonNode v = read(Files.readString(dir.resolve("summary.json"))).path("variants").get(0);
        JsonNode all = v.path("swe_replay").path("all_formats");
        assertThat(all.path("trajectories").asInt()).isEqualTo(4);
        assertThat(all.path("steps_judged").asInt()).isEqualTo(9);
        assertThat(all.path("steps_not_judged").asInt()).isEqualTo(2);
        JsonNode a = all.path("agreement");
        assertThat(a.path("agree").asInt()).isEqualTo(6);
        assertThat(a.path("rate").decimalValue()).isEqualByComparingTo("0.666667");
        assertThat(a.path("exact").asInt()).isEqualTo(4);
        assertThat(a.path("equivalent").asInt()).isEqualTo(1);
        assertThat(a.path("message_only").asInt()).isEqualTo(1);
        assertThat(a.path("disagree").asInt()).isEqualTo(3);
        assertThat(a.path("disagree_levels").toString())
                .isEqualTo("{\"same_target\":0,\"same_program\":1,\"same_tool\":0,\"other_tool\":1,\"no_action\":1}");
        assertThat(all.path("action_format_errors").asInt()).as("A step 3 only").isEqualTo(1);
        assertThat(all.path("harmony_format_errors").asInt()).as("B step 1 (first request), C step 0").isEqualTo(2);
        assertThat(all.path("harmony_format_errors_unrecovered").asInt()).isEqualTo(1);
        JsonNode fd = all.path("first_divergence");
        assertThat(fd.path("diverged").asInt()).isEqualTo(2);
        assertThat(fd.path("never_diverged").asInt()).isEqualTo(1);
        assertThat(fd.path("censored").asInt()).isEqualTo(1);
        assertThat(fd.path("median_depth").decimalValue()).as("median of 0 and 2").isEqualByComparingTo("1");
        assertThat(fd.path("by_depth").toString()).isEqualTo("{\"0\":1,\"1\":0,\"2-3\":1}");
        JsonNode depth1 = all.path("by_depth").get(1);
        assertThat(depth1.path("depth").asText()).isEqualTo("1");
        assertThat(depth1.path("steps_judged").asInt()).isEqualTo(2);
        assertThat(depth1.path("steps_not_judged").asInt()).isEqualTo(2);
        JsonNode sweagent = v.path("swe_replay").path("formats").path("sweagent");
        assertThat(sweagent.path("trajectories").asInt()).isEqualTo(3);
        assertThat(sweagent.path("steps_judged").asInt()).isEqualTo(5);
        assertThat(sweagent.path("agreement").path("agree").asInt()).isEqualTo(4);
        assertThat(sweagent.path("first_divergence").path("median_depth").decimalValue()).isEqualByComparingTo("0");
        JsonNode mini = v.path("swe_replay").path("formats").path("mini-v2");
        assertThat(mini.path("agreement").path("rate").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(mini.path("action_formats").toString()).isEqualTo("[\"tool_calls\"]");
        assertThat(v.path("swe_replay").path("formats").has("base")).as("BFCL scenarios are not SWE formats").isFalse();
    }

    @Test
    void csvHasOneRowPerFormatAndDepthAndGuardsText() throws IOException {
        Path dir = reportsWithExtra("=cmd|' /C calc'!A0", "+evil");
        assertThat(dir.resolve("swe_agreement.csv")).isRegularFile();
        List<CSVRecord> rows;
        try (Reader in = Files.newBufferedReader(dir.resolve("swe_agreement.csv"))) {
            rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in).getRecords();
        }
        assertThat(rows).extracting(x -> x.get("variant") + "|" + x.get("format") + "|" + x.get("depth")).containsExactly(
                "'=cmd|' /C calc'!A0|'+evil|all", "'=cmd|' /C calc'!A0|'+evil|0",
                "'=cmd|' /C calc'!A0|(all formats)|all", "'=cmd|' /C calc'!A0|(all formats)|0",
                "v|mini-v2|all", "v|mini-v2|0", "v|mini-v2|1", "v|mini-v2|2-3",
                "v|sweagent|all", "v|sweagent|0", "v|sweagent|1", "v|sweagent|2-3",
                "v|(all formats)|all", "v|(all formats)|0", "v|(all formats)|1", "v|(all formats)|2-3");
        // variants without run.json follow in name order: "=…" sorts before "v"
        CSVRecord total = rows.get(12);
        assertThat(total.get("steps_judged")).isEqualTo("9");
        assertThat(total.get("steps_not_judged")).isEqualTo("2");
        assertThat(total.get("agreement_rate")).isEqualTo("0.666667");
        assertThat(total.get("action_format_errors")).isEqualTo("1");
        assertThat(total.get("harmony_format_errors")).isEqualTo("2");
        assertThat(total.get("median_first_divergence_depth")).isEqualTo("1");
        assertThat(total.get("never_diverged")).isEqualTo("1");
        assertThat(total.get("censored")).isEqualTo("1");
        CSVRecord depth23 = rows.get(15);
        assertThat(depth23.get("steps_judged")).isEqualTo("3");
        assertThat(depth23.get("agree")).isEqualTo("1");
        assertThat(depth23.get("first_divergences")).isEqualTo("1");
        assertThat(depth23.get("trajectories")).isEmpty();
    }

    @Test
    void htmlShowsTheSectionWithEscapedIsolatedText() throws IOException {
        Path dir = reportsWithExtra("v", "<script>x</script>");
        String html = Files.readString(dir.resolve("index.html"));
        assertThat(html).contains("<h2 id=\"swe\">SWE replay agreement</h2>").contains("href=\"#swe\"")
                .contains("<bdi>&lt;script&gt;x&lt;/script&gt;</bdi>").doesNotContain("<script>")
                .contains("<bdi>(all formats)</bdi>").contains("70.0%");
    }

    @Test
    void summaryMdHasAShortSectionPerFormat() throws IOException {
        Path dir = reportsWithExtra("v", "a|b*<i>");
        List<String> md = Files.readAllLines(dir.resolve("summary.md"));
        int at = md.indexOf("### SWE replay agreement (rates over judged steps; details in swe_agreement.csv)");
        assertThat(at).isPositive();
        // figures as in summaryJsonHasAgreementPerFormatAndDepthOverJudgedStepsOnly, plus E (one exact step)
        assertThat(md.subList(at + 4, at + 8)).containsExactly(
                "| `v` | `a\\|b*<i>` | 1 | 1 | 0 | 100.0% (1/1; 20.7%–100.0%) | 0 | – (0 / 1 / 0) |",
                "| `v` | `mini-v2` | 1 | 4 | 0 | 50.0% (2/4; 15.0%–85.0%) | 1 | 2 (1 / 0 / 0) |",
                "| `v` | `sweagent` | 3 | 5 | 2 | 80.0% (4/5; 37.6%–96.4%) | 0 | 0 (1 / 1 / 1) |",
                "| `v` | (all formats) | 5 | 10 | 2 | 70.0% (7/10; 39.7%–89.2%) | 1 | 1 (2 / 2 / 1) |");
        assertThat(md.get(at + 8)).isEmpty();
    }

    @Test
    void aRunWithoutSweHasNoSectionAndAHeaderOnlyCsv() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("bfcl"));
        Files.writeString(dir.resolve("journal.jsonl"), "{\"type\":\"turn\",\"run_id\":\"r\",\"scenario_id\":\"b1\","
                + "\"source\":\"bfcl\",\"category\":\"base\",\"variant\":\"v\",\"turn\":0,\"step\":0,\"depth\":0,"
                + "\"strict\":{\"ok\":true},\"lenient\":{\"ok\":true}}\n");
        Reports.writeAll(dir);
        assertThat(Files.readAllLines(dir.resolve("swe_agreement.csv"))).hasSize(1);
        assertThat(Files.readString(dir.resolve("index.html"))).doesNotContain("id=\"swe\"");
        assertThat(Files.readString(dir.resolve("summary.md"))).doesNotContain("SWE replay");
        assertThat(read(Files.readString(dir.resolve("summary.json"))).path("variants").get(0).has("swe_replay")).isFalse();
    }
}
