package dev.harmonica.cli;

import dev.harmonica.scenario.BadInputException;
import dev.harmonica.scenario.bfcl.BfclCategory;
import dev.harmonica.scenario.bfcl.BfclEntry;
import dev.harmonica.tools.bfcl.BfclChecker;
import dev.harmonica.tools.bfcl.BfclNames;
import dev.harmonica.tools.bfcl.BfclResults;
import dev.harmonica.tools.bfcl.BfclRuntime;
import dev.harmonica.tools.bfcl.BfclScores;
import dev.harmonica.tools.bfcl.BfclVerdict;
import dev.harmonica.tools.bfcl.py.Py;
import dev.harmonica.tools.bfcl.py.PyException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code harmonica bfcl check}: BFCL's multi-turn checker on a BFCL result file (lines {@code {"id", "case"?,
 * "result"}}, {@code result[turn][step]} an FC step {@code [{name: arguments}]} or a text reply), read and decoded
 * exactly as bfcl-eval does ({@link BfclResults}). Writes {@code {"id", "case", "valid", "error_type",
 * "error_message", "turn"}} per line and, with {@code --score-csv}, BFCL's {@code data_multi_turn.csv}. Exit 0 when
 * all valid, 1 when some are invalid, 2 on input BFCL cannot read (or evaluate).
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

    @Option(names = "--mode", defaultValue = "fc", description = "How steps are decoded: fc (BFCL's FC handlers: "
            + "{name: arguments} objects, text steps dropped), prompting (BFCL's prompting decoder: text parsed as "
            + "Python calls), or calls (not BFCL's: a step that is a list of call strings is taken as it is, e.g. "
            + "exec-gt's output; others as fc). Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--details", description = "Include BFCL's error details in each verdict line.")
    boolean details;

    @Override
    Integer run() throws IOException {
        BfclResults.Mode decodeMode = switch (mode) {
            case "fc" -> BfclResults.Mode.FC;
            case "prompting" -> BfclResults.Mode.PROMPTING;
            case "calls" -> BfclResults.Mode.CALLS;
            default -> throw new BadInputException("--mode must be fc, prompting or calls, not '" + mode + "'");
        };
        String folder = modelFolder(results, model);
        BfclCli.EntryIndex index = new BfclCli.EntryIndex(dataDir);
        BfclRuntime runtime = new BfclRuntime(dataDir);
        BfclScores scores = new BfclScores();
        boolean[] allValid = {true};
        boolean[] crashed = {false};
        if (!Files.isRegularFile(results)) throw new BadInputException(results + ": file not found");
        List<BfclResults.Line> lines;
        try {
            lines = BfclResults.read(results);
        } catch (BfclResults.BadLine e) {
            throw new BadInputException(e.getMessage());
        }
        writeOutput(out, w -> {
            for (BfclResults.Line line : lines) {
                String where = results + ":" + line.number();
                Object id = BfclResults.field(line.value(), "id");
                if (!(id instanceof String idText)) {
                    throw new BadInputException(where + ": field 'id' must be the BFCL entry id (a string)");
                }
                if (!BfclResults.hasField(line.value(), "result")) {
                    throw new BadInputException(where + ": field 'result' is missing");
                }
                BfclEntry entry = index.get(idText, where + ": field 'id'");
                BfclVerdict v = BfclResults.check(entry, BfclResults.field(line.value(), "result"), decodeMode, folder,
                        runtime.factoryFor(entry));
                scores.add(entry.category(), v.valid());
                allValid[0] &= v.valid();
                crashed[0] |= BfclResults.CRASH.equals(v.errorType());
                var outRow = Py.dict("id", entry.id(), "case", BfclResults.field(line.value(), "case"), "valid",
                        v.valid(), "error_type", v.errorType(), "error_message", v.errorMessage(), "turn",
                        v.turn() == null ? null : (Object) (long) v.turn());
                if (details) outRow.put("details", v.details());
                w.write(BfclScores.jsonLenient(outRow));
                w.write('\n');
            }
        });
        for (BfclCategory c : BfclCategory.values()) {
            if (scores.total(c) > 0) {
                spec.commandLine().getErr().printf("%s: %d/%d valid (%s%%)%n", c.testCategory(), scores.correct(c),
                        scores.total(c), Py.formatFixed(100.0 * scores.correct(c) / scores.total(c), 2));
            }
        }
        if (scoreCsv != null) scores.writeMultiTurnCsv(scoreCsv, folder);
        if (crashed[0]) {
            throw new BadInputException(results + ": bfcl-eval's evaluation raises on some entries (verdicts with "
                    + "error_type " + BfclResults.CRASH + "); all other verdicts were written");
        }
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

    static String dumps(Object v) {
        try {
            return Py.jsonDumps(v);
        } catch (PyException e) {
            throw new IllegalStateException(e);
        }
    }
}
