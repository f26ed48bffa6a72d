package dev.harmonica.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code harmonica sim}: Serve the simulated gpt-oss endpoint over HTTP. */
@Command(name = "sim", mixinStandardHelpOptions = true, description = "Serve the simulated gpt-oss endpoint over HTTP.")
public final class SimCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("harmonica sim: not implemented yet");
        return Main.FAILED;
    }
}
