package dev.harmonica.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harmonica.endpoint.ModelRequest;
import dev.harmonica.endpoint.sim.SimConfig;
import dev.harmonica.endpoint.sim.SimLogprobs;
import dev.harmonica.endpoint.sim.SimModel;
import dev.harmonica.endpoint.sim.SimulatedEndpoint;
import dev.harmonica.journal.JournalReader;
import dev.harmonica.report.EchoFigures;
import dev.harmonica.report.MarginFigures;
import dev.harmonica.report.Reports;
import dev.harmonica.turn.Driving;
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
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The echo and log-probability figures of the run reports (turns.csv, summary.json, index.html), on runs against the
 * simulator: faults that change the echo form (F14 bare {@code json}, which pr114 echoes with {@code <|constrain|>};
 * F1 a leaked tool-name suffix that the lenient reading cuts), and F9 (an empty channel) whose margin the simulator
 * knows ({@link SimLogprobs#divergenceMargin}). Every figure is recomputed here from the journal.
 */
class EchoMarginReportsTest {
    @TempDir
    Path tmp;

    static final ObjectMapper M = new ObjectMapper();

    static Path run(Path dir, SimConfig sim, int scenarios, Variant... variants) {
        Runner.Services services = new Runner.Services(s -> SimulatedEndpoint.create(sim), Fakes.analyzer(),
                RendererFactory.harmony(), (rc, b, sh) -> new ArrayList<>(Fakes.kvScenarios(scenarios)));
        Runner.run(RunnerTest.config(2, variants), Runner.Options.defaults(dir, dir.getParent()), services);
        Reports.writeAll(dir);
        return dir;
    }

    static List<CSVRecord> csv(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file);
             CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
            return p.getRecords();
        }
    }

    /** Turn lines of the journal in order (resampled draws included). */
    static List<JsonNode> turns(Path dir) {
        List<JsonNode> out = new ArrayList<>();
        JournalReader.forEachComplete(dir.resolve(Runner.JOURNAL), n -> {
            if (n.path("type").asText().equals("turn")) out.add(n);
        });
        return out;
    }

    static String key(String variant, String scenario, String turn, String step) {
        return variant + "|" + scenario + "|" + turn + "|" + step;
    }

    /** Per row key: {distance, cumulative over earlier kept turns, differences, verdict}, recomputed from the journal. */
    static Map<String, String[]> expectedEcho(List<JsonNode> journal) {
        Map<String, String[]> expected = new HashMap<>();
        Map<String, Long> running = new HashMap<>();
        for (JsonNode n : journal) {
            String sv = n.path("variant").asText() + "|" + n.path("scenario_id").asText();
            long before = running.getOrDefault(sv, 0L);
            JsonNode e = n.get("echo");
            List<String> diff = new ArrayList<>();
            if (e != null) e.path("differences").forEach(d -> diff.add(d.asText()));
            expected.put(key(n.path("variant").asText(), n.path("scenario_id").asText(), n.path("turn").asText(),
                    n.path("step").asText()), new String[]{e == null ? "" : e.path("distance").asText(),
                    Long.toString(before), String.join(";", diff), n.path("verdict").asText()});
            if (e != null) running.put(sv, before + e.path("distance").asLong());
        }
        return expected;
    }

    @Test
    void echoColumnsSummaryAndHtmlFollowTheJournal() throws IOException {
        SimConfig sim = SimConfig.DEFAULT.withFaults(SimModel.parse("default,F14=0.5,F1=0.15")).withSeed(3);
        Path dir = run(tmp.resolve("echo"), sim, 30, RunnerTest.V008, RunnerTest.PR114);
        List<JsonNode> journal = turns(dir);
        Map<String, String[]> expected = expectedEcho(journal);
        List<CSVRecord> rows = csv(dir.resolve("turns.csv"));
        assertThat(rows).hasSize(journal.size());
        boolean constrainSeen = false, recipientSeen = false;
        for (CSVRecord r : rows) {
            String[] x = expected.get(key(r.get("variant"), r.get("scenario_id"), r.get("turn"), r.get("step")));
            assertThat(r.get("echo_distance")).as(r.toString()).isEqualTo(x[0]);
            assertThat(r.get("echo_cumulative")).as(r.toString()).isEqualTo(x[1]);
            assertThat(r.get("echo_diff")).as(r.toString()).isEqualTo(x[2]);
            constrainSeen |= r.get("variant").equals("pr114") && r.get("echo_diff").contains("constrain");
            recipientSeen |= r.get("variant").equals("v008") && r.get("echo_diff").contains("recipient_position");
        }
        assertThat(constrainSeen).as("F14's bare json is echoed with <|constrain|> by pr114").isTrue();
        assertThat(recipientSeen).as("harmony-v0.0.8 echoes the recipient before the channel").isTrue();

        JsonNode summary = M.readTree(dir.resolve("summary.json").toFile());
        for (JsonNode v : summary.path("variants")) assertBucketsAreARecount(v, rows, expected);
        JsonNode v008 = summary.path("variants").get(0), pr114 = summary.path("variants").get(1);
        assertThat(v008.path("echo").path("mean_distance").asDouble())
                .as("the recipient-first echo of harmony-v0.0.8 is further from what the model wrote")
                .isGreaterThan(pr114.path("echo").path("mean_distance").asDouble());

        String html = Files.readString(dir.resolve("index.html"));
        assertThat(html).contains("id=\"echo\"").contains("cumulative echo distance (tokens)")
                .contains("class=\"echo-table\"");
        JsonNode first = v008.path("echo").path("failure_rate_by_cumulative_distance").get(0);
        assertThat(html).contains("<tr><td class=\"l\">" + first.path("bucket").asText() + "</td><td>"
                + first.path("judged_turns").asLong() + "</td>");
    }

    /**
     * summary.json's buckets are a recount of turns.csv by cumulative distance: judged turns and strict failures (the
     * journal's verdict: rescued, rescued_with_loss or failed; a leaked tool-name suffix breaks strict too).
     */
    static void assertBucketsAreARecount(JsonNode v, List<CSVRecord> rows, Map<String, String[]> expected) {
        String name = v.path("name").asText();
        Map<Integer, long[]> recount = new LinkedHashMap<>();
        for (CSVRecord r : rows) {
            if (!r.get("variant").equals(name) || r.get("echo_cumulative").isEmpty()) continue;
            long[] c = recount.computeIfAbsent(bucket(Long.parseLong(r.get("echo_cumulative"))), b -> new long[2]);
            c[0]++;
            if (!expected.get(key(name, r.get("scenario_id"), r.get("turn"), r.get("step")))[3].equals("ok")) c[1]++;
        }
        JsonNode echo = v.path("echo");
        assertThat(echo.path("available").asBoolean()).isTrue();
        long judged = 0;
        for (JsonNode b : echo.path("failure_rate_by_cumulative_distance")) {
            long[] c = recount.get(b.path("low").asInt());
            assertThat(c).as(name + " bucket " + b.path("bucket").asText()).isNotNull();
            assertThat(b.path("judged_turns").asLong()).isEqualTo(c[0]);
            assertThat(b.path("strict_failures").asLong()).isEqualTo(c[1]);
            assertThat(b.path("rate").asDouble()).isCloseTo((double) c[1] / c[0], within(1e-6));
            judged += c[0];
        }
        assertThat(judged).isEqualTo(recount.values().stream().mapToLong(c -> c[0]).sum()).isPositive();
    }

    private static int bucket(long cumulative) {
        int i = EchoFigures.BOUNDS.length - 1;
        while (i > 0 && cumulative < EchoFigures.BOUNDS[i]) i--;
        return EchoFigures.BOUNDS[i];
    }

    @Test
    void marginsPerFailureModeAreTheSimulatorsKnownMargins() throws IOException {
        SimConfig sim = SimConfig.CLEAN.withFaults(SimModel.parse("F9=0.6"));
        Variant v = new Variant("v008", "harmony-v0.0.8", Variant.Mode.COMPLETIONS, Driving.LENIENT, 0,
                new ModelRequest.Sampling(4096, 1.0, 1.0, 11L, 5), null, null, true);
        Path dir = run(tmp.resolve("lp"), sim, 40, v);
        List<Double> known = new ArrayList<>();
        Map<String, JsonNode> forensics = new HashMap<>();
        for (JsonNode n : turns(dir)) {
            if (!n.has("logprobs")) continue;
            forensics.put(key("v008", n.path("scenario_id").asText(), n.path("turn").asText(), n.path("step").asText()),
                    n.get("logprobs"));
            assertThat(n.path("strict_failure_modes").toString()).contains("empty_channel");
            known.add(SimLogprobs.divergenceMargin(11L, n.path("scenario_id").asText(), n.path("depth").asInt()));
        }
        assertThat(known).hasSizeGreaterThan(10);

        // turns.csv: the margin, the chosen token and the alternative that keeps the turn parseable
        int withLp = 0;
        for (CSVRecord r : csv(dir.resolve("turns.csv"))) {
            JsonNode f = forensics.get(key("v008", r.get("scenario_id"), r.get("turn"), r.get("step")));
            if (f == null) {
                assertThat(r.get("lp_margin")).isEmpty();
                continue;
            }
            withLp++;
            assertThat(Double.parseDouble(r.get("lp_margin"))).isCloseTo(f.path("margin").asDouble(), within(1e-6));
            assertThat(r.get("lp_chosen")).isEqualTo("\"<|message|>\"");
            assertThat(Double.parseDouble(r.get("lp_chosen_logprob")) - Double.parseDouble(r.get("lp_best_valid_logprob")))
                    .isCloseTo(f.path("margin").asDouble(), within(1e-6));
            assertThat(r.get("lp_best_valid")).isEqualTo(M.writeValueAsString(f.path("alternatives").get(1).path("text").asText()));
        }
        assertThat(withLp).isEqualTo(known.size());

        // summary.json: count, quartiles (type 7) and the "by a hair" share of the known margins
        double[] s = known.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        JsonNode lp = M.readTree(dir.resolve("summary.json").toFile()).path("variants").get(0).path("logprob_margins");
        assertThat(lp.path("by_a_hair_below_nats").asDouble()).isEqualTo(MarginFigures.BY_A_HAIR_NATS);
        JsonNode mode = lp.path("per_failure_mode").path("empty_channel");
        assertThat(mode.path("turns").asInt()).isEqualTo(s.length);
        assertThat(mode.path("with_margin").asInt()).isEqualTo(s.length);
        assertThat(mode.path("no_valid_alternative").asInt()).isZero();
        assertThat(mode.path("min").asDouble()).isCloseTo(s[0], within(1e-6));
        assertThat(mode.path("q1").asDouble()).isCloseTo(type7(s, 0.25), within(1e-6));
        assertThat(mode.path("median").asDouble()).isCloseTo(type7(s, 0.5), within(1e-6));
        assertThat(mode.path("q3").asDouble()).isCloseTo(type7(s, 0.75), within(1e-6));
        assertThat(mode.path("max").asDouble()).isCloseTo(s[s.length - 1], within(1e-6));
        long hair = Arrays.stream(s).filter(m -> m < MarginFigures.BY_A_HAIR_NATS).count();
        assertThat(mode.path("by_a_hair").asLong()).isEqualTo(hair);
        assertThat(mode.path("examples").size()).isEqualTo(3);
        assertThat(mode.path("examples").get(0).path("margin").asDouble()).isCloseTo(s[0], within(1e-6));
        assertThat(lp.path("per_failure_mode").path("(all modes)").path("turns").asInt()).isEqualTo(s.length);

        // index.html: the distribution line and the drill-down examples, token text escaped
        String html = Files.readString(dir.resolve("index.html"));
        assertThat(html).contains("id=\"margins\"").contains("class=\"margin-table\"")
                .contains("chose <code class=\"sig\"><bdi>&quot;&lt;|message|&gt;&quot;</bdi></code>")
                .doesNotContain("<bdi>\"<|message|>\"</bdi>");
        assertThat(html).contains(hair + " of " + s.length);
    }

    static double type7(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        return sorted[lo] + (h - lo) * (sorted[Math.min(sorted.length - 1, lo + 1)] - sorted[lo]);
    }
}
