package dev.harmonica.endpoint.sim;

import dev.harmonica.scenario.MultiTurnScenario;
import dev.harmonica.testing.SharedData;
import dev.harmonica.tools.bfcl.BfclScenarios;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which BFCL v4 multi-turn scenarios a client can be told apart by content: all four categories loaded in one
 * simulator, and one category per simulator. The data are pinned (MANIFEST.tsv), so the counts are too.
 */
class BfclV4RecognitionTest {
    static Path v4;
    static List<MultiTurnScenario> all;

    @BeforeAll
    static void load() {
        v4 = SharedData.require("bfcl/v4");
        all = BfclScenarios.load(v4, null);
    }

    private static String number(String id) {
        return id.substring(id.lastIndexOf('_') + 1);
    }

    private static String category(String id) {
        return id.substring("multi_turn_".length(), id.lastIndexOf('_'));
    }

    @Test
    void withAllCategoriesOnlyTheSameEntryInAnotherCategoryIsConfusedAndOnlyWhereItsGroundTruthDiffers() {
        assertThat(all).hasSize(800);
        ScriptBook book = ScriptBook.of(all);
        List<ScriptBook.Ambiguity> amb = book.ambiguities(true);
        // e.g. long_context_38 asks what base_38 asks, with more files in its state, and its ground truth removes them
        // too; the content of the requests is the same until the answers differ. 21 of 800 (measured, data pinned).
        assertThat(amb).hasSize(21);
        for (ScriptBook.Ambiguity a : amb) {
            assertThat(number(a.answeredAs())).as(a.toString()).isEqualTo(number(a.scenarioId()));
            assertThat(category(a.answeredAs())).as(a.toString()).isNotEqualTo(category(a.scenarioId()));
        }
        assertThat(amb).extracting(a -> category(a.scenarioId())).doesNotContain("base"); // base is loaded first
    }

    @Test
    void oneCategoryPerSimulatorTellsEveryScenarioApart() {
        for (String c : List.of("base", "miss_func", "miss_param", "long_context")) {
            ScriptBook book = ScriptBook.of(BfclScenarios.load(v4, c));
            assertThat(book.size()).isEqualTo(200);
            assertThat(book.ambiguities(true)).as(c).isEmpty();
            assertThat(book.unrecognisable()).isEmpty();
        }
    }

    @Test
    void historyCallsDecideBetweenScenariosThatStartTheSame() {
        ScriptBook book = ScriptBook.of(all);
        MultiTurnScenario lc = all.stream().filter(s -> s.id().equals("multi_turn_long_context_38")).findFirst().orElseThrow();
        String u0 = lc.turns().get(0).userMessages().get(0);
        var gt = lc.turns().get(0).groundTruth(); // cd, rm(findings_report), rm(image_…), …
        Transcript t = ScriptBookTest.said(lc, 0, ScriptBookTest.user(u0),
                ScriptBookTest.call(gt.get(0).name(), gt.get(0).argumentsJson()), ScriptBookTest.result(),
                ScriptBookTest.call(gt.get(1).name(), gt.get(1).argumentsJson()), ScriptBookTest.result());
        Recognition.Found tie = (Recognition.Found) book.recognise(t);
        assertThat(tie.at().scenarioId()).isEqualTo("multi_turn_base_38"); // loaded first
        assertThat(tie.ambiguousWith()).contains("multi_turn_long_context_38");
        assertThat(tie.candidates()).isGreaterThanOrEqualTo(2);
        Transcript more = ScriptBookTest.said(lc, 0, ScriptBookTest.user(u0),
                ScriptBookTest.call(gt.get(0).name(), gt.get(0).argumentsJson()), ScriptBookTest.result(),
                ScriptBookTest.call(gt.get(1).name(), gt.get(1).argumentsJson()), ScriptBookTest.result(),
                ScriptBookTest.call(gt.get(2).name(), gt.get(2).argumentsJson()), ScriptBookTest.result());
        Recognition.Found lcWins = (Recognition.Found) book.recognise(more);
        assertThat(lcWins.at().scenarioId()).isEqualTo("multi_turn_long_context_38"); // base_38 has that call unmatched
        assertThat(lcWins.at().unmatched()).isZero();
        assertThat(lcWins.ambiguousWith()).isEmpty();
    }
}
