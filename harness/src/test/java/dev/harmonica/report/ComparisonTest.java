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
        // swe_django_2 has a turn the endpoint did not answer under A: left out of the paired statistics
        assertThat(c.pairing()).isEqualTo(new Comparison.Pairing(4, 0, 0, 1));
        assertThat(c.strict().test().method()).startsWith("sign-flip permutation test, exact");
        assertThat(c.strict().test().unit()).isEqualTo("paired scenarios");
        // secondary: scenarios with any strict failure, only under A / only under B
        assertThat(c.strict().paired().discordant()).containsExactly(2, 1);
        assertThat(c.strict().paired().mcnemarP()).isEqualTo(1.0);
        // paired turns: scenario 0 turn (0,1) broke only under A; scenario 1 (0,0) only under B; xss (0,0) only under A
        assertThat(c.strict().paired().turnPairs()).containsExactly(0, 2, 1, 4);
        assertThat(c.strict().caveat()).startsWith("underpowered: only 3 paired scenario(s) differ");
        assertThat(c.bfcl().pooled().nA()).isEqualTo(3); // only scenarios with a verdict on both sides (B's miss_param is incomplete)
        assertThat(c.bfcl().test().method()).startsWith("McNemar exact");
        assertThat(c.swe()).isNull(); // its only SWE scenario is the one left out
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
        assertThat(c.strict().test().method()).isEqualTo("two-proportion z-test");
        assertThat(c.strict().estimate().quantity()).isEqualTo("pooled");
        assertThat(c.strict().pooled().xA()).isEqualTo(20);
        assertThat(c.strict().pooled().xB()).isEqualTo(50);
        Stats.TestResult expected = Stats.twoProportionZ(20, 200, 50, 200);
        assertThat(c.strict().p()).isEqualTo(expected.p());
        assertThat(c.strict().ci()).isEqualTo(Stats.newcombeDifference(20, 200, 50, 200));
        assertThat(c.strict().caveat()).contains("unpaired p is optimistic");
        assertThat(c.strict().describe()).contains("two-proportion z-test p=").contains("n=400 turns (unpaired)");
    }

    static String notJudged(String scenario, String variant, int turn) {
        return "{\"type\":\"turn\",\"scenario_id\":\"" + scenario + "\",\"variant\":\"" + variant + "\",\"turn\":" + turn
                + ",\"step\":0,\"depth\":" + turn + ",\"outcome\":\"not_judged\",\"not_judged\":{\"cause\":\"read_timeout\","
                + "\"status\":-1,\"message\":\"timed out\"}}\n";
    }

    static String scenario(String scenario, String variant, String status) {
        return "{\"type\":\"scenario\",\"scenario_id\":\"" + scenario + "\",\"variant\":\"" + variant
                + "\",\"status\":\"" + status + "\"}\n";
    }

    /**
     * The headline difference is the mean of the per-scenario rate differences; the interval and the sign-flip test
     * are about that same quantity, whatever the scenarios' lengths; unjudged scenarios are left out and counted.
     */
    @Test
    void theHeadlineTestsTheDifferenceItShows(@TempDir Path tmp) throws IOException {
        Path run = Files.createDirectories(tmp.resolve("run"));
        StringBuilder j = new StringBuilder();
        double[] ra = new double[12], rb = new double[12];
        for (int s = 0; s < 12; s++) {
            int lenA = 2 + s % 5, lenB = 3 + s % 4; // different lengths per side and per scenario
            int failA = s % 3, failB = s % 2 == 0 ? 0 : 1;
            for (int t = 0; t < lenA; t++) j.append(turn("s" + (100 + s), "A", t, t >= failA));
            j.append(scenario("s" + (100 + s), "A"));
            for (int t = 0; t < lenB; t++) j.append(turn("s" + (100 + s), "B", t, t >= failB));
            j.append(scenario("s" + (100 + s), "B"));
            ra[s] = (double) Math.min(failA, lenA) / lenA;
            rb[s] = (double) failB / lenB;
        }
        // two scenarios the endpoint did not answer on one side: left out of every paired statistic
        j.append(turn("u1", "A", 0, false)).append(scenario("u1", "A"));
        j.append(notJudged("u1", "B", 0)).append(scenario("u1", "B", "not_judged"));
        j.append(turn("u2", "A", 0, true)).append(notJudged("u2", "A", 1)).append(scenario("u2", "A", "not_judged"));
        j.append(turn("u2", "B", 0, false)).append(scenario("u2", "B"));
        Files.writeString(run.resolve("journal.jsonl"), j);
        Comparison c = Comparison.inRun(RunData.read(run), "A", "B");
        assertThat(c.pairing()).isEqualTo(new Comparison.Pairing(12, 0, 0, 2));
        assertThat(c.pairing().leftOut()).contains("2 scenario(s) not fully judged on a side (endpoint)");
        dev.harmonica.report.stats.PairedDifference d = dev.harmonica.report.stats.PairedDifference.of(ra, rb,
                Comparison.SETTINGS);
        Comparison.Metric m = c.strict();
        assertThat(m.difference()).isEqualTo(d.difference());
        assertThat(m.rateB() - m.rateA()).isCloseTo(m.difference(), org.assertj.core.api.Assertions.within(1e-15));
        assertThat(m.p()).isEqualTo(d.test().p());
        assertThat(m.ci()).isEqualTo(new Stats.Interval(d.ci().low(), d.ci().high()));
        assertThat(m.ci().low()).isLessThanOrEqualTo(m.difference());
        assertThat(m.ci().high()).isGreaterThanOrEqualTo(m.difference());
        assertThat(m.mddPoints()).isEqualTo(d.mdd() * 100);
        assertThat(m.describe()).contains("strict failure rate (mean per scenario)").contains("sign-flip permutation p=")
                .contains("n=12 paired scenarios");
        assertThat(m.mddLine()).startsWith("with 12 paired scenarios this comparison detects ≥ ")
                .endsWith(" pts at 80% power (α=0.05, two-sided)");
        assertThat(m.depthLine()).contains("Cochran–Mantel–Haenszel").contains("common odds ratio B vs A");
        assertThat(m.secondaryLine()).startsWith("secondary (a different quantity): scenarios with any strict failure");
        assertThat(c.headline()).contains("[2 scenario(s) not judged left out]");
        // the pooled counts cover the same 12 scenarios: judged turns only
        long judgedA = 0;
        for (int s = 0; s < 12; s++) judgedA += 2 + s % 5;
        assertThat(m.pooled().nA()).isEqualTo(judgedA);
        assertThat(c.survival().scenarios()).isEqualTo(12);
        assertThat(c.survival().a().events()).isEqualTo(8); // failA > 0 in 8 of 12 scenarios
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
