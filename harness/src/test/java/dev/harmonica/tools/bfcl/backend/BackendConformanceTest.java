package dev.harmonica.tools.bfcl.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harmonica.scenario.bfcl.BfclDataset;
import dev.harmonica.scenario.bfcl.BfclEntry;
import dev.harmonica.testing.SharedData;
import dev.harmonica.tools.bfcl.BfclExecutor;
import dev.harmonica.tools.bfcl.BfclState;
import dev.harmonica.tools.bfcl.py.Py;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays the ground truth of multi_turn_base and multi_turn_miss_func on fresh backend instances and compares every
 * result string and every per-class state with gt_exec_fixtures_base_miss_func.jsonl (BFCL's own execution of the ground truth).
 * Also runs long_context and miss_param ground truth, which must execute without a single error.
 */
class BackendConformanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Path v4() {
        return SharedData.require("bfcl/v4/BFCL_v4_multi_turn_base.json").getParent();
    }

    static BfclModules modules(Path v4) throws IOException {
        return new BfclModules(LongContextConstants.fromDataDir(v4));
    }

    @Test
    void groundTruthMatchesFixturesPerClass() throws IOException {
        conform(SharedData.require("bfcl/gt_exec_fixtures_base_miss_func.jsonl"),
                List.of("multi_turn_base", "multi_turn_miss_func"));
    }

    /**
     * Optional differential check against reference files produced by running BFCL's own Python backends locally
     * (one JSONL per category, same encoding as the fixtures): set {@code -Dharmonica.bfcl.pyref=DIR} or
     * {@code HARMONICA_BFCL_PYREF=DIR}, where DIR holds {@code <category>.jsonl} (e.g. {@code long_context.jsonl}).
     */
    @Test
    void groundTruthMatchesLocalPythonReference() throws IOException {
        String dir = System.getProperty("harmonica.bfcl.pyref", System.getenv("HARMONICA_BFCL_PYREF"));
        org.junit.jupiter.api.Assumptions.assumeTrue(dir != null && !dir.isBlank(),
                "skipped: no local Python reference (set -Dharmonica.bfcl.pyref=DIR)");
        for (String cat : List.of("base", "miss_func", "miss_param", "long_context")) {
            Path f = Path.of(dir, cat + ".jsonl");
            if (Files.exists(f)) conform(f, List.of("multi_turn_" + cat));
        }
    }

    static void conform(Path fixtures, List<String> categories) throws IOException {
        Path v4 = v4();
        LongContextConstants constants = LongContextConstants.fromDataDir(v4);
        List<BfclEntry> entries = new ArrayList<>();
        for (String c : categories) entries.addAll(BfclDataset.load(v4, c));
        Map<String, BfclEntry> byId = new HashMap<>();
        for (BfclEntry e : entries) byId.put(e.id(), e);

        Map<String, int[]> perClass = new TreeMap<>(); // class -> {results ok, results total, states ok, states total}
        List<String> failures = new ArrayList<>();
        for (String line : Files.readAllLines(fixtures)) {
            if (line.isBlank()) continue;
            JsonNode fx = JSON.readTree(line);
            BfclEntry entry = byId.get(fx.get("id").asText());
            BfclModules mods = new BfclModules(constants);
            BfclExecutor ex = BfclExecutor.groundTruthSide(entry, "harmonica", name -> BfclClasses.create(name, mods));
            Map<String, String> methodOwner = new HashMap<>();
            for (var inst : ex.instances().values()) {
                for (PyMethod m : inst.methods()) methodOwner.put(m.name(), inst.className());
            }
            int t = 0;
            for (JsonNode turn : fx.get("turns")) {
                Iterator<JsonNode> expected = turn.get("results").iterator();
                for (JsonNode call : turn.get("calls")) {
                    String c = call.asText();
                    String got = ex.execute(c);
                    String want = expected.next().asText();
                    String fn = c.contains("(") ? c.substring(0, c.indexOf('(')).strip() : c;
                    int[] k = perClass.computeIfAbsent(methodOwner.getOrDefault(fn, "?"), x -> new int[4]);
                    k[1]++;
                    if (got.equals(want)) {
                        k[0]++;
                    } else {
                        failures.add(fx.get("id").asText() + " turn " + t + " " + c + "\n   want " + abbrev(want)
                                + "\n   got  " + abbrev(got));
                    }
                }
                JsonNode wantState = turn.get("state_after");
                Object snap = BfclState.snapshot(ex.instances());
                JsonNode gotState;
                try {
                    gotState = JSON.readTree(Py.jsonDumps(snap));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                for (Iterator<String> it = wantState.fieldNames(); it.hasNext(); ) {
                    String cls = it.next();
                    int[] k = perClass.computeIfAbsent(cls, x -> new int[4]);
                    k[3]++;
                    if (wantState.get(cls).equals(gotState.get(cls))) {
                        k[2]++;
                    } else {
                        failures.add(fx.get("id").asText() + " turn " + t + " state " + cls + "\n   want "
                                + abbrev(wantState.get(cls).toString()) + "\n   got  "
                                + abbrev(String.valueOf(gotState.get(cls))));
                    }
                }
                t++;
            }
        }
        StringBuilder report = new StringBuilder(fixtures.getFileName() + " class: results ok/total, states ok/total\n");
        perClass.forEach((cls, k) -> report.append(String.format("  %-18s %4d/%-4d %4d/%-4d%n", cls, k[0], k[1], k[2],
                k[3])));
        System.out.println(report);
        failures.stream().limit(40).forEach(System.out::println);
        assertThat(failures).as(report.toString()).isEmpty();
    }

    @Test
    void longContextAndMissParamGroundTruthRunWithoutErrors() throws IOException {
        Path v4 = v4();
        LongContextConstants constants = LongContextConstants.fromDataDir(v4);
        List<String> errors = new ArrayList<>();
        int calls = 0;
        for (String cat : List.of("multi_turn_long_context", "multi_turn_miss_param")) {
            for (BfclEntry entry : BfclDataset.load(v4, cat)) {
                BfclModules mods = new BfclModules(constants);
                BfclExecutor ex = BfclExecutor.groundTruthSide(entry, "harmonica",
                        name -> BfclClasses.create(name, mods));
                for (List<String> turn : entry.groundTruth()) {
                    for (String c : turn) {
                        calls++;
                        String r = ex.execute(c);
                        if (r.startsWith(BfclExecutor.ERROR_PREFIX)) errors.add(entry.id() + " " + c + " -> " + r);
                    }
                }
                try {
                    Py.jsonDumps(BfclState.snapshot(ex.instances()));
                } catch (Exception e) {
                    errors.add(entry.id() + " state not encodable: " + e);
                }
            }
        }
        System.out.println("long_context + miss_param ground-truth calls: " + calls + ", errors: " + errors.size());
        errors.stream().limit(20).forEach(System.out::println);
        assertThat(errors).isEmpty();
        assertThat(calls).isGreaterThan(2000);
    }

    private static String abbrev(String s) {
        return s.length() > 400 ? s.substring(0, 400) + "…(" + s.length() + " chars)" : s;
    }
}
