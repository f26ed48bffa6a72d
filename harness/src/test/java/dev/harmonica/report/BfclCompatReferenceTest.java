package dev.harmonica.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harmonica.journal.JournalReader;
import dev.harmonica.run.RunEndpoints;
import dev.harmonica.run.RunSpec;
import dev.harmonica.run.Runner;
import dev.harmonica.run.Variant;
import dev.harmonica.testing.Prerequisites;
import dev.harmonica.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * BFCL's own {@code bfcl evaluate} (bfcl-eval 2026.3.23) on the result files a {@code --bfcl-compat} run writes: it
 * must give every entry the verdict Harmonica's checker gave it, and write the same {@code data_multi_turn.csv} byte
 * for byte. The run: the first {@value #PER_CATEGORY} entries of each BFCL v4 multi-turn category against the
 * in-process simulator with faults on (seed {@value #SEED}), so that valid entries, state mismatches, empty turns and
 * inference errors all occur.
 *
 * <p>Needs {@code HARMONICA_PYTHON} (or {@code -Dharmonica.python}) with bfcl-eval 2026.3.23 (and soundfile) and the
 * shared BFCL data; skipped with a message otherwise, failed under {@code HARMONICA_REQUIRE_REFERENCES=1}.
 */
class BfclCompatReferenceTest {
    static final int PER_CATEGORY = 12;
    static final long SEED = 3;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void bfclEvaluateGivesHarmonicasVerdictsAndScoreCsv() throws Exception {
        String python = Prerequisites.python("bfcl-eval 2026.3.23");
        Prerequisites.require(imports(python), () -> python + " cannot import bfcl_eval (pip install bfcl-eval==2026.3.23"
                + " soundfile; harness/src/test/python/requirements.txt)");
        Path v4 = SharedData.require("bfcl/v4");
        List<String> sets = new ArrayList<>();
        for (String c : List.of("base", "miss_func", "miss_param", "long_context")) sets.add("bfcl:" + v4 + ":" + c);
        Variant compat = Variant.of("bfcl", "harmony-v0.0.8", Variant.Mode.COMPLETIONS).withBfclCompat();
        RunSpec rc = new RunSpec("compat-ref", sets, List.of(compat),
                RunSpec.EndpointSettings.simulator().withSim(true, SEED, 0).withConcurrency(2),
                RunSpec.DEFAULT_STEP_LIMIT, PER_CATEGORY, 0, false);
        Path run = tmp.resolve("run");
        Runner.run(rc, Runner.Options.defaults(run, tmp), Runner.Services.standard(RunEndpoints.factory()));
        Path root = tmp.resolve("bfcl-root");
        BfclResultFiles.Written w = BfclResultFiles.write(run, BfclResultFiles.Options.of(root, null, null));
        assertThat(w.entries()).isEqualTo(4 * PER_CATEGORY);

        evaluate(python, root);

        Map<String, String> ours = harmonicaVerdicts(run);
        Map<String, String> theirs = bfclVerdicts(root.resolve("score-bfcl"), ours);
        System.out.println("BfclCompatReferenceTest: " + ours.size() + " entries, verdicts " + tally(ours));
        assertThat(theirs).as("bfcl evaluate's verdicts on Harmonica's result files").isEqualTo(ours);
        assertThat(ours.values()).as("a mix worth comparing").contains("valid", "multi_turn:inference_error");
        assertThat(ours.values().stream().distinct().count()).isGreaterThanOrEqualTo(3);
        assertThat(Files.readString(root.resolve("score/data_multi_turn.csv")))
                .as("data_multi_turn.csv, byte for byte")
                .isEqualTo(Files.readString(root.resolve("score-bfcl/data_multi_turn.csv")));
    }

    private static boolean imports(String python) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(python, "-c", "import bfcl_eval.eval_checker.eval_runner")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    /** {@code bfcl evaluate --partial-eval} in the project root, scores into {@code score-bfcl/}. */
    private static void evaluate(String python, Path root) throws IOException, InterruptedException {
        Path log = root.resolve("evaluate.log");
        ProcessBuilder pb = new ProcessBuilder(python, "-m", "bfcl_eval", "evaluate", "--model",
                BfclResultFiles.DEFAULT_MODEL, "--test-category", "multi_turn", "--partial-eval", "--score-dir",
                "score-bfcl").directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("BFCL_PROJECT_ROOT", root.toString());
        pb.environment().put("OPENAI_API_KEY", "sk-unused"); // the handler builds a client; nothing is sent
        Process p = pb.start();
        boolean done = p.waitFor(10, TimeUnit.MINUTES);
        if (!done) p.destroyForcibly();
        assertThat(done && p.exitValue() == 0).as("bfcl evaluate; log:\n%s", Files.readString(log)).isTrue();
    }

    /** Each entry's verdict in the journal: {@code valid} or BFCL's error type. */
    private static Map<String, String> harmonicaVerdicts(Path run) {
        Map<String, String> out = new TreeMap<>();
        JournalReader.forEachComplete(run.resolve(Runner.JOURNAL), n -> {
            if (!n.path("type").asText().equals("scenario")) return;
            JsonNode b = n.path("bfcl");
            out.put(n.path("scenario_id").asText(), b.path("valid").asBoolean() ? "valid" : b.path("error_type").asText());
        });
        return out;
    }

    /** BFCL's score files: the failing entries with their error type; every other entry evaluated is valid. */
    private static Map<String, String> bfclVerdicts(Path scoreDir, Map<String, String> ids) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (String id : ids.keySet()) out.put(id, "valid");
        Path dir = scoreDir.resolve(BfclResultFiles.DEFAULT_MODEL.replace("/", "_")).resolve("multi_turn");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(x -> x.getFileName().toString().endsWith("_score.json")).toList()) {
                List<String> lines = Files.readAllLines(f);
                for (String line : lines.subList(1, lines.size())) {
                    JsonNode n = JSON.readTree(line);
                    out.put(n.path("id").asText(), n.path("error").path("error_type").asText());
                }
            }
        }
        return out;
    }

    private static Map<String, Long> tally(Map<String, String> verdicts) {
        Map<String, Long> t = new TreeMap<>();
        for (String v : verdicts.values()) t.merge(v, 1L, Long::sum);
        return t;
    }
}
