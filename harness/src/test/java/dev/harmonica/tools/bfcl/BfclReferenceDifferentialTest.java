package dev.harmonica.tools.bfcl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.scenario.bfcl.BfclCategory;
import dev.harmonica.scenario.bfcl.BfclDataset;
import dev.harmonica.scenario.bfcl.BfclEntry;
import dev.harmonica.testing.LineProcess;
import dev.harmonica.testing.Prerequisites;
import dev.harmonica.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Harmonica's BFCL executor and checker against bfcl-eval 2026.3.23 itself (PyPI, on CPython 3.11): the seeded
 * generator {@code harness/src/test/python/differential/bfcl/bfcl_reference.py} makes call strings (ground truth,
 * hostile FC arguments and names, edited prompting-style text, builtins, method calls on results, deep nesting) that
 * bfcl-eval's {@code execute_multi_turn_func_call} executes, and faulty result files for all 800 v4 entries that
 * bfcl-eval's checker ({@code _evaluate_single_multi_turn_entry}) judges; Harmonica must give the same result strings
 * and the same verdicts (valid, error type, error message).
 *
 * <p>Needs {@code -Dharmonica.python=PYTHON} (or {@code HARMONICA_PYTHON}) with {@code bfcl-eval==2026.3.23} and the
 * BFCL v4 data; skipped with a message otherwise, failed under {@code HARMONICA_REQUIRE_REFERENCES=1}. A fresh seed
 * each run unless {@code -Dharmonica.diff.seed=N} (printed); {@code -Dharmonica.diff.calls=3000}. The first
 * disagreement of the call cases is shrunk (steps, calls and characters removed while bfcl-eval and Harmonica still
 * disagree) and printed.
 */
class BfclReferenceDifferentialTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERSION = "2026.3.23";
    private static final int SHRINK_BUDGET = 400;
    /** Disagreements printed as they are found (besides the shrunk first one). */
    private static final int SHOWN = Integer.getInteger("harmonica.diff.show", 10);

    @Test
    void harmonicaAgreesWithBfclEval(@TempDir Path tmp) throws Exception {
        long seed = Long.getLong("harmonica.diff.seed", new SecureRandom().nextLong() & Long.MAX_VALUE);
        System.out.println("BfclReferenceDifferentialTest: seed " + seed + " (repeat with -Dharmonica.diff.seed="
                + seed + ")");
        BfclReference ref = BfclReference.locate(VERSION, tmp);
        Path data = SharedData.root().resolve("data/bfcl/v4");
        Prerequisites.require(Files.isDirectory(data), () -> "BFCL v4 data is absent at " + data);
        Map<String, BfclEntry> entries = new HashMap<>();
        for (BfclCategory c : BfclCategory.values()) for (BfclEntry e : BfclDataset.load(data, c)) entries.put(e.id(), e);
        BfclRuntime runtime = new BfclRuntime(data);

        Tally calls = new Tally();
        ObjectNode firstCall = null;
        try (LineProcess gen = ref.start("calls", "--seed", Long.toString(seed), "--count",
                Integer.toString(Integer.getInteger("harmonica.diff.calls", 3000)), "--data", data.toString())) {
            String line;
            while ((line = gen.readLine()) != null) {
                ObjectNode c = (ObjectNode) JSON.readTree(line);
                if (c.has("timeout")) {
                    calls.timeouts++;
                    continue;
                }
                String problem = compareCall(c, entries.get(c.get("entry").asText()), runtime);
                calls.count(problem == null);
                if (problem != null && firstCall == null) firstCall = c;
                if (problem != null && calls.total - calls.agreed <= SHOWN) System.out.println("disagreement: " + problem);
            }
            assertThat(gen.waitFor()).as("generator exit code; stderr: %s", gen.errors()).isZero();
        }

        Tally verdicts = new Tally();
        List<String> verdictProblems = new ArrayList<>();
        Path out = Files.createDirectories(tmp.resolve("results"));
        try (LineProcess files = ref.start("files", "--seed", Long.toString(seed), "--data", data.toString(),
                "--out", out.toString(), "--model", "openai/gpt-oss-20b")) {
            Map<String, List<BfclResults.Line>> read = new LinkedHashMap<>();
            String line;
            while ((line = files.readLine()) != null) {
                JsonNode v = JSON.readTree(line);
                Path file = out.resolve(v.get("file").asText());
                List<BfclResults.Line> lines = read.computeIfAbsent(file.toString(), f -> readLines(file));
                BfclEntry entry = entries.get(v.get("id").asText());
                Object result = BfclResults.field(lines.get(v.get("line").asInt() - 1).value(), "result");
                BfclResults.Mode mode = v.get("mode").asText().equals("fc") ? BfclResults.Mode.FC
                        : BfclResults.Mode.PROMPTING;
                BfclVerdict mine = BfclResults.check(entry, result, mode, v.get("model_dir").asText(),
                        runtime.factoryFor(entry));
                String problem = compareVerdict(v, mine);
                verdicts.count(problem == null);
                if (problem != null && verdictProblems.size() < SHOWN) verdictProblems.add(problem);
            }
            assertThat(files.waitFor()).as("files exit code; stderr: %s", files.errors()).isZero();
        }

        String summary = "bfcl-eval " + VERSION + " vs Harmonica (seed " + seed + "): call results " + calls
                + ", checker verdicts " + verdicts;
        System.out.println(summary);
        String minimal = firstCall == null ? null : shrink(ref, data, firstCall, entries, runtime);
        assertThat(minimal).as(summary + "\nminimal disagreeing call case").isNull();
        assertThat(verdictProblems).as(summary).isEmpty();
    }

    private static List<BfclResults.Line> readLines(Path file) {
        try {
            return BfclResults.read(file);
        } catch (Exception e) {
            throw new AssertionError(file + ": " + e.getMessage(), e);
        }
    }

    /** Agreed / total counts (and cases bfcl-eval did not finish). */
    private static final class Tally {
        int agreed;
        int total;
        int timeouts;

        void count(boolean agree) {
            total++;
            if (agree) agreed++;
        }

        @Override
        public String toString() {
            return agreed + "/" + total + (timeouts > 0 ? " (" + timeouts + " not finished by Python, left out)" : "");
        }
    }

    /** Null when Harmonica's results equal bfcl-eval's; else the first differing call. */
    static String compareCall(JsonNode c, BfclEntry entry, BfclRuntime runtime) {
        String model = c.get("model").asText();
        boolean evalRun = c.get("eval_run").asBoolean();
        BfclExecutor ex = new BfclExecutor(entry.involvedClasses(), entry.initialConfig(), entry.longContext(),
                evalRun ? model + "_eval" : model, entry.id(), runtime.factoryFor(entry));
        JsonNode steps = c.get("steps");
        JsonNode want = c.get("results");
        for (int s = 0; s < steps.size(); s++) {
            List<String> calls = new ArrayList<>();
            steps.get(s).forEach(x -> calls.add(x.asText()));
            List<String> got = ex.execute(calls);
            for (int i = 0; i < calls.size(); i++) {
                String expected = want.get(s).get(i).asText();
                if (!normalized(got.get(i)).equals(normalized(expected))) {
                    return c.get("entry").asText() + " " + model + " step " + s + " call " + i + ": " + calls.get(i)
                            + "\n  bfcl-eval: " + expected + "\n  Harmonica: " + got.get(i);
                }
            }
        }
        return null;
    }

    /** A memory address in a repr ({@code <zip object at 0x7f...>}): it differs between runs of CPython itself. */
    private static final Pattern ADDRESS = Pattern.compile(" at 0x[0-9a-f]+");
    /** Where a module was loaded from ({@code <module 're' from '/.../python3.11/re/__init__.py'>}): per machine. */
    private static final Pattern MODULE_PATH = Pattern.compile("from '[^']*?/python3\\.11/");

    /** A result without the parts that differ between machines and runs of CPython itself. */
    private static String normalized(String result) {
        return MODULE_PATH.matcher(ADDRESS.matcher(result).replaceAll(" at 0x_")).replaceAll("from '<stdlib>/");
    }

    private static String compareVerdict(JsonNode v, BfclVerdict mine) {
        String id = v.get("id").asText();
        if (v.has("crash")) {
            if (BfclResults.CRASH.equals(mine.errorType()) && v.get("crash").asText().equals(mine.errorMessage())) {
                return null;
            }
            return id + ": bfcl-eval raises " + v.get("crash").asText() + "; Harmonica: " + describe(mine);
        }
        boolean valid = v.get("valid").asBoolean();
        if (valid != mine.valid()) return id + ": bfcl-eval valid=" + valid + "; Harmonica: " + describe(mine);
        if (valid) return null;
        String type = v.get("error_type").asText();
        JsonNode msg = v.get("error_message");
        String message = msg.isArray() ? msg.get(0).asText() : msg.asText();
        if (type.equals(mine.errorType()) && message.equals(mine.errorMessage())) return null;
        return id + ": bfcl-eval " + type + " " + message + "; Harmonica: " + describe(mine);
    }

    private static String describe(BfclVerdict v) {
        return v.valid() ? "valid" : v.errorType() + " " + v.errorMessage();
    }

    /** Removes steps, calls and characters while bfcl-eval and Harmonica still disagree; returns the case's report. */
    private static String shrink(BfclReference ref, Path data, ObjectNode c, Map<String, BfclEntry> entries,
                                 BfclRuntime runtime) throws Exception {
        int[] budget = {SHRINK_BUDGET};
        try (LineProcess serve = ref.start("serve", "--data", data.toString())) {
            ObjectNode best = c;
            boolean progress = true;
            while (progress && budget[0] > 0) {
                progress = false;
                for (ObjectNode candidate : smaller(best)) {
                    if (budget[0]-- <= 0) break;
                    ObjectNode answered = (ObjectNode) JSON.readTree(serve.ask(request(candidate).toString()));
                    if (!answered.has("timeout")
                            && compareCall(answered, entries.get(answered.get("entry").asText()), runtime) != null) {
                        best = answered;
                        progress = true;
                        break;
                    }
                }
            }
            return request(best) + "\n" + compareCall(best, entries.get(best.get("entry").asText()), runtime);
        }
    }

    private static ObjectNode request(ObjectNode c) {
        ObjectNode r = c.deepCopy();
        r.remove(List.of("results", "id", "shape"));
        return r;
    }

    /** One-step-smaller variants: a step removed, a call removed, or a chunk of one call's characters removed. */
    private static List<ObjectNode> smaller(ObjectNode c) {
        List<ObjectNode> out = new ArrayList<>();
        ArrayNode steps = (ArrayNode) c.get("steps");
        for (int s = 0; s < steps.size() && steps.size() > 1; s++) {
            ObjectNode x = c.deepCopy();
            ((ArrayNode) x.get("steps")).remove(s);
            out.add(x);
        }
        for (int s = 0; s < steps.size(); s++) {
            for (int i = 0; i < steps.get(s).size() && steps.get(s).size() > 1; i++) {
                ObjectNode x = c.deepCopy();
                ((ArrayNode) x.get("steps").get(s)).remove(i);
                out.add(x);
            }
        }
        for (int s = 0; s < steps.size(); s++) {
            for (int i = 0; i < steps.get(s).size(); i++) {
                String call = steps.get(s).get(i).asText();
                for (int chunk = Math.max(1, call.length() / 2); chunk >= 1; chunk /= 2) {
                    for (int at = 0; at + chunk <= call.length(); at += chunk) {
                        ObjectNode x = c.deepCopy();
                        ((ArrayNode) x.get("steps").get(s)).set(i, call.substring(0, at) + call.substring(at + chunk));
                        out.add(x);
                    }
                    if (chunk == 1) break;
                }
            }
        }
        return out;
    }
}
