package dev.harmonica.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code harmonica bench bfcl}: execute and check BFCL ground truth. */
@Command(name = "bfcl", mixinStandardHelpOptions = true, description = "Benchmark: execute and check BFCL ground truth.")
public final class BenchBfclCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("harmonica bench bfcl: not implemented yet");
        return Main.FAILED;
    }
}
