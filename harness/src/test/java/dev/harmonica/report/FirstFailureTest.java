package dev.harmonica.report;

import dev.harmonica.report.stats.KaplanMeier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The turns-until-first-strict-failure observations, and the Kaplan–Meier plot in both HTML pages. */
class FirstFailureTest {
    static final int JUDGED = 4, STRICT = 1;

    static int turn(int depth, boolean judged, boolean strictFailed) {
        return depth << 4 | (judged ? JUDGED : 0) | (strictFailed ? STRICT : 0);
    }

    @Test
    void eventsCensoringAndUnjudgedTurns() {
        // the third judged turn fails: an event at 3
        assertThat(FirstFailure.observation(new int[]{turn(0, true, false), turn(1, true, false), turn(2, true, true),
                turn(3, true, true)}, STRICT)).isEqualTo(new KaplanMeier.Observation(3, true));
        // clean: censored at its last judged turn
        assertThat(FirstFailure.observation(new int[]{turn(0, true, false), turn(1, true, false)}, STRICT))
                .isEqualTo(new KaplanMeier.Observation(2, false));
        // the endpoint did not answer the second turn: censored at 1, never a failure, later turns ignored
        assertThat(FirstFailure.observation(new int[]{turn(0, true, false), turn(1, false, false), turn(2, true, true)},
                STRICT)).isEqualTo(new KaplanMeier.Observation(1, false));
        // nothing judged: censored at 0, which the estimate leaves out
        assertThat(FirstFailure.observation(new int[]{turn(0, false, false)}, STRICT))
                .isEqualTo(new KaplanMeier.Observation(0, false));
        assertThat(KaplanMeier.of(List.of(new KaplanMeier.Observation(0, false))).subjects()).isZero();
    }

    @Test
    void bothPagesDrawTheCurvesWithoutScriptsAndEscapeNames(@TempDir Path tmp) throws IOException {
        Path run = Files.createDirectories(tmp.resolve("run"));
        StringBuilder j = new StringBuilder();
        String hostile = "<b>v\u202e";
        for (int s = 0; s < 6; s++) {
            for (int t = 0; t < 4; t++) j.append(ComparisonTest.turn("s" + s, "A", t, t < s % 3 + 1));
            j.append(ComparisonTest.scenario("s" + s, "A"));
            for (int t = 0; t < 4; t++) j.append(ComparisonTest.turn("s" + s, hostile, t, true));
            j.append(ComparisonTest.scenario("s" + s, hostile));
        }
        Files.writeString(run.resolve("journal.jsonl"), j.toString().replace("\u202e", "\\u202e"));
        Reports.writeAll(run);
        String index = Files.readString(run.resolve("index.html"));
        assertThat(index).contains("<h2 id=\"survival\">Turns until the first strict failure</h2>")
                .contains("How to read this:").contains("median turns to the first strict failure")
                .contains("Kaplan–Meier").doesNotContainPattern("(?i)<script").doesNotContain("<b>v");
        Reports.compare(run, run, new Reports.CompareOptions(tmp.resolve("cmp"), "A", "A", List.of(), 0));
        String cmp = Files.readString(tmp.resolve("cmp").resolve("comparison.html"));
        assertThat(cmp).contains("Turns until the first strict failure, A and B over the paired scenarios")
                .contains("log-rank").contains("How to read this:").doesNotContainPattern("(?i)<script");
    }
}
