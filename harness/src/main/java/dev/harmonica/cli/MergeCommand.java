package dev.harmonica.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code harmonica merge}: Combine shard journals into one run. */
@Command(name = "merge", mixinStandardHelpOptions = true, description = "Combine shard journals into one run.")
public final class MergeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("harmonica merge: not implemented yet");
        return Main.FAILED;
    }
}
