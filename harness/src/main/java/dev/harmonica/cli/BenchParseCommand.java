package dev.harmonica.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code harmonica bench parse}: strict and lenient parsing throughput on the harmony perf inputs. */
@Command(name = "parse", mixinStandardHelpOptions = true, description = "Benchmark: strict and lenient parsing throughput on the harmony perf inputs.")
public final class BenchParseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("harmonica bench parse: not implemented yet");
        return Main.FAILED;
    }
}
