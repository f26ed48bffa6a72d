package dev.harmonica.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harmonica.scenario.BadInputException;
import dev.harmonica.scenario.bfcl.BfclDataException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * What the {@code bfcl} subcommands share: the {@code --bfcl-data} option, BFCL data errors as bad input (exit 2),
 * JSON Lines input with {@code file:line} in every error, and output to {@code --out} or stdout.
 */
abstract class BfclSubcommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--bfcl-data", required = true, paramLabel = "DIR", description = "BFCL data folder (v3 or v4).")
    Path dataDir;

    /** {@code --out} and {@code --model-name} of the subcommands that execute calls ({@code exec}, {@code exec-gt}). */
    static final class ExecOptions {
        @Option(names = "--out", paramLabel = "FILE", description = "Output file (default: stdout).")
        Path out;

        @Option(names = "--model-name", defaultValue = "harmonica", description = "BFCL's checker model name (the "
                + "result folder name); the instances are <name>_eval_<entry>_<Class>_instance, see docs/bfcl.md "
                + "(default: ${DEFAULT-VALUE}).")
        String modelName;
    }

    @Override
    public final Integer call() throws IOException {
        try {
            return run();
        } catch (BfclDataException e) {
            throw new BadInputException(e.getMessage(), e);
        }
    }

    /** The command's work; a {@link BfclDataException} it throws becomes bad input. */
    abstract Integer run() throws IOException;

    /** Handles one parsed input line; {@code where} is {@code source:line} for error messages. */
    @FunctionalInterface
    interface JsonLineHandler {
        void accept(JsonNode row, String where) throws IOException;
    }

    /** Parses each non-blank line of {@code r} as JSON; a line that is not JSON is bad input naming its place. */
    static void forEachJsonLine(BufferedReader r, String source, JsonLineHandler handler) throws IOException {
        ObjectMapper json = new ObjectMapper();
        String line;
        int n = 0;
        while ((line = r.readLine()) != null) {
            n++;
            if (line.isBlank()) continue;
            String where = source + ":" + n;
            JsonNode row;
            try {
                row = json.readTree(line);
            } catch (JsonProcessingException e) {
                throw new BadInputException(where + ": not valid JSON (" + e.getOriginalMessage() + ")");
            }
            handler.accept(row, where);
        }
    }

    /** Writes output through {@code body}. */
    @FunctionalInterface
    interface OutputBody {
        void writeTo(Writer w) throws IOException;
    }

    /** Runs {@code body} on {@code out} (created with parents) or stdout; flushes, and closes a file. */
    final void writeOutput(Path out, OutputBody body) throws IOException {
        Writer w = BfclCli.open(out, spec.commandLine().getOut());
        try {
            body.writeTo(w);
        } finally {
            w.flush();
            if (out != null) w.close();
        }
    }
}
