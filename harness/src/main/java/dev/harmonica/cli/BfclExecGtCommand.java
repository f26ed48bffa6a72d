package dev.harmonica.cli;

import dev.harmonica.scenario.bfcl.BfclCategory;
import dev.harmonica.scenario.bfcl.BfclEntry;
import dev.harmonica.tools.bfcl.BfclExecutor;
import dev.harmonica.tools.bfcl.BfclRuntime;
import dev.harmonica.tools.bfcl.BfclState;
import dev.harmonica.tools.bfcl.py.Py;
import dev.harmonica.tools.bfcl.py.PyException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * {@code harmonica bfcl exec-gt}: replays every entry's ground truth on fresh instances and writes, per entry, one JSON
 * line {@code {"id", "turns": [{"calls", "results", "state_after"}]}} in the encoding of
 * gt_exec_fixtures_base_miss_func.jsonl (byte-identical lines when the backends match).
 */
@Command(name = "exec-gt", mixinStandardHelpOptions = true,
        description = "Execute the ground truth of a category; write per-turn results and states as JSON Lines.")
public final class BfclExecGtCommand extends BfclSubcommand {
    @Option(names = "--category", required = true, description = "base, miss_func, miss_param or long_context.")
    String category;

    @Mixin
    ExecOptions exec;

    @Override
    Integer run() throws IOException {
        BfclCategory cat = BfclCli.category(category);
        List<BfclEntry> entries = BfclCli.load(dataDir, cat);
        BfclRuntime runtime = new BfclRuntime(dataDir);
        writeOutput(exec.out, w -> {
            for (BfclEntry e : entries) {
                w.write(line(e, runtime, exec.modelName));
                w.write('\n');
            }
        });
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
