package dev.harmonica.report;

import dev.harmonica.testing.ReportRecompute;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every headline figure recomputed from turns.csv and failure_modes.csv gives the number the reports print
 * (docs/reports.md). The real runner's runs (simulator with faults, closed port) are in {@code cli.ReportFiguresRunTest}.
 */
class ReportFiguresTest {
    @TempDir
    Path tmp;

    @Test
    void aSyntheticRunWithFaultsAndUnjudgedTurns() throws IOException {
        Path run = tmp.resolve("syn");
        SyntheticJournal.write(run, new SyntheticJournal.Spec(4000, List.of("harmony-v0.0.8", "pr114"), 11, true,
                false, 8));
        Reports.writeAll(run);
        Map<String, ReportRecompute.Figures> f = ReportRecompute.assertReportsAgree(run);
        assertThat(f.values()).anySatisfy(x -> assertThat(x.notJudged).isPositive());
        assertThat(f.values()).anySatisfy(x -> assertThat(x.verdicts.get("rescued_with_loss")).isPositive());
        assertThat(f.values()).allSatisfy(x -> assertThat(x.bfclNotScored).isPositive());
    }

    @Test
    void aHandWrittenRunWithEveryOutcome() {
        Path run = UnjudgedReportsTest.mixed().write(tmp.resolve("mix"), false, "v");
        Reports.writeAll(run);
        ReportRecompute.Figures f = ReportRecompute.assertReportsAgree(run).get("v");
        assertThat(f.harness).isEqualTo(1);
        assertThat(f.bfclNotScored).isEqualTo(3);
    }

    // (the legacy fixture is not here: without per-parser failure-mode lists its failure_modes.csv follows the older
    // counting rule, which turns.csv cannot show)
    @Test
    void theCurrentFixture() {
        Path run = Fixtures.fixtureRunV2(tmp);
        Reports.writeAll(run);
        ReportRecompute.assertReportsAgree(run);
    }
}
