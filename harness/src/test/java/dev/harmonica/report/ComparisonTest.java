package dev.harmonica.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ComparisonTest {
    static String turn(String scenario, String variant, int turn, boolean strictOk) {
        return "{\"type\":\"turn\",\"scenario_id\":\"" + scenario + "\",\"variant\":\"" + variant + "\",\"turn\":" + turn
                + ",\"step\":0,\"depth\":" + turn + ",\"strict\":{\"ok\":" + strictOk + (strictOk ? "" : ",\"error\":\"Unknown role: final\"")
                + "},\"lenient\":{\"ok\":true}}\n";
    }

    static String scenario(String scenario, String variant) {
        return "{\"type\":\"scenario\",\"scenario_id\":\"" + scenario + "\",\"variant\":\"" + variant + "\",\"status\":\"completed\"}\n";
    }

    @Test
    void pairsScenariosAndTurnsInsideARun(@TempDir Path tmp) {
        RunData data = RunData.read(Fixtures.fixtureRun(tmp));
        Comparison c = Comparison.inRun(data, "harmony-v0.0.8", "pr114");
        assertThat(c.pairedScenarios()).isEqualTo(5);
        assertThat(c.strict().test()).isEqualTo("McNemar exact");
        assertThat(c.strict().discordant()).containsExactly(2, 1);
        assertThat(c.strict().p()).isEqualTo(1.0);
        // paired turns: scenario 0 turn (0,1) broke only under A; scenario 1 (0,0) only under B; xss (0,0) only under A
        assertThat(c.strict().turnPairs()).containsExactly(0, 2, 1, 5);
        assertThat(c.strict().caveat()).startsWith("underpowered: only 3 discordant scenario pair(s)");
        assertThat(c.bfcl().nA()).isEqualTo(3); // only scenarios with a verdict on both sides (B's miss_param is incomplete)
        assertThat(c.swe()).as("A's SWE replay had a turn not judged: not scored, so no pair").isNull();
        assertThat(c.newSignatures()).hasSize(1);
    }

    @Test
    void unpairedRunsFallBackToAnUnpairedTest(@TempDir Path tmp) throws IOException {
        Path a = Files.createDirectories(tmp.resolve("a")), b = Files.createDirectories(tmp.resolve("b"));
        StringBuilder ja = new StringBuilder(), jb = new StringBuilder();
        for (int s = 0; s < 40; s++) {
            for (int t = 0; t < 5; t++) ja.append(turn("a" + s, "v", t, (s * 5 + t) % 10 != 0));
            ja.append(scenario("a" + s, "v"));
            for (int t = 0; t < 5; t++) jb.append(turn("b" + s, "v", t, (s * 5 + t) % 4 != 0));
            jb.append(scenario("b" + s, "v"));
        }
        Files.writeString(a.resolve("journal.jsonl"), ja);
        Files.writeString(b.resolve("journal.jsonl"), jb);
        Comparison c = Comparison.between(RunData.read(a), "v", RunData.read(b), "v");
        assertThat(c.pairedScenarios()).isZero();
        assertThat(c.strict().test()).isEqualTo("two-proportion z-test");
        assertThat(c.strict().xA()).isEqualTo(20);
        assertThat(c.strict().xB()).isEqualTo(50);
        Stats.TestResult expected = Stats.twoProportionZ(20, 200, 50, 200);
        assertThat(c.strict().p()).isEqualTo(expected.p());
        assertThat(c.strict().ci()).isEqualTo(Stats.newcombeDifference(20, 200, 50, 200));
        assertThat(c.strict().caveat()).contains("unpaired p is optimistic");
        assertThat(c.strict().describe()).contains("two-proportion z-test p=").contains("n=400 turns (unpaired)");
    }

    @Test
    void headlineForASingleVariantRun(@TempDir Path tmp) throws IOException {
        Path a = Files.createDirectories(tmp.resolve("one"));
        Files.writeString(a.resolve("journal.jsonl"), turn("s", "only", 0, false) + turn("s", "only", 1, true)
                + scenario("s", "only"));
        assertThat(Reports.headline(a)).isEqualTo("only: strict failure rate 50.0% (95% CI 9.5%–90.5%, n=2 judged turns, "
                + "1 scenarios); lenient 0.0%; rescued with loss 0.0%; one variant, no A/B; 2 turns judged, 0 not judged,"
                + " 0 harness errors");
    }
}
