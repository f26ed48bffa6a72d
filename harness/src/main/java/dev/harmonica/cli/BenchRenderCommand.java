package dev.harmonica.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code harmonica bench render}: full and incremental rendering on the harmony perf inputs. */
@Command(name = "render", mixinStandardHelpOptions = true, description = "Benchmark: full and incremental rendering on the harmony perf inputs.")
public final class BenchRenderCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("harmonica bench render: not implemented yet");
        return Main.FAILED;
    }
}
