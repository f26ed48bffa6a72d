package dev.harmonica.report;

import dev.harmonica.scenario.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GateRuleTest {
    @Test
    void parsesRulesWithDefaultsAndConditions() {
        assertThat(GateRule.parse("strict-rate-increase:p<0.05")).isEqualTo(
                new GateRule("strict-rate-increase:p<0.05", "strict-rate-increase", 0.05, null, null));
        assertThat(GateRule.parse("strict-rate-increase:p<0.01")).extracting(GateRule::pBelow).isEqualTo(0.01);
        GateRule both = GateRule.parse("lenient-rate-increase:p<0.05,>0.5");
        assertThat(both.pBelow()).isEqualTo(0.05);
        assertThat(both.pointsAbove()).isEqualTo(0.5);
        assertThat(GateRule.parse("bfcl-accuracy-drop:>2").pBelow()).isNull();
        assertThat(GateRule.parse("bfcl-accuracy-drop:>2").pointsAbove()).isEqualTo(2.0);
        assertThat(GateRule.parse("new-signature:>=1").atLeast()).isEqualTo(1L);
        assertThat(GateRule.parse("new-signature:>=5").atLeast()).isEqualTo(5L);
        assertThat(GateRule.parse("swe-agreement-drop:>0").pointsAbove()).isEqualTo(0.0);
    }

    @Test
    void badRulesNameTheRuleAndTheFix() {
        assertThatThrownBy(() -> GateRule.parse("strict-rate-up:p<0.05")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("--fail-if 'strict-rate-up:p<0.05'").hasMessageContaining("unknown rule 'strict-rate-up'")
                .hasMessageContaining("strict-rate-increase");
        assertThatThrownBy(() -> GateRule.parse("strict-rate-increase:p<x")).hasMessageContaining("'x' is not a number");
        assertThatThrownBy(() -> GateRule.parse("strict-rate-increase:p<2")).hasMessageContaining("must be in (0, 1]");
        assertThatThrownBy(() -> GateRule.parse("strict-rate-increase:")).hasMessageContaining("followed by a condition");
        assertThatThrownBy(() -> GateRule.parse("strict-rate-increase:<3")).hasMessageContaining("unknown condition '<3'");
        assertThatThrownBy(() -> GateRule.parse("new-signature:p<0.05")).hasMessageContaining("no statistical test");
        assertThatThrownBy(() -> GateRule.parse("new-signature:>2")).hasMessageContaining(">=N");
        assertThatThrownBy(() -> GateRule.parse("bfcl-accuracy-drop:>=2")).hasMessageContaining("'>=' is for new-signature");
        assertThatThrownBy(() -> GateRule.parse("")).hasMessageContaining("empty rule");
    }

    /** Issue 12.14: what an unquoted rule leaves after the shell took its operator must not pass as a rule. */
    @Test
    void aRuleWithoutAComparisonOperatorIsRejected() {
        for (String bare : GateRule.METRICS) {
            assertThatThrownBy(() -> GateRule.parse(bare)).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("--fail-if '" + bare + "': no condition: a rule needs a comparison operator")
                    .hasMessageContaining("grammar: METRIC:COND[,COND...] with COND p<X, >X or >=N");
        }
        // `--fail-if strict-rate-increase:p<0.05` unquoted: the shell reads "0.05" as input, the rule is "…:p"
        assertThatThrownBy(() -> GateRule.parse("strict-rate-increase:p")).hasMessageContaining("unknown condition 'p'")
                .hasMessageContaining("grammar: METRIC:COND");
        // `--fail-if bfcl-accuracy-drop:>2` unquoted: output goes to a file "2", the rule is "…:"
        assertThatThrownBy(() -> GateRule.parse("bfcl-accuracy-drop:")).hasMessageContaining("followed by a condition");
    }

    @Test
    void triggersOnlyWhenBIsWorseAndEveryConditionHolds(@TempDir Path tmp) throws IOException {
        Path run = tmp.resolve("syn");
        SyntheticJournal.write(run, SyntheticJournal.Spec.of(3000, 11));
        RunData data = RunData.read(run);
        // the synthetic baseline (first variant) has three times the fault rate of the second
        Comparison worse = Comparison.inRun(data, "pr114", "harmony-v0.0.8");
        Comparison better = Comparison.inRun(data, "harmony-v0.0.8", "pr114");
        GateRule rule = GateRule.parse("strict-rate-increase:p<0.05");
        assertThat(rule.evaluate(worse)).startsWith("strict-rate-increase:p<0.05 triggered: harmony-v0.0.8 vs pr114: "
                + "strict failure rate (mean per scenario)").contains("sign-flip permutation p=");
        assertThat(rule.evaluate(better)).isNull();
        assertThat(GateRule.parse("strict-rate-increase:>50").evaluate(worse)).isNull();
        assertThat(GateRule.parse("strict-rate-increase:p<1e-300").evaluate(worse)).isNull();
        assertThat(GateRule.parse("lenient-rate-increase:p<0.05").evaluate(better)).isNull();
        assertThat(Reports.gate(List.of(worse, better), GateRule.parseAll(List.of("strict-rate-increase:p<0.05", "new-signature:>=1"))))
                .hasSize(1);
    }

    @Test
    void sweAgreementDropComparesPairedScenarios(@TempDir Path tmp) throws IOException {
        Path run = java.nio.file.Files.createDirectories(tmp.resolve("swe"));
        StringBuilder j = new StringBuilder();
        for (String v : List.of("A", "B")) {
            for (int s = 0; s < 4; s++) {
                j.append(ComparisonTest.turn("swe" + s, v, 0, true));
                j.append("{\"type\":\"scenario\",\"scenario_id\":\"swe").append(s).append("\",\"variant\":\"").append(v)
                        .append("\",\"status\":\"completed\",\"swe_agreement\":").append(v.equals("A") ? "1.0" : "0.5")
                        .append("}\n");
            }
        }
        java.nio.file.Files.writeString(run.resolve("journal.jsonl"), j);
        Comparison c = Comparison.inRun(RunData.read(run), "A", "B");
        assertThat(GateRule.parse("swe-agreement-drop:>10").evaluate(c)).contains("SWE action agreement 100.0% → 50.0%");
        assertThat(GateRule.parse("swe-agreement-drop:>60").evaluate(c)).isNull();
    }

    @Test
    void newSignatureAndBfclRulesOnTheFixture(@TempDir Path tmp) {
        RunData data = RunData.read(Fixtures.fixtureRun(tmp));
        Comparison c = Comparison.inRun(data, "harmony-v0.0.8", "pr114");
        assertThat(GateRule.parse("new-signature:>=1").evaluate(c)).isEqualTo("new-signature:>=1 triggered: pr114 vs "
                + "harmony-v0.0.8: 1 new error signature(s), e.g. 1x unexpected tokens remaining in message header: "
                + "Some(\"to=functions.bash\")");
        assertThat(GateRule.parse("new-signature:>=2").evaluate(c)).isNull();
        Comparison back = Comparison.inRun(data, "pr114", "harmony-v0.0.8");
        // BFCL accuracy drops by 66.7 points but p=0.5 with 3 paired scenarios: only the points rule fires
        assertThat(GateRule.parse("bfcl-accuracy-drop:>2").evaluate(back)).contains("BFCL accuracy (entries run) 100.0% → 33.3%");
        assertThat(GateRule.parse("bfcl-accuracy-drop:p<0.05").evaluate(back)).isNull();
        // the fixture's only SWE scenario has a turn not judged under A, so it is not compared
        assertThat(GateRule.parse("swe-agreement-drop:>10").evaluate(back)).isNull();
    }

    @Test
    void sweAgreementDropOnFullyJudgedReplays(@TempDir Path tmp) throws IOException {
        StringBuilder j = new StringBuilder();
        for (String[] v : new String[][]{{"a", "1.0"}, {"b", "0.5"}}) {
            j.append("{\"type\":\"turn\",\"scenario_id\":\"s\",\"source\":\"swe\",\"variant\":\"").append(v[0])
                    .append("\",\"turn\":0,\"step\":0,\"depth\":0,\"outcome\":\"judged\",\"verdict\":\"ok\"}\n");
            j.append("{\"type\":\"scenario\",\"scenario_id\":\"s\",\"source\":\"swe\",\"variant\":\"").append(v[0])
                    .append("\",\"status\":\"completed\",\"swe_agreement\":").append(v[1]).append("}\n");
        }
        Files.writeString(tmp.resolve("journal.jsonl"), j);
        Comparison c = Comparison.inRun(RunData.read(tmp), "a", "b");
        assertThat(GateRule.parse("swe-agreement-drop:>10").evaluate(c)).contains("SWE action agreement 100.0% → 50.0%");
    }
}
