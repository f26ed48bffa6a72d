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

/** Our own BFCL-format scenarios in datasets/bfcl load, execute without errors and check valid. */
class BfclOwnDatasetTest {
    @Test
    void ownScenariosRunAndTheirGroundTruthIsValid() {
        Path dir = SharedData.projectRoot().resolve("datasets/bfcl");
        BfclRuntime runtime = new BfclRuntime(dir);
        int n = 0;
        for (BfclCategory c : List.of(BfclCategory.BASE, BfclCategory.MISS_FUNC)) {
            for (BfclEntry e : BfclDataset.load(dir, c)) {
                n++;
                assertThat(e.turnCount()).isBetween(2, 4);
                BfclExecutor ex = BfclExecutor.groundTruthSide(e, "harmonica", runtime.factoryFor(e));
                for (List<String> turn : e.groundTruth()) {
                    assertThat(ex.execute(turn)).noneMatch(r -> r.startsWith(BfclExecutor.ERROR_PREFIX));
                }
                List<List<List<String>>> asModel = new ArrayList<>();
                for (List<String> t : e.groundTruth()) asModel.add(t.isEmpty() ? List.of() : List.of(t));
                assertThat(BfclChecker.check(e, asModel, "harmonica", runtime.factoryFor(e)).valid()).isTrue();
                assertThat(BfclPrompts.openAiTools(e, 0)).isNotEmpty();
            }
        }
        assertThat(n).isEqualTo(5);
        BfclEntry miss = BfclDataset.load(dir, "miss_func").get(0);
        assertThat(miss.heldOutDocs().get(1)).extracting(d -> d.get("name").asText()).containsExactly("rm");
        assertThat(BfclPrompts.openAiTools(miss, 0)).noneMatch(t -> t.at("/function/name").asText().equals("rm"));
        assertThat(BfclPrompts.openAiTools(miss, 1)).anyMatch(t -> t.at("/function/name").asText().equals("rm"));
    }
}
