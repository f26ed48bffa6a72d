package dev.harmonica.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code harmonica run}: Run scenario sets x renderer variants against an endpoint (default: the built-in simulator). */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run scenario sets x renderer variants against an endpoint (default: the built-in simulator).")
public final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("harmonica run: not implemented yet");
        return Main.FAILED;
    }
}
