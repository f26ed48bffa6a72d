package dev.harmonica.cli;

import dev.harmonica.report.BfclResultFiles;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * {@code --bfcl-results DIR} and its naming options, shared by {@code run} (after the run) and {@code report} (from an
 * existing, resumed or merged run directory): a BFCL-protocol variant written as a BFCL project root
 * ({@link BfclResultFiles}, docs/bfcl-compat.md).
 */
final class BfclResultsOptions {
    @Option(names = "--bfcl-results", paramLabel = "DIR", description = "write DIR as a BFCL project root from the run's "
            + "BFCL-protocol variant (--bfcl-compat): result/<model>/multi_turn/BFCL_v4_multi_turn_<category>_result.json"
            + " for `bfcl evaluate`, and score/data_multi_turn.csv as BFCL writes it (docs/bfcl-compat.md)")
    Path dir;

    @Option(names = "--bfcl-model", paramLabel = "NAME", description = "with --bfcl-results: the BFCL model registry "
            + "name the files go under (default openbmb/MiniCPM-SALA-FC, an OpenAI chat FC handler; `bfcl evaluate` "
            + "only scores names it knows)")
    String model;

    @Option(names = "--bfcl-display-name", paramLabel = "TEXT", description = "with --bfcl-results: the Model column "
            + "of data_multi_turn.csv, BFCL's display name of --bfcl-model (known for the default: MiniCPM-SALA (FC))")
    String displayName;

    boolean requested() {
        return dir != null;
    }

    /** Writes the files; false (said on {@code err}) when it could not. Never touches the run itself. */
    boolean write(Path runDir, String command, PrintWriter out, PrintWriter err) {
        try {
            BfclResultFiles.Written w = BfclResultFiles.write(runDir, BfclResultFiles.Options.of(
                    dir.toAbsolutePath().normalize(), model, displayName));
            out.printf("BFCL files: %d entries of variant %s in %s (%d inference errors, %d left out: not sent or "
                    + "harness error); scores: %s%n", w.entries(), Terminal.safe(w.variant()), w.resultDir(),
                    w.inferenceErrors(), w.leftOut(), w.scoreCsv());
            return true;
        } catch (RuntimeException e) {
            err.println("harmonica " + command + ": writing the BFCL files failed (" + Terminal.safeLine(e.getMessage())
                    + "); the journal is complete");
            return false;
        }
    }
}
