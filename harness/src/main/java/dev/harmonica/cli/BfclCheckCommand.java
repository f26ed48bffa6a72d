package dev.harmonica.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.scenario.BadInputException;
import dev.harmonica.scenario.bfcl.BfclCategory;
import dev.harmonica.scenario.bfcl.BfclEntry;
import dev.harmonica.tools.bfcl.BfclCalls;
import dev.harmonica.tools.bfcl.BfclChecker;
import dev.harmonica.tools.bfcl.BfclNames;
import dev.harmonica.tools.bfcl.BfclRuntime;
import dev.harmonica.tools.bfcl.BfclScores;
import dev.harmonica.tools.bfcl.BfclVerdict;
import dev.harmonica.tools.bfcl.py.Py;
import dev.harmonica.tools.bfcl.py.PyException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code harmonica bfcl check}: BFCL's multi-turn checker on result lines {@code {"id", "case"?, "result"}} where
 * {@code result[turn][step]} is a list of call strings (or a raw FC step {@code [{name: args_json}]}, or a text reply,
 * which BFCL drops in FC mode and decodes with {@code --mode prompting}). Writes {@code {"id", "case", "valid", "error_type", "error_message", "turn"}} per line and,
 * with {@code --score-csv}, BFCL's {@code data_multi_turn.csv}. Exit 0 when all valid, 1 when some are invalid.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check model results per BFCL's multi-turn checker; optional data_multi_turn.csv.")
public final class BfclCheckCommand extends BfclSubcommand {
    @Option(names = "--results", required = true, paramLabel = "FILE", description = "Result JSON Lines.")
    Path results;

    @Option(names = "--out", paramLabel = "FILE", description = "Verdicts as JSON Lines (default: stdout).")
    Path out;

    @Option(names = "--score-csv", paramLabel = "FILE", description = "Write BFCL's data_multi_turn.csv here.")
    Path scoreCsv;

    @Option(names = "--model", paramLabel = "NAME", description = "BFCL's model name: the registry name or its "
            + "result folder name ('/' becomes '_'). It names the backend instances, which results can show "
            + "(docs/bfcl.md), and labels the CSV. Default: MODEL when --results is MODEL/multi_turn/"
            + "BFCL_v4_<category>_result.json (BFCL's result layout), else harmonica.")
    String model;

    @Option(names = "--mode", defaultValue = "fc", description = "How a text step is decoded: fc (dropped, like "
            + "BFCL's FC handlers) or prompting (BFCL's prompting decoder). Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--details", description = "Include BFCL's error details in each verdict line.")
    boolean details;

    @Override
    Integer run() throws IOException {
        if (!mode.equals("fc") && !mode.equals("prompting")) {
            throw new BadInputException("--mode must be fc or prompting, not '" + mode + "'");
        }
        boolean prompting = mode.equals("prompting");
        String folder = modelFolder(results, model);
        BfclCli.EntryIndex index = new BfclCli.EntryIndex(dataDir);
        BfclRuntime runtime = new BfclRuntime(dataDir);
        BfclScores scores = new BfclScores();
        boolean[] allValid = {true};
        if (!Files.isRegularFile(results)) throw new BadInputException(results + ": file not found");
        writeOutput(out, w -> {
            try (BufferedReader r = Files.newBufferedReader(results, StandardCharsets.UTF_8)) {
                forEachJsonLine(r, results.toString(), (row, where) -> {
                    JsonNode idNode = row.get("id");
                    if (idNode == null || !idNode.isTextual()) {
                        throw new BadInputException(where + ": field 'id' must be the BFCL entry id (a string)");
                    }
                    if (!row.has("result")) throw new BadInputException(where + ": field 'result' is missing");
                    BfclEntry entry = index.get(idNode.textValue(), where + ": field 'id'");
                    BfclVerdict v = check(entry, row.get("result"), runtime, prompting, folder);
                    scores.add(entry.category(), v.valid());
                    allValid[0] &= v.valid();
                    Object caseLabel = row.has("case") ? Py.fromJson(row.get("case")) : null;
                    var outRow = Py.dict("id", entry.id(), "case", caseLabel, "valid", v.valid(),
                            "error_type", v.errorType(), "error_message", v.errorMessage(), "turn",
                            v.turn() == null ? null : (Object) (long) v.turn());
                    if (details) outRow.put("details", v.details());
                    w.write(BfclScores.jsonLenient(outRow));
                    w.write('\n');
                });
            }
        });
        for (BfclCategory c : BfclCategory.values()) {
            if (scores.total(c) > 0) {
                spec.commandLine().getErr().printf("%s: %d/%d valid (%s%%)%n", c.testCategory(), scores.correct(c),
                        scores.total(c), Py.formatFixed(100.0 * scores.correct(c) / scores.total(c), 2));
            }
        }
        if (scoreCsv != null) scores.writeMultiTurnCsv(scoreCsv, folder);
        return allValid[0] ? Main.OK : Main.FAILED;
    }

    /**
     * BFCL's checker model name: {@code --model} as a result folder name, else the folder BFCL's layout puts the
     * result file in ({@code <result>/<model>/multi_turn/BFCL_v4_<category>_result.json}), else the default.
     */
    static String modelFolder(Path results, String given) {
        if (given != null) return BfclNames.resultFolder(given);
        Path abs = results.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        if (parent != null && parent.getParent() != null && parent.getFileName().toString().equals("multi_turn")
                && abs.getFileName().toString().matches("BFCL_v\\d+_multi_turn_.+_result\\.json")) {
            return parent.getParent().getFileName().toString();
        }
        return BfclChecker.DEFAULT_MODEL_NAME;
    }

    /** Decodes a result value and checks it (inference_error when it is not a list of turns). */
    static BfclVerdict check(BfclEntry entry, JsonNode result, BfclRuntime runtime, boolean prompting,
                             String modelFolder) {
        if (!result.isArray()) return BfclChecker.inferenceError(entry.id());
        List<List<List<String>>> decoded = new ArrayList<>();
        for (JsonNode turn : result) {
            List<List<String>> steps = new ArrayList<>();
            if (turn.isArray()) {
                for (JsonNode step : turn) {
                    try {
                        steps.add(prompting && step.isTextual() ? BfclCalls.decodePrompting(step.textValue())
                                : BfclCalls.decodeFcStep(step));
                    } catch (BfclCalls.DecodeException e) {
                        // BFCL drops steps that fail to decode
                    }
                }
            }
            decoded.add(steps);
        }
        return BfclChecker.check(entry, decoded, modelFolder, runtime.factoryFor(entry));
    }

    static String dumps(Object v) {
        try {
            return Py.jsonDumps(v);
        } catch (PyException e) {
            throw new IllegalStateException(e);
        }
    }
}
