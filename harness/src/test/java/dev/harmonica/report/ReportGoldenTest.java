package dev.harmonica.report;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden files for every machine-readable report of the hand-written fixture run (resumed attempt, incomplete
 * scenario, endpoint error, torn last line, hostile text). Regenerate after an intended change with
 * {@code -Dharmonica.updateGolden=true} and review the diff.
 */
class ReportGoldenTest {
    @TempDir
    static Path tmp;
    static Path run;
    static Reports.Result result;

    static final List<String> GOLDEN = List.of("turns.csv", "failure_modes.csv", "depth.csv", "census.csv",
            "summary.csv", "summary.json", "summary.md", "bfcl_scores.csv", "junit.xml");

    @BeforeAll
    static void build() {
        run = Fixtures.fixtureRun(tmp);
        result = Reports.writeAll(run);
    }

    @Test
    void everyReportMatchesItsGoldenFile() throws IOException {
        Fixtures.assertMatchesGolden(run, "golden", GOLDEN);
    }

    @Test
    void writesEveryFileAndNoTemporaryLeftovers() throws IOException {
        for (String f : Reports.FILES) assertThat(run.resolve(f)).isRegularFile();
        try (var s = Files.list(run)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
        assertThat(result.indexHtml()).isEqualTo(run.resolve("index.html"));
    }

    private static List<CSVRecord> parse(String file, String... header) throws IOException {
        try (Reader r = Files.newBufferedReader(run.resolve(file));
             CSVParser p = CSVFormat.DEFAULT.builder().setHeader(header).setSkipHeaderRecord(true).get().parse(r)) {
            List<CSVRecord> rows = p.getRecords();
            for (CSVRecord rec : rows) assertThat(rec.isConsistent()).as(file + " row " + rec.getRecordNumber()).isTrue();
            return rows;
        }
    }

    private static List<String> headerOf(String file) throws IOException {
        try (Reader r = Files.newBufferedReader(run.resolve(file));
             CSVParser p = CSVFormat.DEFAULT.builder().setHeader().get().parse(r)) {
            return p.getHeaderNames();
        }
    }

    @Test
    void turnsCsvParsesBackWithItsDeclaredHeader() throws IOException {
        assertThat(headerOf("turns.csv")).containsExactly(TurnsCsv.HEADER);
        List<CSVRecord> rows = parse("turns.csv", TurnsCsv.HEADER);
        // 20 turn records: one skipped for a missing variant? no — that record is not counted in turn_records;
        // one superseded by the resumed attempt is dropped
        assertThat(rows).hasSize(19);
        CSVRecord hostile = rows.stream().filter(r -> r.get("scenario_id").startsWith("xss_")
                && r.get("variant").equals("harmony-v0.0.8")).findFirst().orElseThrow();
        assertThat(hostile.get("strict_ok")).isEqualTo("false");
        assertThat(hostile.get("strict_signature")).isEqualTo("Unknown role: \"><img src=x onerror=alert(1)><script>alert(2)</script>");
        assertThat(hostile.get("lenient_ok")).isEqualTo("false");
        CSVRecord rescued = rows.stream().filter(r -> r.get("rescued_by_lenient").equals("true")
                && r.get("variant").equals("harmony-v0.0.8")).findFirst().orElseThrow();
        assertThat(rescued.get("repair_codes")).isEqualTo("L2_DUPLICATE_CHANNEL");
        assertThat(rescued.get("failure_modes")).isEqualTo("unknown_role;duplicate_channel");
        CSVRecord endpoint = rows.stream().filter(r -> !r.get("endpoint_error").isEmpty()).findFirst().orElseThrow();
        assertThat(endpoint.get("endpoint_error")).isEqualTo("HTTP 503: Service Unavailable");
        assertThat(endpoint.get("strict_ok")).isEmpty();
        CSVRecord tool = rows.stream().filter(r -> r.get("tool_call_names").contains("onerror")).findFirst().orElseThrow();
        assertThat(tool.get("tool_call_names")).isEqualTo("[\"<img src=x onerror=alert(4)>\"]");
        assertThat(tool.get("tool_calls_valid")).isEqualTo("false");
        assertThat(rows).filteredOn(r -> r.get("scenario_status").equals("incomplete")).hasSize(1);
    }

    @Test
    void smallCsvsParseBackWithTheirDeclaredHeaders() throws IOException {
        assertThat(headerOf("summary.csv")).containsExactly(SummaryWriters.SUMMARY_HEADER);
        List<CSVRecord> summary = parse("summary.csv", SummaryWriters.SUMMARY_HEADER);
        assertThat(summary).extracting(r -> r.get("variant")).containsExactly("harmony-v0.0.8", "pr114");
        assertThat(summary.get(0).get("strict_failures")).isEqualTo("2");
        assertThat(summary.get(0).get("judged_turns")).isEqualTo("9");
        assertThat(summary.get(0).get("strict_ci95_low")).isEqualTo("0.063225");
        assertThat(summary.get(1).get("scenarios_incomplete")).isEqualTo("1");
        assertThat(headerOf("failure_modes.csv")).containsExactly(SummaryWriters.MODES_HEADER);
        assertThat(parse("failure_modes.csv", SummaryWriters.MODES_HEADER)).isNotEmpty();
        assertThat(headerOf("depth.csv")).containsExactly(SummaryWriters.DEPTH_HEADER);
        assertThat(parse("depth.csv", SummaryWriters.DEPTH_HEADER)).isNotEmpty();
        assertThat(headerOf("census.csv")).containsExactly("rank", "signature", "total", "harmony-v0.0.8", "pr114");
        List<CSVRecord> census = parse("census.csv", "rank", "signature", "total", "harmony-v0.0.8", "pr114");
        assertThat(census).hasSize(3);
        assertThat(census).extracting(r -> r.get("signature"))
                .contains("Unknown role: assistant<|channel|>commentary")
                .noneMatch(sig -> sig.contains("not judged")); // causes are counted apart, never as a model error
    }

    // ShishirPatil/gorilla bfcl_eval eval_checker/eval_runner_helper.py: BFCL's data_multi_turn.csv layout, no quoting, "%.2f%%", N/A for a missing category,
    // overall = unweighted mean of the four with a missing one counted as 0.
    @Test
    void bfclScoresUseBfclsOwnLayout() throws IOException {
        List<String> lines = Files.readAllLines(run.resolve("bfcl_scores.csv"));
        assertThat(lines.get(0)).isEqualTo("Rank,Model,Multi Turn Overall Acc,Base,Miss Func,Miss Param,Long Context");
        assertThat(lines.get(1)).isEqualTo("1,pr114,75.00%,100.00%,100.00%,N/A,100.00%");
        assertThat(lines.get(2)).isEqualTo("2,harmony-v0.0.8,50.00%,0.00%,100.00%,100.00%,0.00%");
    }

    @Test
    void junitXmlIsValidAndCarriesTheFirstFailure() throws Exception {
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(run.resolve("junit.xml").toFile());
        Element root = d.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("testsuites");
        assertThat(root.getAttribute("tests")).isEqualTo("10");
        NodeList cases = d.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(10);
        NodeList failures = d.getElementsByTagName("failure");
        boolean found = false;
        for (int i = 0; i < failures.getLength(); i++) {
            Element f = (Element) failures.item(i);
            if (f.getAttribute("message").contains("Unknown role: assistant<|channel|>commentary")) found = true;
        }
        assertThat(found).isTrue();
        assertThat(d.getElementsByTagName("error").getLength()).isEqualTo(2); // endpoint error + incomplete
        Element xss = null;
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            if (c.getAttribute("name").startsWith("xss_")) xss = c;
        }
        assertThat(xss).isNotNull();
        assertThat(xss.getAttribute("name")).isEqualTo("xss_<script>document.title=\"PWNED-ID\"</script>");
    }

    @Test
    void summaryMarkdownStatesTheSimulatorAndTheCensus() throws IOException {
        String md = Files.readString(run.resolve("summary.md"));
        assertThat(md).contains("simulated model: numbers show the simulator's fault model, not a real model");
        assertThat(md).contains("`Unknown role: assistant<\\|channel\\|>commentary`");
        assertThat(md).contains("   1x  Unknown role: assistant<|channel|>commentary");
        assertThat(md).contains("sign-flip permutation p=0.75 exact, n=4 paired scenarios");
        assertThat(md).contains("1 scenario(s) not fully judged on a side (endpoint) left out of the paired statistics");
        assertThat(md).contains("underpowered");
    }

    @Test
    void summaryJsonCarriesCountsIntervalsAndComparisons() throws IOException {
        var root = JournalScanner.MAPPER.readTree(run.resolve("summary.json").toFile());
        assertThat(root.path("simulated").asBoolean()).isTrue();
        assertThat(root.path("journal").path("superseded_turns").asInt()).isEqualTo(1);
        assertThat(root.path("journal").path("warnings_total").asInt()).isEqualTo(5); // incl. the legacy failure-mode rule
        var a = root.path("variants").get(0);
        assertThat(a.path("strict").path("failures").asInt()).isEqualTo(2);
        assertThat(a.path("strict").path("n").asInt()).isEqualTo(9);
        assertThat(a.path("rescued_by_lenient").asInt()).isEqualTo(1);
        var cmp = root.path("comparisons").get(0);
        assertThat(cmp.path("paired_scenarios").asInt()).isEqualTo(4);
        assertThat(cmp.path("unjudged_left_out").asInt()).isEqualTo(1);
        assertThat(cmp.path("metrics").get(0).path("test").asText()).startsWith("sign-flip permutation test, exact");
        assertThat(cmp.path("metrics").get(0).path("quantity").asText()).isEqualTo("mean per scenario");
        assertThat(cmp.path("metrics").get(0).path("n").asInt()).isEqualTo(4);
        assertThat(cmp.path("new_signatures").get(0).path("signature").asText())
                .isEqualTo("unexpected tokens remaining in message header: Some(\"to=functions.bash\")");
    }

    @Test
    void headlineIsOneLineWithTestPAndN() {
        assertThat(result.headline()).doesNotContain("\n")
                .startsWith("[simulated model] pr114 vs harmony-v0.0.8: strict failure rate (mean per scenario) ")
                .contains("sign-flip permutation p=0.75 exact, n=4 paired scenarios");
        assertThat(Reports.headline(run)).isEqualTo(result.headline());
    }

    @Test
    void rebuildingIsDeterministic() throws IOException {
        String before = Files.readString(run.resolve("index.html"));
        String json = Files.readString(run.resolve("summary.json"));
        Reports.writeAll(run);
        assertThat(Files.readString(run.resolve("index.html"))).isEqualTo(before);
        assertThat(Files.readString(run.resolve("summary.json"))).isEqualTo(json);
    }
}
