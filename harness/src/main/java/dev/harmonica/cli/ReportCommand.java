package dev.harmonica.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code harmonica report}: Build CSV, Markdown, JUnit and HTML reports from a run journal. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Build CSV, Markdown, JUnit and HTML reports from a run journal.")
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("harmonica report: not implemented yet");
        return Main.FAILED;
    }
}
