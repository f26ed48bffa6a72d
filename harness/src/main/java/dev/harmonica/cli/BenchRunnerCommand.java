package dev.harmonica.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code harmonica bench runner}: runner overhead per turn and concurrency efficiency against the simulator. */
@Command(name = "runner", mixinStandardHelpOptions = true, description = "Benchmark: runner overhead per turn and concurrency efficiency against the simulator.")
public final class BenchRunnerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("harmonica bench runner: not implemented yet");
        return Main.FAILED;
    }
}
