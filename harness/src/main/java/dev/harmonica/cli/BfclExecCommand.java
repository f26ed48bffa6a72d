package dev.harmonica.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harmonica.bfcl.BfclCategory;
import dev.harmonica.bfcl.BfclEntry;
import dev.harmonica.bfcl.BfclExecutor;
import dev.harmonica.bfcl.BfclRuntime;
import dev.harmonica.bfcl.py.Py;
import dev.harmonica.bfcl.py.PyException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code harmonica bfcl exec}: for each input line {@code {"id", "category", "entry_id", "prefix_calls": [...],
 * "call": "..."}} replays the prefix calls on fresh instances of that entry and writes {@code {"id", "result"}} with
 * the call's exact result string.
 */
@Command(name = "exec", mixinStandardHelpOptions = true,
        description = "Execute calls after prefix calls on fresh instances; JSON Lines in, JSON Lines out.")
public final class BfclExecCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--bfcl-data", required = true, paramLabel = "DIR", description = "BFCL data folder (v3 or v4).")
    Path dataDir;

    @Option(names = "--in", paramLabel = "FILE", description = "Input JSON Lines (default: stdin).")
    Path in;

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
        ObjectMapper json = new ObjectMapper();
        String source = in == null ? "<stdin>" : in.toString();
        BfclCli.EntryIndex index = new BfclCli.EntryIndex(dataDir);
        BfclRuntime runtime = new BfclRuntime(dataDir);
        Writer w = BfclCli.open(out, spec.commandLine().getOut());
        try (BufferedReader r = in == null
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(in, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) continue;
                String where = source + ":" + n;
                JsonNode req;
                try {
                    req = json.readTree(line);
                } catch (JsonProcessingException e) {
                    throw new BadInputException(where + ": not valid JSON (" + e.getOriginalMessage() + ")");
                }
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
                BfclExecutor ex = BfclExecutor.modelSide(entry, modelName, runtime.factoryFor(entry));
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
            }
        } finally {
            w.flush();
            if (out != null) w.close();
        }
        return Main.OK;
    }

    private static String text(JsonNode n, String key, String where) {
        JsonNode v = n.get(key);
        if (v == null || !v.isTextual()) throw new BadInputException(where + ": field '" + key + "' must be a string");
        return v.textValue();
    }
}
