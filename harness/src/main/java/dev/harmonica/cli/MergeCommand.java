package dev.harmonica.cli;

import dev.harmonica.run.JournalMerge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code harmonica merge}: Combine shard journals into one run. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Combine the run directories of shards (harmonica run --shard i/n) into one run directory.",
                "The runs must share one configuration (config_digest in run.json; the run id and shard may differ). "
                        + "Each scenario x variant is taken once, from the first directory where it is complete; "
                        + "incomplete scenarios are left out (resume that shard first).",
                "Every shard must be there: a missing one is refused (exit 2, naming it) unless --allow-partial; "
                        + "then run.json says \"partial\": true and lists \"missing_shards\"."})
public final class MergeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "shard run directories")
    List<Path> runDirs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "the merged run directory (must not hold a journal)")
    Path out;

    @Option(names = "--allow-partial", description = "merge even when shards are missing; run.json says \"partial\": true and lists them")
    boolean allowPartial;

    @Override
    public Integer call() {
        JournalMerge.Result r = JournalMerge.merge(runDirs, out, allowPartial);
        if (!r.missingShards().isEmpty()) {
            spec.commandLine().getErr().println("harmonica merge: partial merge: shard(s) " + String.join(", ", r.missingShards())
                    + " missing (run.json says \"partial\": true)");
        }
        spec.commandLine().getOut().printf("merged %d run directories into %s: %d scenario x variant(s), %d turns, %d duplicates dropped%n",
                runDirs.size(), Terminal.safeLine(r.outDir().toString()), r.scenarios(), r.turns(), r.duplicatesDropped());
        return Main.OK;
    }
}
