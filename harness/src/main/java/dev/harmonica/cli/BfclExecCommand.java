package dev.harmonica.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.scenario.BadInputException;
import dev.harmonica.scenario.bfcl.BfclCategory;
import dev.harmonica.scenario.bfcl.BfclEntry;
import dev.harmonica.tools.bfcl.BfclExecutor;
import dev.harmonica.tools.bfcl.BfclRuntime;
import dev.harmonica.tools.bfcl.py.Py;
import dev.harmonica.tools.bfcl.py.PyException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code harmonica bfcl exec}: for each input line {@code {"id", "category", "entry_id", "prefix_calls": [...],
 * "call": "..."}} replays the prefix calls on fresh instances of that entry and writes {@code {"id", "result"}} with
 * the call's exact result string.
 */
@Command(name = "exec", mixinStandardHelpOptions = true,
        description = "Execute calls after prefix calls on fresh instances; JSON Lines in, JSON Lines out.")
public final class BfclExecCommand extends BfclSubcommand {
    @Option(names = "--in", paramLabel = "FILE", description = "Input JSON Lines (default: stdin).")
    Path in;

    @Mixin
    ExecOptions exec;

    @Override
    Integer run() throws IOException {
        String source = in == null ? "<stdin>" : in.toString();
        BfclCli.EntryIndex index = new BfclCli.EntryIndex(dataDir);
        BfclRuntime runtime = new BfclRuntime(dataDir);
        writeOutput(exec.out, w -> {
            try (BufferedReader r = in == null
                    ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                    : Files.newBufferedReader(in, StandardCharsets.UTF_8)) {
                forEachJsonLine(r, source, (req, where) -> {
                    String entryId = text(req, "entry_id", where);
                    if (req.hasNonNull("category")) {
                        BfclCategory declared = BfclCli.category(text(req, "category", where));
                        BfclCategory actual;
                        try {
                            actual = BfclCategory.ofId(entryId);
                        } catch (IllegalArgumentException e) {
                            throw new BadInputException(where + ": field 'entry_id': " + e.getMessage());
                        }
                        if (declared != actual) {
                            throw new BadInputException(where + ": field 'category' is " + declared.key()
                                    + " but entry_id '" + entryId + "' is in " + actual.key());
                        }
                    }
                    BfclEntry entry = index.get(entryId, where + ": field 'entry_id'");
                    List<String> prefix = new ArrayList<>();
                    JsonNode pc = req.path("prefix_calls");
                    if (!pc.isMissingNode() && !pc.isNull()) {
                        if (!pc.isArray()) throw new BadInputException(where + ": field 'prefix_calls' must be a list");
                        for (JsonNode c : pc) {
                            if (!c.isTextual()) {
                                throw new BadInputException(where + ": field 'prefix_calls' must hold call strings");
                            }
                            prefix.add(c.textValue());
                        }
                    }
                    String call = text(req, "call", where);
                    BfclExecutor ex = BfclExecutor.modelSide(entry, exec.modelName, runtime.factoryFor(entry));
                    ex.execute(prefix);
                    String result = ex.execute(call);
                    Object id = req.has("id") ? Py.fromJson(req.get("id")) : null;
                    try {
                        w.write(Py.jsonDumps(Py.dict("id", id, "result", result)));
                    } catch (PyException e) {
                        throw new IllegalStateException(e);
                    }
                    w.write('\n');
                    w.flush();
                });
            }
        });
        return Main.OK;
    }

    private static String text(JsonNode n, String key, String where) {
        JsonNode v = n.get(key);
        if (v == null || !v.isTextual()) throw new BadInputException(where + ": field '" + key + "' must be a string");
        return v.textValue();
    }
}
