package dev.harmonica.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code harmonica compare}: Compare two runs (paired tests) and gate on --fail-if rules. */
@Command(name = "compare", mixinStandardHelpOptions = true, description = "Compare two runs (paired tests) and gate on --fail-if rules.")
public final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("harmonica compare: not implemented yet");
        return Main.FAILED;
    }
}
