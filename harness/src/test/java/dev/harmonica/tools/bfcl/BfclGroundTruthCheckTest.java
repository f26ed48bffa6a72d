package dev.harmonica.tools.bfcl;

import dev.harmonica.scenario.bfcl.BfclCategory;
import dev.harmonica.scenario.bfcl.BfclDataset;
import dev.harmonica.scenario.bfcl.BfclEntry;
import dev.harmonica.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The ground truth, used as the model's answer, is valid for all 800 entries (upstream: 200/200 per category). */
class BfclGroundTruthCheckTest {
    @Test
    void everyCategoryGroundTruthExecutesWithoutErrorsAndChecksValid() {
        Path dir = SharedData.require("bfcl/v4");
        BfclRuntime runtime = new BfclRuntime(dir);
        List<String> problems = new ArrayList<>();
        for (BfclCategory c : BfclCategory.values()) {
            int valid = 0;
            for (BfclEntry e : BfclDataset.load(dir, c)) {
                BfclExecutor ex = BfclExecutor.groundTruthSide(e, "harmonica", runtime.factoryFor(e));
                for (List<String> turn : e.groundTruth()) {
                    List<String> results = ex.execute(turn);
                    for (int i = 0; i < results.size(); i++) {
                        if (results.get(i).startsWith(BfclExecutor.ERROR_PREFIX) && problems.size() < 20) {
                            problems.add(e.id() + ": " + turn.get(i) + " -> " + results.get(i));
                        }
                    }
                }
                List<List<List<String>>> asModel = new ArrayList<>();
                for (List<String> turn : e.groundTruth()) asModel.add(turn.isEmpty() ? List.of() : List.of(turn));
                BfclVerdict v = BfclChecker.check(e, asModel, "harmonica", runtime.factoryFor(e));
                if (v.valid()) valid++;
                else if (problems.size() < 20) problems.add(e.id() + ": " + v.errorType() + " " + v.errorMessage());
            }
            assertThat(valid).as("%s valid; problems: %s", c, problems).isEqualTo(200);
        }
        assertThat(problems).isEmpty();
    }
}
