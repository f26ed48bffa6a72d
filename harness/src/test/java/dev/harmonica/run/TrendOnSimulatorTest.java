package dev.harmonica.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.cli.ExitCodes;
import dev.harmonica.cli.Main;
import dev.harmonica.endpoint.sim.SimConfig;
import dev.harmonica.endpoint.sim.SimModel;
import dev.harmonica.endpoint.sim.SimulatedEndpoint;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code harmonica trend} over nightly runs on the simulator (seeded): three healthy nights with the default fault
 * model (different seeds), then a night with an injected regression (every fault rate × 4). The regressed night is
 * flagged and fails the gate; the healthy ones are not flagged; runs are ordered by start time whatever the argument
 * order; a run with another scenario set or another model stands in its own group, and the page says why.
 */
class TrendOnSimulatorTest {
    @TempDir
    static Path tmp;
    static final List<Path> NIGHTS = new ArrayList<>();
    static Path otherSet;

    static Path night(String id, int day, SimConfig sim, int scenarios) {
        Path dir = tmp.resolve(id);
        Runner.Services services = new Runner.Services(s -> SimulatedEndpoint.create(sim), Fakes.analyzer(),
                RendererFactory.harmony(), (rc, b, sh) -> new ArrayList<>(Fakes.kvScenarios(scenarios)));
        Clock clock = Clock.fixed(Instant.parse("2026-12-0" + day + "T02:00:00Z"), ZoneOffset.UTC);
        // the run's start time is the fixed clock's; no scenario deadline (it would be measured from that clock)
        Runner.run(RunnerTest.config(2, RunnerTest.V008, RunnerTest.PR114).withRunId(id)
                        .withPolicy(new RunSpec.Policy(0, 0, 0, 30)),
                new Runner.Options(dir, tmp, Shard.ALL, false, null, null, false, clock, false), services);
        return dir;
    }

    @BeforeAll
    static void nights() {
        for (int d = 1; d <= 3; d++) NIGHTS.add(night("nightly-" + d, d, SimConfig.DEFAULT.withSeed(d), 40));
        NIGHTS.add(night("nightly-4", 4, SimConfig.DEFAULT.withSeed(4).withFaults(SimModel.parse("default,scale=4")), 40));
        otherSet = night("other-set", 5, SimConfig.DEFAULT.withSeed(5), 25);
    }

    static int trend(StringWriter out, String... args) {
        List<String> a = new ArrayList<>(List.of("trend"));
        a.addAll(List.of(args));
        return Main.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), a.toArray(String[]::new));
    }

    static List<CSVRecord> rows(Path dir) throws IOException {
        return EchoMarginReportsTest.csv(dir.resolve("trend.csv"));
    }

    @Test
    void theRegressedNightIsFlaggedAndFailsTheGate() throws IOException {
        Path out = tmp.resolve("trend-all");
        StringWriter o = new StringWriter();
        // arguments out of time order: the trend orders by run.json's created
        int code = trend(o, NIGHTS.get(3).toString(), NIGHTS.get(0).toString(), NIGHTS.get(2).toString(),
                NIGHTS.get(1).toString(), "--out", out.toString(), "--fail-if-regressed");
        assertThat(code).as(o.toString()).isEqualTo(ExitCodes.GATE_FAILED);
        assertThat(o.toString()).contains("REGRESSION v008: strict failure rate").contains("[simulated model]");
        List<CSVRecord> rows = rows(out);
        assertThat(rows).hasSize(8);
        assertThat(rows.stream().map(r -> r.get("run_id")).distinct().toList())
                .containsExactly("nightly-1", "nightly-2", "nightly-3", "nightly-4");
        for (CSVRecord r : rows) {
            assertThat(r.get("group")).isEqualTo("1");
            assertThat(r.get("simulated")).isEqualTo("true");
            assertThat(Long.parseLong(r.get("judged_turns"))).isPositive();
            assertThat(r.get("not_judged_turns")).isEqualTo("0");
            String flag = r.get("failure_flag");
            switch (r.get("run_id")) {
                case "nightly-1" -> assertThat(flag).isEqualTo("first");
                case "nightly-4" -> {
                    assertThat(flag).as(r.toString()).isEqualTo("regression");
                    assertThat(Double.parseDouble(r.get("failure_p"))).isLessThan(0.05);
                    assertThat(Double.parseDouble(r.get("failure_change_pts"))).isPositive();
                    assertThat(r.get("previous_runs")).isEqualTo("3");
                }
                default -> assertThat(flag).as(r.toString()).isEqualTo("none");
            }
            double rate = Double.parseDouble(r.get("failure_rate"));
            assertThat(rate).isBetween(Double.parseDouble(r.get("failure_ci_low")), Double.parseDouble(r.get("failure_ci_high")));
            assertThat(r.get("bfcl_scored")).isEqualTo("40");
        }
        String html = Files.readString(out.resolve("trend.html"));
        assertThat(html).contains("Content-Security-Policy").contains("id=\"simulated-banner\"")
                .contains("id=\"latest-regression\"").contains("<svg").doesNotContain("<script");
    }

    @Test
    void healthyNightsPassTheGate() throws IOException {
        Path out = tmp.resolve("trend-healthy");
        StringWriter o = new StringWriter();
        int code = trend(o, NIGHTS.get(0).toString(), NIGHTS.get(1).toString(), NIGHTS.get(2).toString(), "--out",
                out.toString(), "--fail-if-regressed");
        assertThat(code).as(o.toString()).isEqualTo(ExitCodes.OK);
        assertThat(o.toString()).contains("gate passed");
        assertThat(rows(out)).noneMatch(r -> r.get("failure_flag").equals("regression"));
    }

    @Test
    void anotherScenarioSetOrModelIsItsOwnGroupAndThePageSaysWhy() throws IOException {
        // a copy of night 2 that claims another (hostile) model name
        Path renamed = tmp.resolve("renamed-model");
        Files.createDirectories(renamed);
        Files.copy(NIGHTS.get(1).resolve("journal.jsonl"), renamed.resolve("journal.jsonl"));
        ObjectNode rj = (ObjectNode) EchoMarginReportsTest.M.readTree(NIGHTS.get(1).resolve("run.json").toFile());
        ((ObjectNode) rj.get("endpoint")).put("model", "=HYPERLINK(\"x\")<b>gpt</b>");
        EchoMarginReportsTest.M.writeValue(renamed.resolve("run.json").toFile(), rj);

        Path out = tmp.resolve("trend-groups");
        StringWriter o = new StringWriter();
        int code = trend(o, tmp.resolve("nightly-*").toString(), otherSet.toString(), renamed.toString(), "--out",
                out.toString(), "--fail-if-regressed");
        // the latest run (other-set) is the first of its group: nothing to compare it with
        assertThat(code).as(o.toString()).isEqualTo(ExitCodes.OK);
        List<CSVRecord> rows = rows(out);
        assertThat(rows.stream().filter(r -> r.get("run_id").equals("other-set")))
                .allSatisfy(r -> {
                    assertThat(r.get("group")).isNotEqualTo("1");
                    assertThat(r.get("failure_flag")).isEqualTo("first");
                });
        CSVRecord hostile = rows.stream().filter(r -> r.get("run_dir").endsWith("renamed-model")).findFirst().orElseThrow();
        assertThat(hostile.get("model")).startsWith("'=HYPERLINK");
        assertThat(hostile.get("failure_flag")).isEqualTo("first");
        String html = Files.readString(out.resolve("trend.html"));
        assertThat(html).contains("Shown apart from group 1 because of a different")
                .contains("scenario set").contains("with 25 scenarios")
                .contains("&lt;b&gt;gpt&lt;/b&gt;").doesNotContain("<b>gpt</b>");
    }

    @Test
    void aDirectoryWithoutJournalIsBadInput() {
        StringWriter o = new StringWriter(), e = new StringWriter();
        int code = Main.run(new PrintWriter(o, true), new PrintWriter(e, true), "trend", tmp.resolve("nope").toString(),
                "--out", tmp.resolve("t").toString());
        assertThat(code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(e.toString()).contains("nope");
    }
}
