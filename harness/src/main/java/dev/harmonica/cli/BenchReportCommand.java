package dev.harmonica.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code harmonica bench report}: report generation on a large synthetic journal. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Benchmark: report generation on a large synthetic journal.")
public final class BenchReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("harmonica bench report: not implemented yet");
        return Main.FAILED;
    }
}
