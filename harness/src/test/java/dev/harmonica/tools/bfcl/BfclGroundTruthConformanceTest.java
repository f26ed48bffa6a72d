package dev.harmonica.tools.bfcl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harmonica.cli.BfclExecGtCommand;
import dev.harmonica.scenario.bfcl.BfclCategory;
import dev.harmonica.scenario.bfcl.BfclDataset;
import dev.harmonica.scenario.bfcl.BfclEntry;
import dev.harmonica.testing.SharedData;
import dev.harmonica.tools.bfcl.backend.BfclClass;
import dev.harmonica.tools.bfcl.backend.PyMethod;
import dev.harmonica.tools.bfcl.py.Py;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays the ground truth of multi_turn_base and multi_turn_miss_func and compares every result string and every
 * state snapshot with BFCL's own (gt_exec_fixtures_base_miss_func.jsonl, §11.1). Mismatches are counted per class.
 */
class BfclGroundTruthConformanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void groundTruthExecutionReproducesBfclResultsAndStatesExactly() throws Exception {
        Path dir = SharedData.require("bfcl/v4");
        Path fixtures = SharedData.require("bfcl/gt_exec_fixtures_base_miss_func.jsonl");
        Map<String, BfclEntry> entries = new HashMap<>();
        for (BfclCategory c : List.of(BfclCategory.BASE, BfclCategory.MISS_FUNC)) {
            for (BfclEntry e : BfclDataset.load(dir, c)) entries.put(e.id(), e);
        }
        BfclRuntime runtime = new BfclRuntime(dir);
        Map<String, Integer> resultMismatches = new TreeMap<>();
        Map<String, Integer> stateMismatches = new TreeMap<>();
        List<String> examples = new ArrayList<>();
        int lines = 0;
        int identical = 0;
        for (String line : Files.readAllLines(fixtures, StandardCharsets.UTF_8)) {
            if (line.isBlank()) continue;
            lines++;
            JsonNode expected = JSON.readTree(line);
            BfclEntry e = entries.get(expected.get("id").asText());
            String actualLine = BfclExecGtCommand.line(e, runtime, "harmonica");
            if (actualLine.equals(line)) {
                identical++;
                continue;
            }
            JsonNode actual = JSON.readTree(actualLine);
            Map<String, String> owner = owners(e, runtime);
            for (int t = 0; t < expected.get("turns").size(); t++) {
                JsonNode et = expected.get("turns").get(t);
                JsonNode at = actual.get("turns").get(t);
                for (int i = 0; i < et.get("results").size(); i++) {
                    String want = et.get("results").get(i).asText();
                    String got = at.get("results").get(i).asText();
                    if (!want.equals(got)) {
                        String call = et.get("calls").get(i).asText();
                        String cls = owner.getOrDefault(call.replaceAll("\\(.*", "").trim(), "?");
                        resultMismatches.merge(cls, 1, Integer::sum);
                        if (examples.size() < 15) {
                            examples.add(e.id() + " turn " + t + " " + call + "\n   want " + abbreviate(want)
                                    + "\n   got  " + abbreviate(got));
                        }
                    }
                }
                var it = et.get("state_after").fields();
                while (it.hasNext()) {
                    var cls = it.next();
                    String want = Py.jsonDumps(Py.fromJson(cls.getValue()));
                    String got = Py.jsonDumps(Py.fromJson(at.get("state_after").get(cls.getKey())));
                    if (!want.equals(got)) {
                        stateMismatches.merge(cls.getKey(), 1, Integer::sum);
                        if (examples.size() < 15) {
                            examples.add(e.id() + " turn " + t + " state " + cls.getKey() + "\n   want "
                                    + abbreviate(want) + "\n   got  " + abbreviate(got));
                        }
                    }
                }
            }
        }
        assertThat(lines).isEqualTo(400);
        assertThat(resultMismatches).as("result mismatches per class; examples:\n%s", String.join("\n", examples))
                .isEmpty();
        assertThat(stateMismatches).as("state mismatches per class (turns); examples:\n%s",
                String.join("\n", examples)).isEmpty();
        assertThat(identical).isEqualTo(400);
    }

    private static Map<String, String> owners(BfclEntry e, BfclRuntime runtime) {
        Map<String, String> out = new HashMap<>();
        BfclInstanceFactory f = runtime.factoryFor(e);
        for (String cls : e.involvedClasses()) {
            BfclClass c = f.create(cls);
            for (PyMethod m : c.methods()) out.put(m.name(), cls);
        }
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() > 400 ? s.substring(0, 400) + "…(" + s.length() + " chars)" : s;
    }
}
