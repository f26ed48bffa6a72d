package dev.harmonica.report;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report semantics of a current journal ({@code fixture-run-v2}): per-parser failure modes, resampled draws,
 * baseline from run.json rather than journal order, labelled BFCL numbers, the turn-level paired view and the CSV
 * formula-injection guard. Golden files in {@code golden-v2/} (regenerate with {@code -Dharmonica.updateGolden=true}).
 */
class CurrentJournalTest {
    @TempDir
    static Path tmp;
    static Path run;
    static Reports.Result result;

    static final List<String> GOLDEN = List.of("turns.csv", "failure_modes.csv", "census.csv", "summary.csv",
            "summary.json", "summary.md", "bfcl_scores.csv");

    @BeforeAll
    static void build() {
        run = Fixtures.fixtureRunV2(tmp);
        result = Reports.writeAll(run);
    }

    @Test
    void everyReportMatchesItsGoldenFile() throws IOException {
        Fixtures.assertMatchesGolden(run, "golden-v2", GOLDEN);
    }

    private static List<CSVRecord> rows(Path dir, String file) throws IOException {
        try (Reader r = Files.newBufferedReader(dir.resolve(file));
             CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
            return p.getRecords();
        }
    }

    private static CSVRecord mode(List<CSVRecord> rows, String variant, String mode) {
        return rows.stream().filter(r -> r.get("variant").equals(variant) && r.get("failure_mode").equals(mode))
                .findFirst().orElseThrow(() -> new AssertionError("no row " + variant + "/" + mode));
    }

    // A leaked <|channel|> suffix on the tool name: the strict consumer calls an unknown tool, lenient cuts the
    // suffix and calls the right one. The runner journals strict_failure_modes [unknown_tool], lenient [].
    @Test
    void toolNameLeakThatLenientRepairsCountsUnderStrictOnly() throws IOException {
        List<CSVRecord> modes = rows(run, "failure_modes.csv");
        CSVRecord unknown = mode(modes, "pr114", "unknown_tool");
        assertThat(unknown.get("seen")).isEqualTo("1");
        assertThat(unknown.get("strict_count")).isEqualTo("1");
        assertThat(unknown.get("lenient_count")).isEqualTo("0");
        CSVRecord leak = mode(modes, "pr114", "tool_name_leak");
        assertThat(leak.get("seen")).isEqualTo("1");
        assertThat(leak.get("strict_count")).isEqualTo("0");
        assertThat(leak.get("lenient_count")).isEqualTo("0");
        // a format mode the lenient parser repairs: strict only
        CSVRecord left = mode(modes, "pr114", "leftover_header_tokens");
        assertThat(left.get("strict_count")).isEqualTo("1");
        assertThat(left.get("lenient_count")).isEqualTo("0");
        var json = JournalScanner.MAPPER.readTree(run.resolve("summary.json").toFile());
        var b = json.path("variants").get(1);
        assertThat(b.path("failure_modes").path("unknown_tool").path("strict").asInt()).isEqualTo(1);
        assertThat(b.path("failure_modes").path("unknown_tool").path("lenient").asInt()).isZero();
        assertThat(b.path("failure_modes_counting").asText()).isEqualTo("per-parser");
        assertThat(json.path("journal").path("warnings").toString()).doesNotContain("strict_failure_modes");
        CSVRecord turn = rows(run, "turns.csv").stream().filter(r -> r.get("failure_modes").contains("tool_name_leak"))
                .findFirst().orElseThrow();
        assertThat(turn.get("strict_failure_modes")).isEqualTo("unknown_tool");
        assertThat(turn.get("lenient_failure_modes")).isEmpty();
    }

    @Test
    void olderJournalsFallBackToTheLegacyRuleWithAWarning(@TempDir Path dir) throws IOException {
        Path legacy = Fixtures.fixtureRun(dir);
        RunData data = RunData.read(legacy);
        assertThat(data.warnings().first()).anyMatch(w -> w.contains("no strict_failure_modes/lenient_failure_modes")
                && w.contains("older rule"));
        assertThat(data.variants().get(0).legacyModeTurns).isEqualTo(data.variants().get(0).judged());
    }

    @Test
    void resampledDrawsAreRowsButNotRates() throws IOException {
        List<CSVRecord> turns = rows(run, "turns.csv");
        List<CSVRecord> resampled = turns.stream().filter(r -> r.get("driven_by").equals("resampled")).toList();
        assertThat(resampled).hasSize(1);
        assertThat(resampled.get(0).get("variant")).isEqualTo("harmony-v0.0.8");
        assertThat(resampled.get(0).get("strict_ok")).isEqualTo("false");
        // the kept draw at the same (turn, step) is there too, and nothing was dropped as "superseded"
        assertThat(turns).filteredOn(r -> r.get("variant").equals("harmony-v0.0.8") && r.get("turn").equals("0")
                && r.get("step").equals("0") && r.get("scenario_id").equals("multi_turn_base_0")).hasSize(2);
        assertThat(turns).hasSize(9);
        var json = JournalScanner.MAPPER.readTree(run.resolve("summary.json").toFile());
        assertThat(json.path("journal").path("superseded_turns").asInt()).isZero();
        var a = json.path("variants").get(0);
        assertThat(a.path("name").asText()).isEqualTo("harmony-v0.0.8");
        assertThat(a.path("resampled_draws").asInt()).isEqualTo(1);
        assertThat(a.path("turns").asInt()).isEqualTo(4);
        assertThat(a.path("strict").path("failures").asInt()).isEqualTo(3);
        assertThat(a.path("strict").path("n").asInt()).isEqualTo(4);
        // the discarded draw's signature is not in the census
        assertThat(Files.readString(run.resolve("census.csv"))).doesNotContain("HYPERLINK");
        assertThat(Files.readString(run.resolve("summary.md"))).contains("Resampled draws")
                .contains("`harmony-v0.0.8` 1");
    }

    @Test
    void baselineComesFromRunJsonNotJournalOrder() throws IOException {
        // pr114's lines come first in the journal; run.json declares harmony-v0.0.8 first
        assertThat(Files.readAllLines(run.resolve("journal.jsonl")).get(0)).contains("\"variant\": \"pr114\"");
        assertThat(result.headline()).startsWith("[simulated model] pr114 vs harmony-v0.0.8:");
        assertThat(RunData.read(run).variantNames()).containsExactly("harmony-v0.0.8", "pr114");
    }

    @Test
    void baselineFollowsRunJsonWhenItDeclaresTheOtherOrder(@TempDir Path dir) throws IOException {
        Path r = Fixtures.copy("fixture-run-v2", dir.resolve("rev"));
        String runJson = Files.readString(r.resolve("run.json"));
        int a = runJson.indexOf("{\n        \"name\": \"harmony-v0.0.8\""), b = runJson.indexOf("{\n        \"name\": \"pr114\"");
        assertThat(a).isPositive();
        assertThat(b).isGreaterThan(a);
        int end = runJson.indexOf(']', b);
        String first = runJson.substring(a, runJson.lastIndexOf('}', b) + 1), second = runJson.substring(b, runJson.lastIndexOf('}', end) + 1);
        Files.writeString(r.resolve("run.json"), runJson.substring(0, a) + second + ", " + first + runJson.substring(runJson.lastIndexOf('}', end) + 1));
        assertThat(RunData.read(r).variantNames()).containsExactly("pr114", "harmony-v0.0.8");
        assertThat(Reports.headline(r)).startsWith("[simulated model] harmony-v0.0.8 vs pr114:");
    }

    @Test
    void withoutDeclaredVariantsTheOrderIsByNameWhateverTheJournalOrder(@TempDir Path dir) throws IOException {
        for (boolean reverse : new boolean[]{false, true}) {
            Path r = Fixtures.copy("fixture-run-v2", dir.resolve("noorder-" + reverse));
            Files.writeString(r.resolve("run.json"), "{\"run_id\":\"fx-2\",\"simulator\":true}\n");
            if (reverse) {
                List<String> lines = new ArrayList<>(Files.readAllLines(r.resolve("journal.jsonl")));
                Collections.reverse(lines); // scenario lines before their turns: still one scenario each
                Files.write(r.resolve("journal.jsonl"), reorderKeepingScenarioLast(lines));
            }
            RunData data = RunData.read(r);
            assertThat(data.variantNames()).as("reverse=" + reverse).containsExactly("harmony-v0.0.8", "pr114");
            assertThat(data.warnings().first()).anyMatch(w -> w.contains("run.json declares no variants"));
        }
    }

    @Test
    void drillDownMarksResampledDrawsAndShowsThePerParserModes() throws IOException {
        String html = Files.readString(run.resolve("index.html"));
        assertThat(html).contains("resampled draw (discarded by the runner and re-drawn; not in any rate)")
                .contains("breaks strict: unknown_tool; still breaks after lenient: none")
                .contains("1 resampled draw(s)");
    }

    @Test
    void theHeadlineDoesNotDependOnTheOrderScenariosClosed(@TempDir Path dir) throws IOException {
        Path r = Fixtures.copy("fixture-run-v2", dir.resolve("swapped"));
        List<String> lines = Files.readAllLines(r.resolve("journal.jsonl"));
        List<String> s1 = new ArrayList<>(), s2 = new ArrayList<>();
        for (String l : lines) (l.contains("multi_turn_base_0") ? s1 : s2).add(l);
        List<String> swapped = new ArrayList<>(s2);
        swapped.addAll(s1);
        Files.write(r.resolve("journal.jsonl"), swapped);
        assertThat(Reports.headline(r)).isEqualTo(result.headline());
    }

    @Test
    void theBootstrapIntervalDoesNotDependOnJournalOrder(@TempDir Path dir) throws IOException {
        Path r = dir.resolve("synthetic");
        SyntheticJournal.write(r, SyntheticJournal.Spec.of(600, 7));
        String before = Reports.headline(r);
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (String l : Files.readAllLines(r.resolve("journal.jsonl"))) {
            var n = JournalScanner.MAPPER.readTree(l);
            groups.computeIfAbsent(n.path("scenario_id").asText(), k -> new ArrayList<>()).add(l);
        }
        List<String> keys = new ArrayList<>(groups.keySet());
        Collections.reverse(keys);
        List<String> out = new ArrayList<>();
        for (String k : keys) out.addAll(groups.get(k));
        Files.write(r.resolve("journal.jsonl"), out);
        assertThat(Reports.headline(r)).contains("95% CI").isEqualTo(before);
    }

    /** Puts every variant's lines of a scenario in swapped variant order, keeping each scenario line after its turns. */
    private static List<String> reorderKeepingScenarioLast(List<String> reversed) {
        List<String> turns = new ArrayList<>(), scenarios = new ArrayList<>();
        for (String l : reversed) (l.contains("\"type\": \"scenario\"") ? scenarios : turns).add(l);
        List<String> out = new ArrayList<>();
        // turns in reversed order break (turn, step) order within a scenario, which the report does not rely on
        out.addAll(turns);
        out.addAll(scenarios);
        return out;
    }

    // ShishirPatil/gorilla bfcl_eval eval_checker/eval_runner_helper.py: bfcl_scores.csv stays in BFCL's layout; elsewhere the two numbers are labelled.
    @Test
    void bfclNumbersAreLabelled() throws IOException {
        List<String> lines = Files.readAllLines(run.resolve("bfcl_scores.csv"));
        assertThat(lines.get(0)).isEqualTo("Rank,Model,Multi Turn Overall Acc,Base,Miss Func,Miss Param,Long Context");
        assertThat(lines.get(1)).isEqualTo("1,pr114,50.00%,100.00%,100.00%,N/A,N/A");
        String md = Files.readString(run.resolve("summary.md"));
        assertThat(md).contains("BFCL accuracy (entries run)")
                .contains("BFCL overall (absent categories count as 0, as BFCL does)")
                .doesNotContain("BFCL accuracy (entries)")
                .doesNotContain("BFCL accuracy 1");
        assertThat(result.headline()).contains("BFCL accuracy (entries run) 50.0% → 100.0%");
        var b = JournalScanner.MAPPER.readTree(run.resolve("summary.json").toFile()).path("variants").get(1).path("bfcl");
        assertThat(b.path("accuracy_entries_run").asDouble()).isEqualTo(1.0);
        assertThat(b.path("overall_bfcl_rule").asDouble()).isEqualTo(0.5);
        assertThat(b.path("overall_all_categories_present").asBoolean()).isFalse();
        assertThat(b.has("accuracy")).isFalse();
        String html = Files.readString(run.resolve("index.html"));
        assertThat(html).contains("BFCL overall (absent categories count as 0, as BFCL does)")
                .contains("BFCL accuracy (entries run)");
    }

    // Both scenarios fail under strict on both sides (0 discordant scenario pairs), but at different turns: the
    // headline tests the per-scenario rates themselves, and "any failure" is only the labelled secondary figure.
    @Test
    void headlineTestsThePerScenarioRatesNotAnyFailure() {
        assertThat(result.headline())
                .contains("strict failure rate (mean per scenario) 83.3% → 66.7%")
                .contains("sign-flip permutation p=1 exact, n=2 paired scenarios")
                .contains("[underpowered]")
                .doesNotContain("McNemar exact p=1, n=2")
                .doesNotContain("±");
        Comparison.Metric m = result.model().comparisons().get(0).strict();
        assertThat(m.secondaryLine()).isEqualTo("secondary (a different quantity): scenarios with any strict failure:"
                + " 0 only under A, 0 only under B; McNemar exact p=1");
    }

    @Test
    void untrustedCsvTextIsGuardedAgainstFormulaInjection() throws IOException {
        CSVRecord hostile = rows(run, "turns.csv").stream().filter(r -> r.get("driven_by").equals("resampled"))
                .findFirst().orElseThrow();
        assertThat(hostile.get("strict_signature")).isEqualTo("'=HYPERLINK(\"http://x\",\"y\")");
        assertThat(hostile.get("strict_error")).isEqualTo("'=HYPERLINK(\"http://x\",\"y\")");
        List<CSVRecord> census = rows(run, "census.csv");
        assertThat(census).extracting(r -> r.get("signature")).anyMatch(s -> s.startsWith("'-2+3 "));
        assertThat(census).extracting(r -> r.get("signature")).noneMatch(s -> s.startsWith("-"));
        // numeric columns untouched
        assertThat(rows(run, "summary.csv").get(0).get("strict_rate")).isEqualTo("0.750000");
    }

    @Test
    void csvTextGuardsOnlyTheOwaspLeadingCharacters() {
        for (String s : new String[]{"=1+1", "+1", "-1+1", "@SUM(A1)", "\tx", "\rx", " =1"}) {
            assertThat(Text.csvText(s)).isEqualTo("'" + s);
        }
        for (String s : new String[]{"", "a=1", "1-2", "'x", "-1", "-0.25", "Unknown role: x"}) {
            assertThat(Text.csvText(s)).isEqualTo(s);
        }
        assertThat(Text.csvText(null)).isNull();
    }
}
