package dev.harmonica.scenario.bfcl;

import dev.harmonica.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BfclDatasetTest {
    @Test
    void loadsAllFourV4CategoriesAsBfclPreparesThem() {
        Path dir = SharedData.require("bfcl/v4");
        assertThat(BfclDataset.verifyManifest(dir)).isEmpty();
        int turnsBase = 0;
        for (BfclCategory c : BfclCategory.values()) {
            List<BfclEntry> entries = BfclDataset.load(dir, c);
            assertThat(entries).hasSize(200);
            for (BfclEntry e : entries) {
                assertThat(e.groundTruth()).hasSize(e.question().size());
                assertThat(e.category()).isEqualTo(c);
                assertThat(e.functions()).allMatch(f -> f.get("description").asText()
                        .endsWith(BfclDataset.PYTHON_HINT));
                e.heldOutDocs().values().forEach(docs -> assertThat(docs).noneMatch(f -> f.get("description")
                        .asText().endsWith(BfclDataset.PYTHON_HINT)));
                if (c == BfclCategory.MISS_FUNC) {
                    assertThat(e.missedFunction()).hasSize(1);
                    int t = e.missedFunction().keySet().iterator().next();
                    assertThat(e.question().get(t)).isEmpty();
                }
                if (c == BfclCategory.BASE) turnsBase += e.turnCount();
            }
        }
        assertThat(turnsBase).isEqualTo(734);
        BfclEntry first = BfclDataset.load(dir, "base").get(0);
        assertThat(first.id()).isEqualTo("multi_turn_base_0");
        assertThat(first.involvedClasses()).containsExactly("TwitterAPI", "GorillaFileSystem");
        assertThat(first.functions()).hasSize(32);
        assertThat(first.groundTruth().get(2)).containsExactly("sort('final_report.pdf')");
    }

    @Test
    void badFilesNameFileLineAndKey(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("possible_answer"));
        Files.createDirectories(dir.resolve("multi_turn_func_doc"));
        Files.writeString(dir.resolve("multi_turn_func_doc/math_api.json"),
                "{\"name\": \"add\", \"description\": \"d\", \"parameters\": {\"type\": \"dict\", \"properties\": {}}}");
        Files.writeString(dir.resolve("x_multi_turn_base.json"),
                "{\"id\": \"x_multi_turn_base_0\", \"question\": [[{\"role\": \"user\", \"content\": \"hi\"}]], "
                        + "\"initial_config\": {}, \"involved_classes\": [\"MathAPI\"]}\n"
                        + "{\"id\": \"x_multi_turn_base_1\", \"question\": [[]]}");
        Files.writeString(dir.resolve("possible_answer/x_multi_turn_base.json"),
                "{\"id\": \"x_multi_turn_base_0\", \"ground_truth\": [[\"add(a=1, b=2)\"]]}\n"
                        + "{\"id\": \"x_multi_turn_base_1\", \"ground_truth\": [[]]}\n");
        assertThatThrownBy(() -> BfclDataset.load(dir, "base")).isInstanceOf(BfclDataException.class)
                .hasMessageContaining("x_multi_turn_base.json:2: key 'involved_classes' is missing");
        Files.writeString(dir.resolve("x_multi_turn_base.json"),
                "{\"id\": \"x_multi_turn_base_0\", \"question\": [[{\"role\": \"user\", \"content\": \"hi\"}]], "
                        + "\"initial_config\": {}, \"involved_classes\": [\"MathAPI\"]}\n{oops");
        assertThatThrownBy(() -> BfclDataset.load(dir, "base")).hasMessageContaining("x_multi_turn_base.json:2: not "
                + "valid JSON");
        Files.writeString(dir.resolve("x_multi_turn_base.json"),
                "{\"id\": \"x_multi_turn_base_0\", \"question\": [[{\"role\": \"user\", \"content\": \"hi\"}]], "
                        + "\"initial_config\": {}, \"involved_classes\": [\"MathAPI\"]}");
        Files.writeString(dir.resolve("possible_answer/x_multi_turn_base.json"),
                "{\"id\": \"x_multi_turn_base_0\", \"ground_truth\": [[\"add(a=1, b=2)\"]]}");
        List<BfclEntry> ok = BfclDataset.load(dir, "base");
        assertThat(ok).hasSize(1);
        assertThat(ok.get(0).functions().get(0).get("description").asText()).isEqualTo("d" + BfclDataset.PYTHON_HINT);
        assertThatThrownBy(() -> BfclDataset.load(dir, "miss_func")).hasMessageContaining("no file *_multi_turn_miss_func.json");
    }
}
