package dev.harmonica.cli;

import dev.harmonica.bfcl.BfclCategory;
import dev.harmonica.bfcl.BfclEntry;
import dev.harmonica.bfcl.BfclExecutor;
import dev.harmonica.bfcl.BfclRuntime;
import dev.harmonica.bfcl.BfclState;
import dev.harmonica.bfcl.py.Py;
import dev.harmonica.bfcl.py.PyException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code harmonica bfcl exec-gt}: replays every entry's ground truth on fresh instances and writes, per entry, one JSON
 * line {@code {"id", "turns": [{"calls", "results", "state_after"}]}} in the encoding of
 * gt_exec_fixtures_base_miss_func.jsonl (byte-identical lines when the backends match).
 */
@Command(name = "exec-gt", mixinStandardHelpOptions = true,
        description = "Execute the ground truth of a category; write per-turn results and states as JSON Lines.")
public final class BfclExecGtCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--bfcl-data", required = true, paramLabel = "DIR", description = "BFCL data folder (v3 or v4).")
    Path dataDir;

    @Option(names = "--category", required = true, description = "base, miss_func, miss_param or long_context.")
    String category;

    @Option(names = "--out", paramLabel = "FILE", description = "Output file (default: stdout).")
    Path out;

    @Option(names = "--model-name", defaultValue = "harmonica", description = "Model name in BFCL's instance "
            + "variables (default: ${DEFAULT-VALUE}).")
    String modelName;

    @Override
    public Integer call() throws IOException {
        try {
            return run();
        } catch (dev.harmonica.bfcl.BfclDataException e) {
            throw new BadInputException(e.getMessage(), e);
        }
    }

    private Integer run() throws IOException {
        BfclCategory cat = BfclCli.category(category);
        List<BfclEntry> entries = BfclCli.load(dataDir, cat);
        BfclRuntime runtime = new BfclRuntime(dataDir);
        Writer w = BfclCli.open(out, spec.commandLine().getOut());
        try {
            for (BfclEntry e : entries) {
                w.write(line(e, runtime, modelName));
                w.write('\n');
            }
        } finally {
            w.flush();
            if (out != null) w.close();
        }
        return Main.OK;
    }

    /** One output line for an entry. */
    public static String line(BfclEntry e, BfclRuntime runtime, String modelName) {
        BfclExecutor ex = BfclExecutor.groundTruthSide(e, modelName, runtime.factoryFor(e));
        List<Object> turns = new ArrayList<>();
        for (List<String> calls : e.groundTruth()) {
            List<String> results = ex.execute(calls);
            LinkedHashMap<Object, Object> t = new LinkedHashMap<>();
            t.put("calls", new ArrayList<Object>(calls));
            t.put("results", new ArrayList<Object>(results));
            t.put("state_after", BfclState.snapshot(ex.instances()));
            turns.add(t);
        }
        try {
            return Py.jsonDumps(Py.dict("id", e.id(), "turns", turns));
        } catch (PyException x) {
            throw new IllegalStateException("state of " + e.id() + " is not JSON-encodable: " + x.pyStr(), x);
        }
    }
}
