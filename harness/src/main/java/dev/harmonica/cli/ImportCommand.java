package dev.harmonica.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code harmonica import}: Import agent trajectories (SWE-agent, mini-swe-agent, OpenHands, OpenAI messages) as scenarios. */
@Command(name = "import", mixinStandardHelpOptions = true, description = "Import agent trajectories (SWE-agent, mini-swe-agent, OpenHands, OpenAI messages) as scenarios.")
public final class ImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("harmonica import: not implemented yet");
        return Main.FAILED;
    }
}
