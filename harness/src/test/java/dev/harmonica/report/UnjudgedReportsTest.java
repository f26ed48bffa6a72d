package dev.harmonica.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.turn.Verdict;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three outcomes per turn in every report (docs/reports.md): not-judged and harness-error turns are in no rate and are
 * shown beside every rate with their causes; a scenario with a turn not judged is not scored for BFCL; when nothing
 * was judged no rate is printed at all. Verdicts are read from the journal (ok / rescued / rescued with loss /
 * failed), or derived with {@link Verdict#of} for journals without them.
 */
class UnjudgedReportsTest {
    @TempDir
    Path tmp;

    /**
     * Variant v: 8 judged turns (5 ok, 1 rescued, 1 rescued with loss, 1 failed), 3 not judged (2 refused, 1 read
     * timeout) and 1 harness error; 4 BFCL scenarios of which 2 are scored (1 correct).
     */
    static TestJournal mixed() {
        TestJournal j = new TestJournal("mix");
        j.judged("s1", "v", 0, "ok").judged("s1", "v", 1, "rescued").scenario("s1", "v", 1, "completed", true);
        j.judged("s2", "v", 0, "ok").judged("s2", "v", 1, "failed").judged("s2", "v", 2, "ok")
                .scenario("s2", "v", 1, "completed", false);
        j.judged("s3", "v", 0, "rescued_with_loss").notJudged("s3", "v", 1, 1, "connection_refused")
                .scenario("s3", "v", 1, "not_judged", null);
        j.judged("s4", "v", 0, "ok").notJudged("s4", "v", 1, 1, "connection_refused")
                .scenario("s4", "v", 1, "not_judged", null);
        j.judged("s5", "v", 0, "ok").notJudged("s5", "v", 1, 1, "read_timeout").harnessError("s5", "v", 2)
                .scenario("s5", "v", 1, "harness_error", null);
        return j;
    }

    static List<CSVRecord> csv(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file);
             CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
            return p.getRecords();
        }
    }

    @Test
    void unjudgedTurnsAreBesideEveryRateNeverInIt() throws IOException {
        Path run = mixed().write(tmp.resolve("mix"), false, "v");
        Reports.Result r = Reports.writeAll(run);
        String line = "8 turns judged, 3 not judged (endpoint errors: 2 connection refused, 1 read timeout), 1 harness error";
        assertThat(r.headline()).contains("strict failure rate 37.5%").contains("n=8 judged turns").contains(line)
                .contains("rescued with loss 12.5%");
        assertThat(Files.readString(run.resolve("summary.md"))).contains(line).contains("### Not judged");
        assertThat(Files.readString(run.resolve("index.html"))).contains(line).contains("id=\"not-judged\"");
        JsonNode v = JournalScanner.MAPPER.readTree(run.resolve("summary.json").toFile()).path("variants").get(0);
        assertThat(v.path("outcomes").path("judged_turns").asInt()).isEqualTo(8);
        assertThat(v.path("outcomes").path("not_judged_causes").toString())
                .isEqualTo("{\"connection_refused\":2,\"read_timeout\":1}");
        assertThat(v.path("strict").path("n").asInt()).isEqualTo(8);
        assertThat(v.path("strict").path("failures").asInt()).isEqualTo(3);
        assertThat(v.path("verdicts").toString())
                .isEqualTo("{\"ok\":5,\"rescued\":1,\"rescued_with_loss\":1,\"failed\":1}");
        CSVRecord s = csv(run.resolve("summary.csv")).get(0);
        assertThat(s.get("judged_turns")).isEqualTo("8");
        assertThat(s.get("not_judged_turns")).isEqualTo("3");
        assertThat(s.get("harness_error_turns")).isEqualTo("1");
        assertThat(s.get("not_judged_causes")).isEqualTo("connection_refused=2;read_timeout=1");
        assertThat(s.get("verdict_rescued_with_loss")).isEqualTo("1");
        assertThat(s.get("strict_rate")).isEqualTo("0.375000");
        assertThat(s.get("lenient_rate")).isEqualTo("0.125000");
        assertThat(s.get("rescued_with_loss_rate")).isEqualTo("0.125000");
        for (CSVRecord m : csv(run.resolve("failure_modes.csv"))) {
            assertThat(m.get("judged_turns")).isEqualTo("8");
            assertThat(m.get("unjudged_turns")).isEqualTo("4");
        }
        List<CSVRecord> turns = csv(run.resolve("turns.csv"));
        assertThat(turns).hasSize(12);
        assertThat(turns).filteredOn(t -> t.get("outcome").equals("not_judged"))
                .extracting(t -> t.get("not_judged_cause"))
                .containsExactlyInAnyOrder("connection_refused", "connection_refused", "read_timeout");
        assertThat(turns).filteredOn(t -> !t.get("outcome").equals("judged")).allSatisfy(t -> {
            assertThat(t.get("verdict")).isEmpty();
            assertThat(t.get("strict_ok")).isEmpty();
        });
        assertThat(turns).filteredOn(t -> t.get("outcome").equals("harness_error")).hasSize(1);
    }

    @Test
    void bfclAccuracyIsOverScoredEntriesWithTheNotScoredCountBesideIt() throws IOException {
        Path run = mixed().write(tmp.resolve("mix"), false, "v");
        Reports.writeAll(run);
        CSVRecord s = csv(run.resolve("summary.csv")).get(0);
        assertThat(s.get("bfcl_correct")).isEqualTo("1");
        assertThat(s.get("bfcl_total")).isEqualTo("2");
        assertThat(s.get("bfcl_not_scored")).isEqualTo("3");
        assertThat(s.get("bfcl_accuracy_entries_run")).isEqualTo("0.500000");
        assertThat(Files.readString(run.resolve("summary.md"))).contains("50.0% (1/2 scored; 3 not scored)");
        JsonNode b = JournalScanner.MAPPER.readTree(run.resolve("summary.json").toFile()).path("variants").get(0)
                .path("bfcl");
        assertThat(b.path("scored").asInt()).isEqualTo(2);
        assertThat(b.path("not_scored").asInt()).isEqualTo(3);
    }

    @Test
    void aScenarioWithATurnNotJudgedIsNotScoredEvenWithAVerdict() throws IOException {
        // an older runner wrote a BFCL verdict even when a turn was not judged: it is not an incorrect entry
        TestJournal j = new TestJournal("old");
        j.judged("s1", "v", 0, "ok").notJudged("s1", "v", 1, 1, "http_5xx");
        j.raw("{\"type\":\"scenario\",\"run_id\":\"old\",\"scenario_id\":\"s1\",\"source\":\"bfcl\",\"variant\":\"v\","
                + "\"status\":\"completed\",\"bfcl\":{\"valid\":false}}");
        Path run = j.write(tmp.resolve("old"), false, "v");
        RunData d = RunData.read(run);
        assertThat(d.variants().get(0).bfclTotal()).isZero();
        assertThat(d.variants().get(0).bfclNotScored()).isEqualTo(1);
        assertThat(d.scenarios().get("v").get("s1").scored()).isFalse();
    }

    @Test
    void nothingJudgedPrintsNoRateAtAll() throws IOException {
        TestJournal j = new TestJournal("down");
        for (int i = 0; i < 4; i++) {
            for (String v : new String[]{"a", "b"}) {
                j.notJudged("s" + i, v, 1, 0, "connection_refused").scenario("s" + i, v, 1, "not_judged", null);
            }
        }
        Path run = j.write(tmp.resolve("down"), false, "a", "b");
        Reports.Result r = Reports.writeAll(run);
        assertThat(r.headline()).isEqualTo("down: no turn judged: endpoint unreachable (8 not judged (endpoint "
                + "errors: 8 connection refused), 0 harness errors)");
        for (String f : new String[]{"summary.md", "index.html", "summary.json", "summary.csv", "failure_modes.csv",
                "turns.csv", "depth.csv", "junit.xml"}) {
            String text = Files.readString(run.resolve(f));
            assertThat(text).as(f).doesNotContain("0.0%").doesNotContain("0.000000").doesNotContain("\"rate\"");
        }
        assertThat(Files.readString(run.resolve("index.html"))).contains("no turn judged: endpoint unreachable");
        assertThat(Files.readString(run.resolve("summary.md"))).contains("no turn judged: endpoint unreachable");
        JsonNode root = JournalScanner.MAPPER.readTree(run.resolve("summary.json").toFile());
        assertThat(root.path("outcomes").path("nothing_judged").asText()).isEqualTo("endpoint unreachable");
        assertThat(root.path("variants").get(0).path("strict").has("rate")).isFalse();
        CSVRecord s = csv(run.resolve("summary.csv")).get(0);
        assertThat(s.get("strict_rate")).isEmpty();
        assertThat(s.get("bfcl_accuracy_entries_run")).isEmpty();
        assertThat(s.get("bfcl_not_scored")).isEqualTo("4");
    }

    @Test
    void theLastAttemptCountsAndEarlierNotJudgedAttemptsAreListed() throws IOException {
        TestJournal j = new TestJournal("retry");
        j.notJudged("s1", "v", 1, 0, "read_timeout").scenario("s1", "v", 1, "not_judged", null);
        j.judged("s2", "v", 0, "ok").scenario("s2", "v", 1, "completed", true);
        j.judged("s1", "v", 2, 0, "rescued", n -> { }).scenario("s1", "v", 2, "completed", true);
        Path run = j.write(tmp.resolve("retry"), false, "v");
        Reports.Result r = Reports.writeAll(run);
        VariantStats v = r.model().run().variants().get(0);
        assertThat(v.judged()).isEqualTo(2);
        assertThat(v.endpointFailures()).isZero();
        assertThat(v.bfclCorrect()).isEqualTo(2);
        assertThat(v.bfclNotScored()).isZero();
        assertThat(r.model().run().warnings().total()).as("a retry is not a warning").isZero();
        assertThat(csv(run.resolve("turns.csv"))).hasSize(2);
        assertThat(Files.readString(run.resolve("summary.md")))
                .contains("1 earlier attempt(s) not judged and played again (1 read timeout)");
        JsonNode ra = JournalScanner.MAPPER.readTree(run.resolve("summary.json").toFile()).path("variants").get(0)
                .path("retried_attempts");
        assertThat(ra.path("count").asInt()).isEqualTo(1);
    }

    @Test
    void verdictsComeFromTheJournalOrFromTheTurnRuleForOlderJournals() throws IOException {
        TestJournal j = new TestJournal("old");
        // a journaled verdict wins over what the parse fields would say
        j.judged("s1", "v", 1, 0, "rescued_with_loss", n -> n.putObject("strict").put("ok", true));
        // older journals: no outcome, no verdict: derived by Verdict.of from the parse fields and repair flags
        j.judged("s1", "v", 1, 1, "rescued", n -> {
            n.remove("verdict");
            n.remove("outcome");
            ((com.fasterxml.jackson.databind.node.ObjectNode) n.get("lenient").get("repairs").get(0)).put("lossy", true);
        });
        j.judged("s1", "v", 1, 2, "ok", n -> { // strict parsed, but a tool name carried leaked format text
            n.remove("verdict");
            n.remove("outcome");
            n.putArray("strict_failure_modes").add("tool_name_leak").add("unknown_tool");
        });
        j.judged("s1", "v", 1, 3, "failed", n -> n.remove("verdict"));
        j.raw("{\"type\":\"turn\",\"run_id\":\"old\",\"scenario_id\":\"s1\",\"variant\":\"v\",\"turn\":4,\"step\":0,"
                + "\"depth\":4,\"endpoint_error\":{\"status\":503,\"message\":\"busy\",\"format_error\":false}}");
        j.scenario("s1", "v", 1, "completed", null);
        Path run = j.write(tmp.resolve("old"), false, "v");
        Reports.writeAll(run);
        List<CSVRecord> turns = csv(run.resolve("turns.csv"));
        assertThat(turns).extracting(t -> t.get("verdict"))
                .containsExactly("rescued_with_loss", "rescued_with_loss", "rescued", "failed", "");
        assertThat(turns.get(4).get("outcome")).isEqualTo("not_judged");
        assertThat(turns.get(4).get("not_judged_cause")).isEqualTo("http_5xx");
        assertThat(TurnRow.deriveVerdict(true, false, true, false, List.of("tool_name_leak")))
                .isEqualTo(Verdict.of(true, true, false));
    }
}
